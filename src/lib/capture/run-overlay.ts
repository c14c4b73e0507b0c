// A captured run painted on the inspector's graph: per-value metrics mapped to the IR nodes that produced
// them, node timings by node name, backend divergences, and — per box of the current view — one metric's
// value, collapsed groups aggregating their nodes. Pure: runs in the inspector worker, tested in Node.
import type { GraphIR } from '../graph/graph-types.ts';
import { scopeAncestry, type ScopeTree } from '../graph/scope-tree.ts';
import { groupId, type VisibleGraph } from '../graph/visible-graph.ts';
import type { Backend } from '../runtime/backend.ts';
import type {
  BackendComparison,
  CapturedValueSummary,
  CaptureResult,
  NodeTiming,
  ValueDivergence,
} from './capture-types.ts';
import { fusedReport, mapFusedKernels, type FusedReport } from './fused-ops.ts';

export const OVERLAY_METRICS = [
  'mean-abs',
  'std',
  'zero-share',
  'nan-inf',
  'time',
  'divergence',
  'variant-error',
] as const;
export type OverlayMetric = (typeof OVERLAY_METRICS)[number];

export const OVERLAY_METRIC_LABELS: Readonly<Record<OverlayMetric, string>> = {
  'mean-abs': 'mean |x|',
  std: 'standard deviation',
  'zero-share': 'share of zeros',
  'nan-inf': 'NaN/Inf count',
  time: 'time per node (ms)',
  divergence: 'backend divergence (max abs diff)',
  'variant-error': 'variant error (noise ÷ signal; 0.1 = 20 dB SNR)',
};

/**
 * How a collapsed group combines its nodes: the worst node for value metrics, NaN/Inf and divergence
 * (a NaN propagates, so a sum would count it once per node it passes), the total for time.
 */
export const OVERLAY_AGGREGATION: Readonly<Record<OverlayMetric, 'max' | 'sum'>> = {
  'mean-abs': 'max',
  std: 'max',
  'zero-share': 'max',
  'nan-inf': 'max',
  time: 'sum',
  divergence: 'max',
  'variant-error': 'max',
};

/**
 * Divergences span decades (1e-7 … 1) and so do node times (a 0.01 ms Shape beside an 8 ms MatMul: on a
 * linear scale one slow node washes every other box out): a log scale shows them; the rest read linearly.
 */
export const OVERLAY_SCALE: Readonly<Record<OverlayMetric, 'linear' | 'log'>> = {
  'mean-abs': 'linear',
  std: 'linear',
  'zero-share': 'linear',
  'nan-inf': 'linear',
  time: 'log',
  divergence: 'log',
  'variant-error': 'log',
};

/** What the overlay needs of one captured value (no histogram: it stays on the page). */
export type OverlayValue = Pick<
  CapturedValueSummary,
  'name' | 'shape' | 'meanAbs' | 'std' | 'zeroShare' | 'nanCount' | 'infCount'
>;

export type OverlayDivergence = Pick<ValueDivergence, 'name' | 'producerIndex' | 'maxAbsDiff' | 'divergent'>;

/** A variant's error on one reference value (the precision ladder): noise RMS ÷ signal RMS, 10^(−SNR/20). */
export interface OverlayVariantError {
  name: string;
  producerIndex: number;
  error: number;
}

/** Everything the page sends to the inspector worker to paint a run. */
export interface RunOverlay {
  values: OverlayValue[];
  timings?: { backend: Backend; nodes: NodeTiming[] };
  divergences?: { values: OverlayDivergence[]; firstDivergent: string | null };
  /** A variant compared with this run's model: its error per value, and the first value past the threshold. */
  variantErrors?: { values: OverlayVariantError[]; firstPast: string | null };
}

/** The overlay of a capture, with the optional timings and comparison: summaries reduced to the metrics. */
export function runOverlayOf(
  capture: Pick<CaptureResult, 'values'>,
  extras: {
    timings?: RunOverlay['timings'];
    comparison?: BackendComparison | null;
    variantErrors?: RunOverlay['variantErrors'] | null;
  } = {},
): RunOverlay {
  const overlay: RunOverlay = {
    values: capture.values.map(({ name, shape, meanAbs, std, zeroShare, nanCount, infCount }) => ({
      name,
      shape,
      meanAbs,
      std,
      zeroShare,
      nanCount,
      infCount,
    })),
  };
  if (extras.timings) overlay.timings = extras.timings;
  if (extras.variantErrors) overlay.variantErrors = extras.variantErrors;
  if (extras.comparison) {
    overlay.divergences = {
      values: extras.comparison.values.map(({ name, producerIndex, maxAbsDiff, divergent }) => ({
        name,
        producerIndex,
        maxAbsDiff,
        divergent,
      })),
      firstDivergent: extras.comparison.firstDivergent?.name ?? null,
    };
  }
  return overlay;
}

type NodeMetrics = Partial<Record<OverlayMetric, number>>;

/** A run overlay indexed against one model's IR, kept in the worker while the overlay is attached. */
export interface IndexedOverlay {
  /** IR node id → its metrics (over all its outputs). */
  byNode: ReadonlyMap<string, NodeMetrics>;
  /** Value name → its metrics (graph outputs and inputs are boxes of their own). */
  byValue: ReadonlyMap<string, NodeMetrics>;
  /** Value name → the run's concrete shape. */
  shapes: ReadonlyMap<string, readonly number[]>;
  /** IR nodes that ran on a CPU fallback while the timed backend was WebGPU. */
  fallbackNodes: ReadonlySet<string>;
  /** IR node producing the first divergent value, in topological order. */
  firstDivergentNode: string | null;
  /** Metrics that have at least one value. */
  available: OverlayMetric[];
  /** Timings that could not be placed on the model (see `fused`), and values the IR does not have. */
  unmatched: { timings: number; values: number };
  /** ORT's fused kernels mapped back to the nodes they replaced; null without timings. */
  fused: FusedReport | null;
  /** IR nodes that ran inside a fused kernel whose time is on another node (its group's last). */
  fusedNodes: ReadonlySet<string>;
}

function combine(metrics: NodeMetrics, metric: OverlayMetric, value: number): void {
  if (!Number.isFinite(value)) return;
  const known = metrics[metric];
  if (known === undefined) metrics[metric] = value;
  else metrics[metric] = OVERLAY_AGGREGATION[metric] === 'sum' ? known + value : Math.max(known, value);
}

function valueMetrics(value: OverlayValue): NodeMetrics {
  const metrics: NodeMetrics = {};
  combine(metrics, 'mean-abs', value.meanAbs);
  combine(metrics, 'std', value.std);
  combine(metrics, 'zero-share', value.zeroShare);
  combine(metrics, 'nan-inf', value.nanCount + value.infCount);
  return metrics;
}

function mergeInto(target: NodeMetrics, source: NodeMetrics): void {
  for (const metric of OVERLAY_METRICS) {
    const value = source[metric];
    // Outputs of one node: NaN/Inf counts of its outputs add up (they are different tensors).
    if (value === undefined) continue;
    if (metric === 'nan-inf' && target[metric] !== undefined) target[metric] = (target[metric] ?? 0) + value;
    else combine(target, metric, value);
  }
}

/** A node that ONNX Runtime ran on its CPU provider while the session's backend was WebGPU. */
export function ranOnCpuFallback(timing: Pick<NodeTiming, 'provider'>, backend: Backend): boolean {
  return backend === 'webgpu' && /cpu/i.test(timing.provider);
}

/** Maps a run's values, timings and divergences onto the IR's nodes. Values the IR lacks are counted. */
export function indexRunOverlay(ir: GraphIR, overlay: RunOverlay): IndexedOverlay {
  const byNode = new Map<string, NodeMetrics>();
  const byValue = new Map<string, NodeMetrics>();
  const shapes = new Map<string, readonly number[]>();
  const fallbackNodes = new Set<string>();
  const unmatched = { timings: 0, values: 0 };
  const nodeMetrics = (id: string): NodeMetrics => {
    let metrics = byNode.get(id);
    if (!metrics) byNode.set(id, (metrics = {}));
    return metrics;
  };
  const valueEntry = (name: string): NodeMetrics => {
    let metrics = byValue.get(name);
    if (!metrics) byValue.set(name, (metrics = {}));
    return metrics;
  };

  for (const value of overlay.values) {
    const irValue = ir.values.get(value.name);
    if (!irValue) {
      unmatched.values++;
      continue;
    }
    shapes.set(value.name, value.shape);
    const metrics = valueMetrics(value);
    mergeInto(valueEntry(value.name), metrics);
    if (irValue.producer !== undefined) mergeInto(nodeMetrics(irValue.producer), metrics);
  }

  let firstDivergentNode: string | null = null;
  if (overlay.divergences) {
    for (const divergence of overlay.divergences.values) {
      const producer =
        ir.values.get(divergence.name)?.producer ?? ir.nodes[divergence.producerIndex]?.id ?? undefined;
      combine(valueEntry(divergence.name), 'divergence', divergence.maxAbsDiff);
      if (producer !== undefined) combine(nodeMetrics(producer), 'divergence', divergence.maxAbsDiff);
      if (divergence.name === overlay.divergences.firstDivergent) firstDivergentNode = producer ?? null;
    }
  }

  if (overlay.variantErrors) {
    for (const variantError of overlay.variantErrors.values) {
      const producer =
        ir.values.get(variantError.name)?.producer ?? ir.nodes[variantError.producerIndex]?.id ?? undefined;
      combine(valueEntry(variantError.name), 'variant-error', variantError.error);
      if (producer !== undefined) combine(nodeMetrics(producer), 'variant-error', variantError.error);
      // The marked box: the first divergent node of a backend comparison, else the variant's first past.
      if (!overlay.divergences && variantError.name === overlay.variantErrors.firstPast)
        firstDivergentNode = producer ?? null;
    }
  }

  let fused: FusedReport | null = null;
  const fusedNodes = new Set<string>();
  if (overlay.timings) {
    // Nodes that ran as themselves get their own time; a fused kernel's time goes to the last node of the
    // group it replaced (src/lib/capture/fused-ops.ts), once; what cannot be placed is counted.
    const { backend, nodes } = overlay.timings;
    const mapping = mapFusedKernels(ir, nodes, shapes);
    const timingOf = new Map(nodes.map((timing) => [timing.node, timing]));
    const addTime = (id: string, timing: NodeTiming | undefined, ms: number) => {
      const metrics = nodeMetrics(id);
      metrics.time = (metrics.time ?? 0) + (Number.isFinite(ms) ? ms : 0);
      if (timing && ranOnCpuFallback(timing, backend)) fallbackNodes.add(id);
    };
    for (const [name, id] of mapping.plain) addTime(id, timingOf.get(name), timingOf.get(name)?.ms ?? 0);
    for (const group of mapping.groups) {
      const sink = group.nodeIds.at(-1);
      if (sink !== undefined) addTime(sink, timingOf.get(group.kernel), group.ms);
      for (const id of group.nodeIds.slice(0, -1)) fusedNodes.add(id);
    }
    unmatched.timings = mapping.unmapped.length;
    fused = fusedReport(mapping, nodes);
  }

  const present = new Set<string>();
  for (const metrics of [byNode, byValue])
    for (const entry of metrics.values()) for (const key in entry) present.add(key);
  const available = OVERLAY_METRICS.filter((metric) => present.has(metric));
  return {
    byNode,
    byValue,
    shapes,
    fallbackNodes,
    firstDivergentNode,
    available,
    unmatched,
    fused,
    fusedNodes,
  };
}

/** One metric of the run on the boxes of one view. */
export interface OverlayPaint {
  metric: OverlayMetric;
  /** Visible node id → value; boxes without data are absent (drawn neutral). */
  values: Record<string, number>;
  /** Ends of the colour scale over the painted values; null when no box has data. */
  range: { min: number; max: number } | null;
  scale: 'linear' | 'log';
  /** The box holding the first divergent node, if the run was compared. */
  firstDivergentId: string | null;
  /** Boxes holding nodes that ran on a CPU fallback. */
  fallbackIds: string[];
  /**
   * Time only: boxes with no time of their own because ONNX Runtime ran their nodes inside a fused kernel
   * whose time is on another box (the group's last node). Absent when there are none.
   */
  fusedIds?: string[];
  /** Visible edge id → the run's concrete shape of the value it carries ("1×12×64"; "+2" for more). */
  edgeShapes: Record<string, string>;
}

/**
 * Which box of the view shows each IR node: itself, or the outermost collapsed scope around it; a folded
 * Constant (id → its consumers) is shown by the box of its first consumer.
 */
export function visibleOwners(
  ir: GraphIR,
  tree: ScopeTree,
  visible: Pick<VisibleGraph, 'nodes'>,
  folded: ReadonlyMap<string, readonly string[]> = new Map(),
): Map<string, string> {
  const shown = new Set(visible.nodes.map((node) => node.id));
  const ownerOfScope = new Map<string, string | undefined>();
  const owners = new Map<string, string>();
  for (const node of ir.nodes) {
    if (shown.has(node.id)) {
      owners.set(node.id, node.id);
      continue;
    }
    if (folded.has(node.id)) continue;
    const scope = tree.scopeOfNode.get(node.id) ?? '';
    if (!ownerOfScope.has(scope)) {
      const path = scopeAncestry(scope).find((candidate) => shown.has(groupId(candidate)));
      ownerOfScope.set(scope, path === undefined ? undefined : groupId(path));
    }
    const owner = ownerOfScope.get(scope);
    if (owner !== undefined) owners.set(node.id, owner);
  }
  for (const [constant, consumers] of folded) {
    const owner = consumers.map((consumer) => owners.get(consumer)).find((id) => id !== undefined);
    if (owner !== undefined) owners.set(constant, owner);
  }
  return owners;
}

/** "1×12×64"; "scalar" for []. */
export function formatConcreteShape(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('×');
}

export function paintOverlay(
  ir: GraphIR,
  tree: ScopeTree,
  visible: VisibleGraph,
  indexed: IndexedOverlay,
  metric: OverlayMetric,
  /** Constants folded into their consumers: they colour no box (the run does not compute them). */
  folded: ReadonlyMap<string, readonly string[]> = new Map(),
  /** visibleOwners of this view, when the caller keeps them between metric switches. */
  owners: ReadonlyMap<string, string> = visibleOwners(ir, tree, visible, folded),
): OverlayPaint {
  const aggregated = new Map<string, NodeMetrics>();
  const add = (id: string, value: number | undefined) => {
    if (value === undefined) return;
    let metrics = aggregated.get(id);
    if (!metrics) aggregated.set(id, (metrics = {}));
    combine(metrics, metric, value);
  };
  for (const [nodeId, metrics] of indexed.byNode) {
    if (folded.has(nodeId)) continue;
    const owner = owners.get(nodeId);
    if (owner !== undefined) add(owner, metrics[metric]);
  }
  for (const node of visible.nodes) {
    if (node.kind === 'input' || node.kind === 'output')
      add(node.id, indexed.byValue.get(node.label)?.[metric]);
  }

  const values: Record<string, number> = {};
  let range: OverlayPaint['range'] = null;
  for (const [id, metrics] of aggregated) {
    const value = metrics[metric];
    if (value === undefined) continue;
    values[id] = value;
    range = range
      ? { min: Math.min(range.min, value), max: Math.max(range.max, value) }
      : { min: value, max: value };
  }
  if (metric === 'zero-share' && range) range = { min: 0, max: 1 };
  // A log scale starts at the smallest positive value: a 0 ms node would put it at 1e-12 and crowd every
  // real time into the top steps. Zeros then sit on the first step.
  if (OVERLAY_SCALE[metric] === 'log' && range && range.min <= 0) {
    const positive = Object.values(values).filter((value) => value > 0);
    if (positive.length > 0) range = { min: Math.min(...positive), max: range.max };
  }

  const ownerOf = (nodeId: string | null) => (nodeId === null ? null : (owners.get(nodeId) ?? null));
  const fallbackIds = [...new Set([...indexed.fallbackNodes].map(ownerOf).filter((id) => id !== null))];
  const fusedIds =
    metric === 'time'
      ? [...new Set([...indexed.fusedNodes].map(ownerOf))].filter(
          (id): id is string => id !== null && values[id] === undefined,
        )
      : [];

  const edgeShapes: Record<string, string> = {};
  for (const edge of visible.edges) {
    const first = edge.values[0];
    const shape = first === undefined ? undefined : indexed.shapes.get(first);
    if (shape === undefined) continue;
    const more = edge.values.length > 1 ? ` +${edge.values.length - 1}` : '';
    edgeShapes[edge.id] = `${formatConcreteShape(shape)}${more}`;
  }

  return {
    metric,
    values,
    range,
    scale: OVERLAY_SCALE[metric],
    firstDivergentId: ownerOf(indexed.firstDivergentNode),
    fallbackIds,
    ...(fusedIds.length > 0 ? { fusedIds } : {}),
    edgeShapes,
  };
}

/** Steps of the colour scale: few enough that the far-zoomed overview stays a handful of paths. */
export const OVERLAY_STEPS = 9;

/** The step (0 … OVERLAY_STEPS − 1) of a value on the paint's scale; the log scale floors at 1e-12. */
export function overlayStep(
  value: number,
  range: { min: number; max: number },
  scale: 'linear' | 'log',
): number {
  const map = scale === 'log' ? (x: number) => Math.log10(Math.max(x, 1e-12)) : (x: number) => x;
  const low = map(range.min);
  const high = map(range.max);
  if (!(high > low)) return value > range.min ? OVERLAY_STEPS - 1 : 0;
  const t = (map(value) - low) / (high - low);
  return Math.min(OVERLAY_STEPS - 1, Math.max(0, Math.floor(t * OVERLAY_STEPS)));
}
