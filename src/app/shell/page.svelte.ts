// The page's own state: which tab is shown (each view mounted and started the first time it is shown),
// the link it was opened with (replayed once), and the share link that always describes what is on
// screen. App.svelte is the markup over this.
import { SvelteSet } from 'svelte/reactivity';
import { MODEL_CATALOG } from '../../lib/catalog/model-catalog.ts';
import type { ModelTaskKind } from '../../lib/sources/model-location.ts';
import type { DecodedShareState, ShareView } from '../../lib/sources/share-state.ts';
import { isTaskView, readsLinkField, viewOfTask, type TaskView } from '../../lib/tasks/registry.ts';
import { applyLink } from './link-replay.ts';
import { createControllers, type Controllers } from './page-controllers.ts';
import { linkFor, readLink, type ViewState } from './page-link.ts';
import { withTask, type ShownModel } from '../workbench/shown-model.ts';
import { taskViews, type TaskViewHooks } from './task-views.ts';
import * as mapPixels from '../dense/map-pixels.ts';

export type Tab = ShareView;

export interface TabEntry {
  id: Tab;
  label: string;
  /**
   * Shown from the start: the views with an embedded model (they work offline, with no hub) and the
   * tools. A view whose models come only from the hub gets its tab once a model of its task is opened or a
   * link names it, so a first visit sees the tasks it can try at once, not a bar of thirteen.
   */
  always: boolean;
}

/** The tabs, grouped: opening a model, the text tasks, generation, the vision tasks, then the tools. */
export const TABS: readonly TabEntry[] = [
  { id: 'models', label: 'Open a model', always: true },
  { id: 'text', label: 'Classify text', always: true },
  { id: 'fill-mask', label: 'Fill the blank', always: true },
  { id: 'entities', label: 'Find entities', always: false },
  { id: 'answer', label: 'Answer a question', always: false },
  { id: 'zero-shot', label: 'Zero-shot', always: false },
  { id: 'embeddings', label: 'Embeddings', always: true },
  { id: 'generate', label: 'Generate text', always: true },
  { id: 'detection', label: 'Detect objects', always: true },
  { id: 'classify', label: 'Classify images', always: true },
  { id: 'segment', label: 'Segment images', always: true },
  { id: 'depth', label: 'Estimate depth', always: true },
  { id: 'tensors', label: 'Tensors', always: true },
  { id: 'inspect', label: 'Inspect model', always: true },
  { id: 'bench', label: 'Benchmark', always: true },
];

/** Waiting for the first model before saving the offline copy, at most this long (ms). */
const OFFLINE_SAVE_WAIT_MS = 30_000;

export class Page {
  readonly controllers: Controllers;
  /** Each task view's start, open and link (task-views.ts). */
  private readonly views: Record<TaskView, TaskViewHooks>;
  /** The link the page was opened with: its state and the sentences saying what of it was ignored. */
  readonly link: DecodedShareState;
  tab = $state<Tab>('text');
  /** Presenter mode: large type, high contrast, the lesson beside the view (app.css [data-presenter]). */
  presenting = $state(false);
  /**
   * The views on the page: each is mounted (and its code loaded, LazyView) the first time it is shown,
   * then kept, so the page's first load evaluates and builds only the view on screen.
   */
  readonly mounted = new SvelteSet<Tab>();
  /** A synthetic model open in the inspector, so the page's link names it there too. */
  private inspectedSynthetic = $state.raw<ShownModel | null>(null);
  /** Views whose first model was asked for (each loads its default model the first time it is shown). */
  private readonly started = new SvelteSet<Tab>();
  /** When the user last picked a tab themselves (performance.now()). */
  private pickedTabAt = -Infinity;
  private readonly params: URLSearchParams;
  private firstModelSettled: () => void = () => {};
  /** The text view's model is ready or has failed, or 30 s passed: the offline copy may be saved. */
  private readonly firstModel = new Promise<void>((resolve) => {
    this.firstModelSettled = resolve;
    setTimeout(resolve, OFFLINE_SAVE_WAIT_MS);
  });

  constructor(private readonly address: Location = location) {
    this.params = new URLSearchParams(address.search);
    this.link = readLink(address.search, address.origin);
    this.tab = TABS.find((entry) => entry.id === this.link.state.view)?.id ?? 'text';
    this.presenting = this.link.state.present ?? false;
    this.controllers = createControllers({
      pickTab: (tab) => this.pickTab(tab),
      showInspector: () => this.showInspector(),
      showModel: (model, task, startedAt) => this.showModel(model, task, startedAt),
      inspectShown: (model) => this.inspectShown(model),
    });
    this.views = taskViews(this.controllers);
    $effect.pre(() => {
      this.mounted.add(this.tab);
    });
    // The design tokens switch to the presenter's scale and contrast set for the whole page.
    $effect(() => {
      document.documentElement.toggleAttribute('data-presenter', this.presenting);
    });
    // The address bar always holds the link to what is on screen, so copying it shares the view.
    $effect(() => {
      const url = this.shareLink.url;
      if (url !== this.address.href) history.replaceState(history.state, '', url);
    });
    // The offline copy (tens of MB, docs/offline.md) is saved once the text view's model is ready or has
    // failed (it loads at once on a first visit), or after 30 s when another view was opened by a link.
    $effect(() => {
      const kind = this.controllers.text?.slot.status.kind;
      if (kind === undefined || kind === 'ready' || kind === 'failed') this.firstModelSettled();
    });
  }

  /** The tabs in the bar: every always-shown one, and those of views a model or a link has opened. */
  readonly tabs = $derived(
    TABS.filter((entry) => entry.always || entry.id === this.tab || this.started.has(entry.id)),
  );

  /** Starts what the page does once mounted: the offline copy, the link's replay, the test hook. */
  start(): void {
    void this.controllers.offline.start(this.firstModel);
    void applyLink(this, this.link.state, this.params.get('lesson'));
    // Lets end-to-end tests reach the controllers (e.g. to crash the worker on purpose), and the image-task
    // benchmark the dense views' map colouring (scripts/measure-image-task-overhead.ts).
    (window as unknown as { glassbox?: unknown }).glassbox = { ...this.controllers, mapPixels };
  }

  pickTab(next: Tab): void {
    this.pickedTabAt = performance.now();
    this.show(next);
  }

  /** Each view loads its model the first time it is shown, so opening the page costs one model. */
  show(next: Tab): void {
    this.tab = next;
    if (this.started.has(next)) return;
    this.started.add(next);
    if (isTaskView(next)) this.views[next].start();
    else if (next === 'bench') void this.controllers.bench.start();
    else if (next === 'inspect') void this.openFirstInspection();
  }

  /** The inspector without its default model: the caller opens the one it needs. */
  showInspector(): void {
    this.started.add('inspect');
    this.tab = 'inspect';
  }

  /** Opens a model (a synthetic one) in the inspector and shows it; false when it failed. */
  async inspectShown(model: ShownModel): Promise<boolean> {
    this.showInspector();
    this.inspectedSynthetic = model.shared?.kind === 'synthetic' ? model : null;
    return this.controllers.inspector.openShown(model);
  }

  /**
   * An opened model goes to the view of its task; that view skips loading its default model. The page
   * moves to that view unless the user went to another tab while the model downloaded: they chose where
   * to be, and the status panel says where the model is.
   */
  async showModel(model: ShownModel, task: ModelTaskKind, startedAt: number): Promise<void> {
    const view = viewOfTask(task);
    this.started.add(view);
    if (this.pickedTabAt <= startedAt) this.tab = view;
    await this.views[view].open(withTask(model, task));
  }

  /** The inspector starts on ?model=<id>, or the first embedded model. */
  private openFirstInspection(): Promise<void> {
    const id = this.params.get('model');
    const entry = MODEL_CATALOG.find((model) => model.id === id) ?? MODEL_CATALOG[0];
    return entry ? this.controllers.inspector.openEmbedded(entry) : Promise.resolve();
  }

  /** What is on screen, as a link describes it. */
  readonly current = $derived.by((): ViewState => ({ ...this.describe(), present: this.presenting }));

  readonly shareLink = $derived.by(() => linkFor(this.current, this.address.href));

  /**
   * The letterboxed image a captured detection run was fed, for channel maps drawn over it; null for
   * other runs (and when the detection view has run on another image since).
   */
  readonly capturedImage = $derived.by((): ImageData | null => {
    const { runCapture, detection, classify } = this.controllers;
    const input = runCapture.capture?.input;
    if (input?.kind !== 'image') return null;
    // The image views' inputs as the model saw them; the one of the captured run's size is drawn under.
    const previews = [
      detection.runStatus.kind === 'done' ? detection.runStatus.run.preview : null,
      classify.run?.input,
      this.controllers.segment.run?.input,
      this.controllers.depth.run?.input,
    ];
    const preview = previews.find(
      (image) => image && image.width === input.inputWidth && image.height === input.inputHeight,
    );
    if (!preview) return null;
    return new ImageData(new Uint8ClampedArray(preview.data), preview.width, preview.height);
  });

  private describe(): ViewState {
    const { inspector, runCapture, bench } = this.controllers;
    const view = this.tab;
    const none = { view, model: null, backend: null, text: null, sample: null };
    if (isTaskView(view)) return { ...none, ...this.views[view].link() };
    const attached = runCapture.attachedTarget;
    if (view === 'inspect' && attached) {
      const ran = this.views[viewOfTask(attached.task)].link();
      return {
        view,
        model: attached.model,
        backend: attached.backend,
        // What the run's own view shares, of the fields its task's links read.
        text: readsLinkField(attached.task, 'text') ? (ran.text ?? null) : null,
        question: readsLinkField(attached.task, 'question') ? (ran.question ?? null) : null,
        pair: null,
        sample: readsLinkField(attached.task, 'sample') ? (ran.sample ?? null) : null,
        overlay: inspector.view?.overlay ? inspector.overlayMetric : null,
        node: inspector.selectedName,
      };
    }
    const synthetic = this.inspectedSynthetic;
    if (view === 'inspect' && synthetic && inspector.openedKey === synthetic.location.key) {
      return { ...none, model: synthetic };
    }
    if (view === 'bench' && bench.synthetic) {
      return { ...none, shared: { kind: 'synthetic', id: bench.synthetic.id } };
    }
    return none;
  }
}
