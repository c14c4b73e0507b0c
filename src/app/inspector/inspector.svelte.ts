// State and actions of the architecture inspector: which model is open (embedded or the user's file),
// the current graph view and expansion, selection and node details, lazy tensor statistics, search,
// keyboard moves along edges, and the measured open timings; search (inspector-search.svelte.ts) and exports
// (graph-export.svelte.ts) are its parts. All work runs in the worker.
import { catalogEntry, HUB_FILES, hubFileUrl, type CatalogEntry } from '../../lib/catalog/model-catalog.ts';
import type { OverlayMetric, RunOverlay } from '../../lib/capture/run-overlay.ts';
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { ModelLocation } from '../../lib/sources/model-location.ts';
import { collapseScope, expandScope, groupId } from '../../lib/graph/visible-graph.ts';
import type {
  GraphView,
  InspectorProgress,
  InspectorSource,
  NodeDetails,
  OpenedModel,
  OpenTimings,
  OverlayState,
  SearchHit,
  TensorDetails,
  ViewNode,
} from '../../contracts/inspector.ts';
export type { MoveDirection } from './inspector-navigation.ts';
import { InspectorClient } from './inspector-client.ts';
import { GraphExport } from './graph-export.svelte.ts';
import { afterNextPaint, sumOf, weightsToSummarise, withOverlay } from './inspector-rules.ts';
import { InspectorSearch } from './inspector-search.svelte.ts';
import {
  neighbourMap,
  nextNode,
  type MoveDirection,
  type Neighbours,
  type Step,
} from './inspector-navigation.ts';
import { InspectorViewport } from './inspector-viewport.svelte.ts';
import { ModelDiffView } from './model-diff.svelte.ts';
import type { ShownModel } from '../workbench/shown-model.ts';
import { WorkerClient } from '../workbench/worker-client.ts';

export type InspectorStatus =
  | { kind: 'idle' }
  | { kind: 'opening'; name: string; progress: InspectorProgress | null }
  | { kind: 'ready'; model: OpenedModel }
  | { kind: 'failed'; name: string; error: ErrorData };

export type DetailsStatus =
  | { kind: 'none' }
  | { kind: 'loading'; nodeId: string }
  | { kind: 'ready'; details: NodeDetails }
  | { kind: 'failed'; nodeId: string; error: ErrorData };

export type TensorStatus =
  { kind: 'loading' } | { kind: 'ready'; details: TensorDetails } | { kind: 'failed'; error: ErrorData };

/** The worker's stages plus what the page measured: open() started → the first view painted. */
export interface PageTimings extends OpenTimings {
  /** Beyond the worker's stages: messages, DOM update and the first paint. */
  renderMs: number;
  totalMs: number;
}

export { AUTO_STATS_ELEMENTS } from './inspector-rules.ts';

export class Inspector {
  status = $state.raw<InspectorStatus>({ kind: 'idle' });
  /** The catalog id or file name of what is open (or opening). */
  sourceLabel = $state<string | null>(null);
  view = $state.raw<GraphView | null>(null);
  viewPending = $state(false);
  viewError = $state.raw<ErrorData | null>(null);
  selectedId = $state<string | null>(null);
  details = $state.raw<DetailsStatus>({ kind: 'none' });
  tensors = $state.raw<ReadonlyMap<string, TensorStatus>>(new Map());
  timings = $state.raw<PageTimings | null>(null);
  /** The metric the attached run paints on the graph (the paint itself travels in view.overlay). */
  overlayMetric = $state<OverlayMetric>('mean-abs');
  /** Which metrics the attached run has, and what of it did not match this model; null when none. */
  overlayState = $state.raw<Omit<OverlayState, 'paint'> | null>(null);
  /** Constants drawn as boxes; by default they are folded into the nodes that read them, as Netron does. */
  constantsShown = $state(false);
  /** The last open that failed while another model stayed open: shown above that model's graph. */
  openFailure = $state.raw<{ name: string; error: ErrorData } | null>(null);
  /** A sentence about the last reveal, e.g. that the named Constant is folded into the selected node. */
  revealNote = $state<string | null>(null);
  /** ModelLocation key of what is open, when it was opened as a shown model (a playground's model). */
  openedKey = $state<string | null>(null);
  readonly viewport = new InspectorViewport();
  readonly client: InspectorClient;
  readonly search: InspectorSearch;
  readonly exports: GraphExport;
  /** Compare with another model… (a part, like search); where the open model came from (hub: by id). */
  readonly diff: ModelDiffView;
  openedOrigin = $state<'embedded' | 'hub' | 'url' | 'local' | 'file' | null>(null);
  private openToken = 0;
  private viewToken = 0;
  private paintToken = 0;
  private detailsToken = 0;
  private neighbourCache: { view: GraphView; byId: Map<string, Neighbours> } | null = null;
  /** The last up/down step, so left/right can switch between its alternatives. */
  private lastStep: Step | null = null;

  constructor() {
    this.client = new InspectorClient((error) => {
      this.status = { kind: 'failed', name: this.sourceLabel ?? 'the model', error: toErrorData(error) };
      this.view = null;
    });
    this.search = new InspectorSearch(this.client, () => ({
      model: this.model,
      constantsShown: this.constantsShown,
    }));
    this.exports = new GraphExport(this.client, () => ({ model: this.model, view: this.view }));
    this.diff = new ModelDiffView(this.client, () => ({
      model: this.model,
      view: this.view,
      revealByName: (name) => this.revealByName(name),
    }));
  }

  /**
   * Ends an open that takes too long (reading, decoding or laying out a huge model): the inspector's worker
   * is terminated, the open fails with load-stopped, and the next open starts a fresh worker.
   */
  stopOpening(): void {
    if (this.status.kind !== 'opening') return;
    this.client.stop(
      new GlassboxError({
        code: 'load-stopped',
        message: 'Opening was stopped.',
        remedy: 'Open it again, or open another model; the inspector starts a fresh worker.',
      }),
    );
  }

  get model(): OpenedModel | null {
    return this.status.kind === 'ready' ? this.status.model : null;
  }

  /** How a link names the selection: an op's node name or a block's scope path; null for anything else. */
  get selectedName(): string | null {
    const details = this.details.kind === 'ready' ? this.details.details : null;
    if (details?.kind === 'op') return details.name === '' ? null : details.name;
    if (details?.kind === 'group') return details.path;
    return null;
  }

  get selectedNode(): ViewNode | undefined {
    return this.view?.nodes.find((node) => node.id === this.selectedId);
  }

  openEmbedded(entry: CatalogEntry): Promise<void> {
    // The worker resolves relative URLs against its own script, so it gets an absolute one.
    const url = new URL(hubFileUrl(entry.folder, HUB_FILES.model), document.baseURI).href;
    this.openedOrigin = 'embedded';
    return this.open({ kind: 'url', url, name: `${entry.id}/${HUB_FILES.model}` }, entry.id);
  }

  /** A model opened from the hub, a URL or disk (its .onnx file; blob: URLs for local files). */
  openLocation(location: ModelLocation): Promise<void> {
    const url = location.files.model;
    this.openedOrigin = location.origin;
    return this.open({ kind: 'url', url, name: location.label, cached: location.cache }, location.label);
  }

  openFile(file: File): Promise<void> {
    this.openedOrigin = 'file';
    return this.open({ kind: 'file', file, name: file.name }, file.name);
  }

  /**
   * Opens the model a playground shows (embedded or from its location), unless it is open already.
   * True once it is open and laid out; false when opening failed (the status says why).
   */
  async openShown(model: ShownModel): Promise<boolean> {
    if (this.openedKey === model.location.key && this.model) return true;
    const entry = model.shared?.kind === 'catalog' ? catalogEntry(model.shared.id) : undefined;
    await (entry ? this.openEmbedded(entry) : this.openLocation(model.location));
    if (!this.model) return false;
    this.openedKey = model.location.key;
    return true;
  }

  /** Paints a captured run on the graph with `metric` (null detaches it). False if no model is open. */
  async attachRun(overlay: RunOverlay | null, metric: OverlayMetric): Promise<boolean> {
    const model = this.model;
    const view = this.view;
    if (!model || !view) return false;
    const token = ++this.paintToken;
    const state = await this.client.call((service) =>
      service.setRunOverlay(model.inspectedId, overlay, view.expanded, metric, view.constantsShown),
    );
    if (this.model?.inspectedId !== model.inspectedId) return false;
    this.overlayMetric = metric;
    this.overlayState = state
      ? { available: state.available, unmatched: state.unmatched, fused: state.fused }
      : null;
    if (token === this.paintToken && this.view) this.view = withOverlay(this.view, view, state?.paint);
    return true;
  }

  /** Recolours the graph by another metric of the attached run: the worker computes, the page paints. */
  async showMetric(metric: OverlayMetric): Promise<void> {
    const model = this.model;
    const view = this.view;
    this.overlayMetric = metric;
    if (!model || !view || !this.overlayState) return;
    const token = ++this.paintToken;
    const paint = await this.client.call((service) =>
      service.overlayPaint(model.inspectedId, view.expanded, metric, view.constantsShown),
    );
    if (token === this.paintToken && this.view && this.model?.inspectedId === model.inspectedId)
      this.view = withOverlay(this.view, view, paint ?? undefined);
  }

  /** Selects the node with exactly this name (or the scope with this path), opening what hides it. */
  async revealByName(name: string): Promise<boolean> {
    const model = this.model;
    if (!model) return false;
    const shown = this.constantsShown;
    const hit = await this.client.call((service) => service.findNode(model.inspectedId, name, shown));
    if (!hit || this.model?.inspectedId !== model.inspectedId) return false;
    await this.reveal(hit);
    return this.selectedId === hit.nodeId;
  }
  private async open(source: InspectorSource, label: string): Promise<void> {
    const token = ++this.openToken;
    const started = performance.now();
    // What is open now stays open in the worker until the new model is: a failure brings it back.
    const previous = this.status.kind === 'ready' ? this.snapshot() : null;
    this.openFailure = null;
    this.sourceLabel = label;
    this.openedKey = null;
    this.overlayState = null;
    this.constantsShown = false;
    this.revealNote = null;
    this.status = { kind: 'opening', name: source.name, progress: null };
    this.view = null;
    this.timings = null;
    this.viewError = null;
    this.clearSelection();
    this.search.clear();
    this.diff.close();
    // Progress comes through its own message port, so it can arrive after open() has settled: ignore it then.
    const onProgress = WorkerClient.callback((progress: InspectorProgress) => {
      if (token === this.openToken && this.status.kind === 'opening') {
        this.status = { kind: 'opening', name: source.name, progress };
      }
    });
    try {
      const model = await this.client.call((service) => service.open(source, onProgress));
      if (token !== this.openToken) return;
      this.status = { kind: 'ready', model };
      this.view = model.view;
      const start = model.view.nodes.find((node) => node.kind === 'input') ?? model.view.nodes[0];
      this.viewport.show(model.view.bounds, start);
      const painted = await afterNextPaint();
      if (token !== this.openToken) return;
      this.timings = {
        ...model.timings,
        renderMs: painted - started - sumOf(model.timings),
        totalMs: painted - started,
      };
    } catch (error) {
      if (token !== this.openToken) return;
      const failure = { name: source.name, error: toErrorData(error) };
      // A stopped or crashed worker took the previous model with it: only then is nothing left open.
      if (previous && this.client.started) {
        this.restore(previous);
        this.openFailure = failure;
      } else {
        this.status = { kind: 'failed', ...failure };
      }
    }
  }

  private snapshot() {
    return {
      status: this.status,
      view: this.view,
      sourceLabel: this.sourceLabel,
      openedKey: this.openedKey,
      overlayState: this.overlayState,
      constantsShown: this.constantsShown,
      timings: this.timings,
      selectedId: this.selectedId,
    };
  }

  private restore(previous: ReturnType<Inspector['snapshot']>): void {
    this.status = previous.status;
    this.view = previous.view;
    this.sourceLabel = previous.sourceLabel;
    this.openedKey = previous.openedKey;
    this.overlayState = previous.overlayState;
    this.constantsShown = previous.constantsShown;
    this.timings = previous.timings;
    if (previous.selectedId !== null) this.select(previous.selectedId);
  }

  /** Shows the graph with exactly these scopes expanded; afterwards centres on `focus` (a node or frame). */
  async setExpanded(
    expanded: Iterable<string>,
    focus?: { nodeId?: string; framePath?: string },
  ): Promise<boolean> {
    const model = this.model;
    if (!model) return false;
    const token = ++this.viewToken;
    this.viewPending = true;
    this.viewError = null;
    try {
      const metric = this.overlayState ? this.overlayMetric : null;
      const shown = this.constantsShown;
      const view = await this.client.call((service) =>
        service.view(model.inspectedId, [...expanded], metric, shown),
      );
      if (token !== this.viewToken || this.model?.inspectedId !== model.inspectedId) return false;
      this.view = view;
      // The metric changed while this view was laid out: paint the one now chosen.
      if (metric !== null && metric !== this.overlayMetric) void this.showMetric(this.overlayMetric);
      if (this.selectedId !== null && !view.nodes.some((node) => node.id === this.selectedId))
        this.clearSelection();
      const node = view.nodes.find((candidate) => candidate.id === focus?.nodeId);
      const frame = view.frames.find((candidate) => candidate.path === focus?.framePath);
      if (node) this.viewport.centreOn(node);
      else if (frame)
        this.viewport.centreOn({ ...frame, height: Math.min(frame.height, this.viewport.height) });
      return true;
    } catch (error) {
      if (token === this.viewToken) this.viewError = toErrorData(error);
      return false;
    } finally {
      if (token === this.viewToken) this.viewPending = false;
    }
  }

  /** Draws the Constants as boxes again (or folds them back into their consumers), keeping the expansion. */
  async showConstants(shown: boolean): Promise<void> {
    if (this.constantsShown === shown) return;
    this.constantsShown = shown;
    this.revealNote = null;
    const selected = this.selectedNode;
    await this.setExpanded(this.view?.expanded ?? [], selected ? { nodeId: selected.id } : undefined);
  }

  expand(path: string): Promise<boolean> {
    return this.setExpanded(expandScope(new Set(this.view?.expanded), path), { framePath: path });
  }

  async collapse(path: string): Promise<void> {
    const id = groupId(path);
    if (await this.setExpanded(collapseScope(new Set(this.view?.expanded), path), { nodeId: id })) {
      this.select(id);
    }
  }

  /** Click or Enter on a node: a group opens, anything else is selected. */
  activate(nodeId: string): void {
    const node = this.view?.nodes.find((candidate) => candidate.id === nodeId);
    if (node?.kind === 'group') void this.expand(node.scopePath);
    else this.select(nodeId);
  }

  /** Folds the innermost expanded scope around the selected node (Backspace). */
  collapseAroundSelection(): void {
    const node = this.selectedNode;
    const expanded = new Set(this.view?.expanded);
    if (!node) return;
    const segments = node.scopePath.split('/').filter(Boolean);
    // A group's own path is collapsed already; start from its parent.
    const from = node.kind === 'group' ? segments.length - 1 : segments.length;
    for (let length = from; length > 0; length--) {
      const path = `/${segments.slice(0, length).join('/')}`;
      if (expanded.has(path)) {
        void this.collapse(path);
        return;
      }
    }
  }

  select(nodeId: string | null, options: { centre?: boolean } = {}): void {
    const model = this.model;
    this.selectedId = nodeId;
    if (nodeId === null || !model) {
      this.details = { kind: 'none' };
      return;
    }
    const node = this.selectedNode;
    if (options.centre && node) this.viewport.centreOn(node);
    const token = ++this.detailsToken;
    this.details = { kind: 'loading', nodeId };
    this.client
      .call<NodeDetails>((service) => service.nodeDetails(model.inspectedId, nodeId))
      .then((details) => {
        if (token !== this.detailsToken) return;
        this.details = { kind: 'ready', details };
        for (const name of weightsToSummarise(details)) this.requestTensor(name);
      })
      .catch((error: unknown) => {
        if (token === this.detailsToken) this.details = { kind: 'failed', nodeId, error: toErrorData(error) };
      });
  }

  /** Computes an initializer's statistics in the worker, once per model. */
  requestTensor(name: string): void {
    const model = this.model;
    const known = this.tensors.get(name);
    if (!model || (known && known.kind !== 'failed')) return;
    const set = (status: TensorStatus) => {
      if (this.model?.inspectedId === model.inspectedId)
        this.tensors = new Map(this.tensors).set(name, status);
    };
    set({ kind: 'loading' });
    this.client
      .call<TensorDetails>((service) => service.tensorDetails(model.inspectedId, name))
      .then((details) => set({ kind: 'ready', details }))
      .catch((error: unknown) => set({ kind: 'failed', error: toErrorData(error) }));
  }

  /** Selects a search hit, expanding the scopes that hide it, and centres on it. */
  async reveal(hit: SearchHit): Promise<void> {
    this.revealNote = hit.folded ?? null;
    if (!this.view?.nodes.some((node) => node.id === hit.nodeId)) {
      const shown = await this.setExpanded(expandScope(new Set(this.view?.expanded), hit.scopePath), {
        nodeId: hit.nodeId,
      });
      if (!shown) return;
    }
    this.select(hit.nodeId, { centre: true });
  }

  /** Keyboard navigation: up/down follow edges to producers/consumers, left/right switch alternatives. */
  move(direction: MoveDirection): void {
    const view = this.view;
    if (!view || view.nodes.length === 0) return;
    const current = this.selectedNode;
    if (!current) {
      const start = view.nodes.find((node) => node.kind === 'input') ?? view.nodes[0];
      if (start) this.select(start.id, { centre: true });
      return;
    }
    if (this.neighbourCache?.view !== view) this.neighbourCache = { view, byId: neighbourMap(view) };
    const next = nextNode(view, this.neighbourCache.byId, current, direction, this.lastStep);
    if (!next) return;
    this.lastStep = next.step;
    this.select(next.id, { centre: true });
  }

  private clearSelection(): void {
    this.selectedId = null;
    this.details = { kind: 'none' };
    this.tensors = new Map();
    this.lastStep = null;
    this.detailsToken++;
  }
}
