// The architecture inspector's service: decode any ONNX file, analyse and lay out its graph, answer the
// node panel and search. Runs in its own worker (no ONNX Runtime: it must stay light and must work on
// models no runtime can run); the same class runs in-thread in Node tests.
import { GlassboxError } from '../../src/lib/errors.ts';
import { fetchFileBytes, type FetchLike } from '../../src/lib/loading/fetch-file.ts';
import { downloadFile } from '../../src/lib/loading/file-download.ts';
import { openModelCache } from '../../src/lib/loading/offline-save.ts';
import { decodeModel, OnnxDecodeError, type BytesOrigin, type OnnxModel } from '../../src/lib/onnx/index.ts';
import { buildVisibleGraph, expansionWithinBudget, type VisibleGraph } from '../../src/lib/graph/index.ts';
import {
  indexRunOverlay,
  paintOverlay,
  visibleOwners,
  type IndexedOverlay,
  type OverlayMetric,
  type OverlayPaint,
  type RunOverlay,
} from '../../src/lib/capture/run-overlay.ts';
import {
  countExternalTensors,
  inspectModel,
  modelFlopsShown,
  scopeOutline,
  type InspectedModel,
} from './inspected-model.ts';
import {
  findNamedNode,
  nodeDetails,
  redirectFolded,
  searchGraph,
  tensorDetails,
} from './inspector-details.ts';
import type {
  GraphView,
  InspectorProgress,
  InspectorSource,
  NodeDetails,
  OpenedModel,
  OverlayState,
  SearchHit,
  SearchResults,
  SummaryExport,
  TensorDetails,
} from '../../src/contracts/inspector.ts';
import { buildGraphView, hiddenNodes } from './inspector-view.ts';
import { checkDiffSize, diffAgainst, diffPaint } from './model-diff-calls.ts';
import type { ChangeKind, ModelDiff } from '../../src/lib/diff/diff-types.ts';

/** Visible nodes of the first view: enough to read the model's structure, few enough to read at all. */
export const FIRST_VIEW_BUDGET = 40;
/** A wrapper group holding most of the model may still be opened while the view stays under this. */
const WRAPPER_BUDGET = 100;
/** Views kept per model, so collapsing back to an earlier view needs no new layout. */
const VIEW_CACHE_SIZE = 8;
/** Byte progress is posted to the page at most this often: one message per 64 KB chunk slows reading. */
const PROGRESS_INTERVAL_MS = 100;

interface InspectorEnvironment {
  fetch: FetchLike;
  /** The Cache API, where hub and URL models are kept for offline use; null where there is none. */
  caches: CacheStorage | null;
}

/** The decoder's precise message and remedy, as the app's typed error; the decoder's code goes in detail. */
function decodeFailure(error: unknown, name: string): GlassboxError {
  if (error instanceof OnnxDecodeError) {
    const where = error.byteOffset === undefined ? '' : ` at byte ${error.byteOffset}`;
    return new GlassboxError({
      code: 'model-file-invalid',
      message: error.message,
      remedy: error.remedy,
      detail: `decoder: ${error.code}${where}${error.detail ? ` — ${error.detail}` : ''}`,
    });
  }
  return new GlassboxError({
    code: 'model-file-invalid',
    message: `${name} could not be decoded as an ONNX model.`,
    remedy: 'Choose an .onnx file (a serialized ONNX ModelProto).',
    detail: error instanceof Error ? error.message : String(error),
  });
}

/** Checks sent to the page with an opened model; the JSON export holds them all. */
export const MAX_SENT_ISSUES = 100;

export class InspectorService {
  private readonly env: InspectorEnvironment;
  private current: InspectedModel | null = null;
  private views = new Map<string, GraphView>();
  /** The run painted on the graph, indexed against the open model's IR; null when none is attached. */
  private overlay: IndexedOverlay | null = null;
  /** The visible graph of the last painted view, so switching the metric does not rebuild it. */
  private lastVisible: { key: string; visible: VisibleGraph; owners: Map<string, string> } | null = null;
  private nextModelId = 1;
  /** The last model diff's marks on the open model (IR node id → mark); null when none. */
  private diffMarks: { inspectedId: number; marks: Map<string, ChangeKind> } | null = null;

  constructor(environment: Partial<InspectorEnvironment> = {}) {
    this.env = {
      fetch: (url, init) => fetch(url, init),
      caches: (globalThis as { caches?: CacheStorage }).caches ?? null,
      ...environment,
    };
  }

  /**
   * Reads, decodes and analyses a model and lays out its first view. Replaces the model opened before only
   * once the new one is open: a file that fails leaves the open graph (and its run) as it was. The price is
   * that both models are in memory while the new one is read and decoded.
   */
  async open(
    source: InspectorSource,
    onProgress?: (progress: InspectorProgress) => void,
  ): Promise<OpenedModel> {
    const readStarted = performance.now();
    const bytes = await this.read(source, onProgress);
    const readMs = performance.now() - readStarted;

    onProgress?.({ stage: 'decoding' });
    const decodeStarted = performance.now();
    let model: OnnxModel;
    try {
      model = decodeModel(bytes, { fileName: source.name, origin: originOf(source) });
    } catch (error) {
      throw decodeFailure(error, source.name);
    }
    const decodeMs = performance.now() - decodeStarted;

    const analyseStarted = performance.now();
    const inspectedId = this.nextModelId++;
    const inspected = inspectModel(inspectedId, source.name, bytes, model);
    const analyseMs = performance.now() - analyseStarted;

    const expanded = firstExpansion(inspected);
    onProgress?.({ stage: 'laying-out', nodeCount: inspected.ir.nodes.length });
    const view = buildGraphView(inspected, expanded);
    this.current = inspected;
    this.views.clear();
    this.overlay = null;
    this.lastVisible = null;
    this.remember(view);

    return {
      inspectedId,
      name: source.name,
      summary: inspected.summary,
      issues: inspected.issues.slice(0, MAX_SENT_ISSUES),
      issueCount: inspected.issues.length,
      errorCount: inspected.issues.filter((issue) => issue.severity === 'error').length,
      repeatedBlocks: inspected.repeats,
      outline: scopeOutline(inspected),
      warnings: model.warnings,
      externalTensorCount: countExternalTensors(model),
      flops: modelFlopsShown(inspected),
      view,
      timings: { readMs, decodeMs, analyseMs, layoutMs: view.layoutMs },
    };
  }

  /**
   * The graph with exactly these scopes expanded, laid out (cached per expansion), its Constants folded into
   * their consumers unless constantsShown. With a metric and a run attached, the view carries that metric
   * painted on its boxes, so the page draws both at once.
   */
  view(
    inspectedId: number,
    expanded: string[],
    metric: OverlayMetric | null = null,
    constantsShown = false,
  ): GraphView {
    const inspected = this.model(inspectedId);
    const cached = this.views.get(viewKey(expanded, constantsShown));
    const view = cached ? { ...cached, layoutMs: 0 } : buildGraphView(inspected, expanded, constantsShown);
    if (!cached) this.remember(view);
    const overlay = metric === null ? null : this.overlayPaint(inspectedId, expanded, metric, constantsShown);
    return overlay ? { ...view, overlay } : view;
  }

  /**
   * Attaches a captured run (its values' metrics, optional node timings and divergences) to the open model,
   * or detaches it (null), and paints `metric` on the view with these scopes expanded.
   */
  setRunOverlay(
    inspectedId: number,
    overlay: RunOverlay | null,
    expanded: string[],
    metric: OverlayMetric,
    constantsShown = false,
  ): OverlayState | null {
    const inspected = this.model(inspectedId);
    this.overlay = overlay ? indexRunOverlay(inspected.ir, overlay) : null;
    if (!this.overlay) return null;
    const paint = this.overlayPaint(inspectedId, expanded, metric, constantsShown);
    if (!paint) return null;
    const { available, unmatched, fused } = this.overlay;
    return { available, unmatched, fused, paint };
  }

  /**
   * One metric of the attached run on the boxes of this view; null when no run is attached. Folded
   * Constants paint nothing (their values are not computed by the run); a mark on one goes to its consumer.
   */
  overlayPaint(
    inspectedId: number,
    expanded: string[],
    metric: OverlayMetric,
    constantsShown = false,
  ): OverlayPaint | null {
    const inspected = this.model(inspectedId);
    if (!this.overlay) return null;
    const key = viewKey(expanded, constantsShown);
    const folded = constantsShown ? new Map<string, readonly string[]>() : inspected.foldable;
    if (this.lastVisible?.key !== key) {
      const visible = buildVisibleGraph(inspected.ir, inspected.tree, new Set(expanded), {
        hidden: hiddenNodes(inspected, constantsShown),
      });
      const owners = visibleOwners(inspected.ir, inspected.tree, visible, folded);
      this.lastVisible = { key, visible, owners };
    }
    const { visible, owners } = this.lastVisible;
    return paintOverlay(inspected.ir, inspected.tree, visible, this.overlay, metric, folded, owners);
  }

  /**
   * Model diff: the open model against another one (read like an open, never replacing the open model).
   * Its marks stay here for diffPaint until the next diff or the next open.
   */
  async diffWith(
    inspectedId: number,
    other: InspectorSource,
    onProgress?: (progress: InspectorProgress) => void,
  ): Promise<ModelDiff> {
    const inspected = this.model(inspectedId);
    if (other.kind === 'file') checkDiffSize(other.file.size, other.name);
    const bytes = await this.read(other, onProgress);
    onProgress?.({ stage: 'decoding' });
    let result;
    try {
      result = diffAgainst(inspected, bytes, other.name);
    } catch (error) {
      throw error instanceof OnnxDecodeError ? decodeFailure(error, other.name) : error;
    }
    this.diffMarks = { inspectedId, marks: result.marks };
    return result.diff;
  }

  /** The last diff's marks on the boxes of this view; null when no diff of this model is held. */
  diffPaint(
    inspectedId: number,
    expanded: string[],
    constantsShown = false,
  ): Record<string, ChangeKind> | null {
    const inspected = this.model(inspectedId);
    if (this.diffMarks?.inspectedId !== inspectedId) return null;
    return diffPaint(inspected, this.diffMarks.marks, expanded, constantsShown);
  }

  /** Forgets the diff's marks (the page closed the comparison). */
  clearDiff(): void {
    this.diffMarks = null;
  }

  nodeDetails(inspectedId: number, nodeId: string): NodeDetails {
    return nodeDetails(this.model(inspectedId), nodeId);
  }

  /** Statistics, histogram and first values of an initializer: computed only when asked for. */
  tensorDetails(inspectedId: number, name: string): TensorDetails {
    return tensorDetails(this.model(inspectedId), name);
  }

  /**
   * The box for a node named exactly `name` (or, failing that, the scope with that path), with the scopes
   * to open to show it: how a shared link's node and the first divergent node are found. Null if none.
   */
  findNode(inspectedId: number, name: string, constantsShown = false): SearchHit | null {
    const inspected = this.model(inspectedId);
    const hit = findNamedNode(inspected, name);
    return hit && !constantsShown ? redirectFolded(inspected, hit) : hit;
  }

  /** Matches; with constants folded, a Constant's hit leads to the node it is folded into. */
  search(inspectedId: number, query: string, limit = 50, constantsShown = false): SearchResults {
    const inspected = this.model(inspectedId);
    const results = searchGraph(inspected, query, limit);
    if (constantsShown) return results;
    return { ...results, hits: results.hits.map((hit) => redirectFolded(inspected, hit)) };
  }

  /** The summary, checks and repeated blocks as pretty-printed JSON, for download. */
  summaryJson(inspectedId: number): string {
    const inspected = this.model(inspectedId);
    const exported: SummaryExport = {
      file: inspected.name,
      generatedBy: 'Glassbox architecture inspector',
      summary: inspected.summary,
      issues: inspected.issues,
      repeatedBlocks: inspected.repeats,
    };
    return JSON.stringify(exported, null, 2);
  }

  private async read(
    source: InspectorSource,
    onProgress?: (progress: InspectorProgress) => void,
  ): Promise<Uint8Array> {
    switch (source.kind) {
      case 'url': {
        let reportedAt = Number.NEGATIVE_INFINITY;
        const report = (loadedBytes: number, totalBytes: number | null): void => {
          const now = performance.now();
          if (now - reportedAt < PROGRESS_INTERVAL_MS && loadedBytes !== totalBytes) return;
          reportedAt = now;
          onProgress?.({ stage: 'reading', loadedBytes, totalBytes });
        };
        if (source.cached && this.env.caches) {
          // A model opened from the hub or a URL: offline it is only in the cache.
          const cache = await openModelCache(this.env.caches);
          const file = await downloadFile(source.url, { fetch: this.env.fetch, cache }, report);
          return file.bytes;
        }
        return fetchFileBytes(source.url, this.env.fetch, ({ loadedBytes, totalBytes }) =>
          report(loadedBytes, totalBytes),
        );
      }
      case 'bytes':
        return new Uint8Array(source.bytes);
      case 'file':
        onProgress?.({ stage: 'reading', loadedBytes: 0, totalBytes: source.file.size });
        // Read here, not on the page: the bytes exist once, in this worker.
        return new Uint8Array(await source.file.arrayBuffer());
    }
  }

  private model(inspectedId: number): InspectedModel {
    if (!this.current || this.current.inspectedId !== inspectedId) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: 'That model is no longer open in the inspector.',
        remedy: 'Open the model again.',
      });
    }
    return this.current;
  }

  private remember(view: GraphView): void {
    const key = viewKey(view.expanded, view.constantsShown);
    this.views.delete(key);
    this.views.set(key, view);
    for (const oldest of this.views.keys()) {
      if (this.views.size <= VIEW_CACHE_SIZE) break;
      this.views.delete(oldest);
    }
  }
}

/**
 * The scopes open in the first view: whole levels of the scope tree while they fit the budget, then any
 * group that still holds most of the model (a YOLO's /model next to its head ops), so the first view is
 * never one box hiding everything.
 */
function firstExpansion(inspected: InspectedModel): Set<string> {
  const { ir, tree } = inspected;
  const expanded = expansionWithinBudget(tree, FIRST_VIEW_BUDGET);
  const options = { hidden: inspected.foldableIds };
  let visible = buildVisibleGraph(ir, tree, expanded, options).nodes;
  for (;;) {
    const wrapper = visible
      .filter((node) => node.kind === 'group' && (node.nodeCount ?? 0) * 2 > ir.nodes.length)
      .map((node) => tree.byPath.get(node.detail))
      .find((scope) => scope !== undefined);
    if (!wrapper || visible.length - 1 + wrapper.children.length + wrapper.nodeIds.length > WRAPPER_BUDGET)
      break;
    expanded.add(wrapper.path);
    visible = buildVisibleGraph(ir, tree, expanded, options).nodes;
  }
  return expanded;
}

/** A file from disk (picked, dropped, or opened by a blob: URL) involved no web server. */
function originOf(source: InspectorSource): BytesOrigin {
  if (source.kind === 'file') return 'local-file';
  if (source.kind === 'url' && source.url.startsWith('blob:')) return 'local-file';
  return 'download';
}

function viewKey(expanded: readonly string[], constantsShown: boolean): string {
  return `${constantsShown ? 'constants' : 'folded'}\n${[...expanded].sort().join('\n')}`;
}
