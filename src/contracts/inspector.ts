// What crosses the inspector worker's boundary: plain data only (structured clone), drawn as is by the page.
// Display strings (labels) are already safe to show: control characters are made visible in the worker.
import type { OnnxDataType, TensorStats, TensorSummary } from '../lib/onnx/index.ts';
import type {
  GraphIssue,
  IRAttribute,
  IRDim,
  IRValueKind,
  ModelSummary,
  OpCategory,
  OpTypeCount,
  RepeatedBlockGroup,
  VisibleNodeKind,
} from '../lib/graph/index.ts';
import type { FusedReport } from '../lib/capture/fused-ops.ts';
import type { OverlayMetric, OverlayPaint } from '../lib/capture/run-overlay.ts';

/** Where the model comes from. Bytes are transferred, not copied; a File is read inside the worker. */
export type InspectorSource =
  /** cached: read from (and save to) the browser's model cache, as the inference worker does. */
  | { kind: 'url'; url: string; name: string; cached?: boolean }
  | { kind: 'bytes'; bytes: ArrayBuffer; name: string }
  | { kind: 'file'; file: Blob; name: string };

export type InspectorProgress =
  | { stage: 'reading'; loadedBytes: number; totalBytes: number | null }
  | { stage: 'decoding' }
  | { stage: 'laying-out'; nodeCount: number };

/** ms spent in the worker per stage of open(). */
export interface OpenTimings {
  readMs: number;
  decodeMs: number;
  /** Graph IR, scopes, summary, repeated blocks, validation. */
  analyseMs: number;
  /** Visible graph and layout of the first view. */
  layoutMs: number;
}

/** This block is member `index` (0-based) of `count` identical blocks; `group` numbers the repeat. */
export interface RepeatMark {
  group: number;
  index: number;
  count: number;
}

/** The scope hierarchy for the outline; single-node scopes are left out (they never form a group). */
export interface ScopeOutline {
  path: string;
  label: string;
  nodeCount: number;
  parameterCount: number;
  repeat?: RepeatMark;
  children: ScopeOutline[];
}

/** FLOPs of a node, a block or the model, as the inspector shows them (see src/lib/flops). */
export interface FlopsShown {
  flops: number;
  /** exact: MatMul/Gemm/Conv arithmetic; estimated: one per output element; movement: no arithmetic. */
  kind: 'exact' | 'estimated' | 'movement' | 'unknown' | 'sum';
  /** For sums: the part counted exactly, and nodes whose shapes stayed unknown (not in the sum). */
  exact?: number;
  unknownNodes?: number;
  /** The input shapes the count assumes (symbolic dims sized as the benchmark does). */
  inputShapes?: Record<string, number[]>;
}

export interface OpenedModel {
  inspectedId: number;
  /** File name as given by the user or the catalog. */
  name: string;
  summary: ModelSummary;
  /** The first MAX_SENT_ISSUES checks (a hostile graph can fail a million); issueCount counts them all. */
  issues: GraphIssue[];
  issueCount: number;
  errorCount: number;
  repeatedBlocks: RepeatedBlockGroup[];
  outline: ScopeOutline;
  /** Things that decoded but look wrong (from the decoder). */
  warnings: string[];
  /** Initializers whose values live in files next to the model, which the inspector cannot read. */
  externalTensorCount: number;
  /** FLOPs of one run at the assumed input shapes. */
  flops: FlopsShown;
  view: GraphView;
  timings: OpenTimings;
}

export interface ViewNode {
  /** IR node id, "group:<path>", "input:<name>" or "output:<name>". */
  id: string;
  kind: VisibleNodeKind;
  /** First line, clipped to the box. */
  title: string;
  /** Second line (weights of an op, size of a group, type of an input/output), clipped; '' if none. */
  subtitle: string;
  /** Full text for a tooltip. */
  tooltip: string;
  category?: OpCategory;
  /** Op: its innermost scope; group: its own path; '' at the top level. */
  scopePath: string;
  /** Ops: how many initializers (weights) the op reads. */
  weightCount: number;
  repeat?: RepeatMark;
  /** px, top-left corner and size. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  /** Polyline from border to border, px. */
  points: { x: number; y: number }[];
  /** The carried tensor's shape ("1×3×416×416"), "+2" when it carries more; null when unknown. */
  label: string | null;
  /** Full list of the carried values with shapes, for a tooltip. */
  tooltip: string;
}

/** A dashed box around the visible contents of an expanded scope; its header collapses it. */
export interface ScopeFrame {
  path: string;
  label: string;
  depth: number;
  /** Set when the scope is one of several identical blocks. */
  repeat?: RepeatMark;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphView {
  inspectedId: number;
  /** Expanded scope paths this view was built for, sorted. */
  expanded: string[];
  /** Constants drawn as boxes; when false, those that fold are shown among their consumers' inputs. */
  constantsShown: boolean;
  /** Constant nodes of the model that fold into their consumers (whether or not they are folded now). */
  foldableConstants: number;
  nodes: ViewNode[];
  edges: ViewEdge[];
  frames: ScopeFrame[];
  /** px: the drawing's extent (frames may reach beyond the layout's margin, so x and y can be < 0). */
  bounds: { x: number; y: number; width: number; height: number };
  engine: 'dagre' | 'simple-layered';
  /** Worker time for this view (visible graph + layout), 0 when it came from the cache. */
  layoutMs: number;
  /** The attached run's metric on this view's boxes, when one was asked for and a run is attached. */
  overlay?: OverlayPaint;
}

/** A run attached to the open model: which metrics it has, what did not match the model, the first paint. */
export interface OverlayState {
  available: OverlayMetric[];
  /** Node timings and values whose names the model does not have (another model's run, or renamed nodes). */
  unmatched: { timings: number; values: number };
  /** ORT's fused kernels mapped back to the graph's nodes (null when the run has no node times). */
  fused: FusedReport | null;
  paint: OverlayPaint;
}

export interface ValueDetails {
  /** Raw value name: the key for tensorDetails. */
  name: string;
  /** The name with control characters made visible. */
  label: string;
  dtype: OnnxDataType | 'unknown';
  /** undefined = rank unknown; strings are symbolic dims. */
  shape: IRDim[] | undefined;
  kind: IRValueKind;
  /** Initializers: size facts, known without reading the data. */
  tensor?: TensorSummary;
  /** The visible-graph id of the node producing it, if any. */
  producerId?: string;
  /** A Constant's output: its value in one line ("int64[1] = [-1]"). */
  constant?: string;
  /** That Constant folds into its consumers when constants are not shown as boxes. */
  foldable?: boolean;
  consumerCount: number;
}

export type NodeDetails =
  | {
      kind: 'op';
      id: string;
      name: string;
      opType: string;
      domain: string;
      category: OpCategory;
      docString: string;
      /** Innermost scope ('' = top level) and its ancestors, outermost first. */
      scopePath: string;
      scopeAncestry: string[];
      attributes: IRAttribute[];
      /** The first MAX_LISTED_VALUES inputs (a node may have a million); inputCount counts them all. */
      inputs: ValueDetails[];
      inputCount: number;
      outputs: ValueDetails[];
      outputCount: number;
      subgraphs: { attribute: string; nodeCount: number }[];
      flops: FlopsShown;
    }
  | {
      kind: 'group';
      id: string;
      path: string;
      label: string;
      scopeAncestry: string[];
      nodeCount: number;
      parameterCount: number;
      parameterBytes: number;
      opHistogram: OpTypeCount[];
      flops: FlopsShown;
      repeat?: RepeatMark & { memberPaths: string[] };
    }
  | { kind: 'input' | 'output'; id: string; value: ValueDetails };

export type TensorDetails =
  | { name: string; summary: TensorSummary; ok: true; stats: TensorStats }
  | { name: string; summary: TensorSummary; ok: false; reason: string };

export interface SearchHit {
  /** Visible-graph id of the node once its scope is expanded. */
  nodeId: string;
  title: string;
  /** Node name or the matching tensor, made visible. */
  detail: string;
  match: 'name' | 'op-type' | 'tensor';
  /** Scopes to expand so the node is shown. */
  scopePath: string;
  /** Set when the match is a Constant folded into the node hit instead: a sentence saying so. */
  folded?: string;
}

export interface SearchResults {
  query: string;
  hits: SearchHit[];
  /** All matches, of which `hits` are the first. */
  total: number;
}

/** A summary export: the model facts, checks and repeats, as written to the JSON file. */
export interface SummaryExport {
  file: string;
  generatedBy: string;
  summary: ModelSummary;
  issues: GraphIssue[];
  repeatedBlocks: RepeatedBlockGroup[];
}
