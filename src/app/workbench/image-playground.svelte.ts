// What every image view (detection, image classification, segmentation, depth) does the same way: the model
// and its backend, reloads, the image (file, drop, paste, sample or webcam; decoded and downscaled in the
// worker), and the last run. A view adds its own state around the run through the protected hooks.
import type { Remote } from 'comlink';
import type { CatalogEntry } from '../../lib/catalog/model-catalog.ts';
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { Loaded, LoadedInfo } from '../../contracts/inference.ts';
import type { InferenceApi as InferenceService } from '../../../workers/inference/inference.worker.ts';
import type { RunTarget } from '../inspector/run-capture.svelte.ts';
import { WebcamLoop } from './webcam-loop.svelte.ts';
import { InferenceClient, loadTask } from './inference-client.ts';
import { ModelSlot, type LoadModel } from './model-slot.svelte.ts';
import { isStoppedRun } from './run-watchdog.ts';
import { fetchSample, sampleFailure, samplesFor, type SampleImage } from './sample-image.ts';
import { shownCatalogModel, type ShownModel } from './shown-model.ts';
import { ThreadPlan } from './thread-plan.svelte.ts';
import type { ViewRuntime } from './view-runtime.svelte.ts';
import type { Workbench } from './workbench.svelte.ts';

export type ImageTaskId =
  'object-detection' | 'image-classification' | 'semantic-segmentation' | 'depth-estimation';

/** What differs between the image tasks: the task, its view's name, its models and the worker call. */
export interface ImageTask<Task extends ImageTaskId, Run> {
  task: Task;
  viewLabel: string;
  /** The models the view's picker offers; the first is shown at start. */
  models: readonly CatalogEntry[];
  /** What the view says when it has no model to load. */
  noModel: { message: string; remedy: string };
  /**
   * Whether opening a model while no image is open shows its first sample (segmentation and depth do;
   * detection and classification show theirs when the view first loads, or when a link asks).
   */
  firstSampleOnOpen: boolean;
  /** Runs the model; still is false for webcam frames (a view may skip what only a still image needs). */
  run(
    service: Remote<InferenceService>,
    modelKey: string,
    backend: Backend,
    source: Blob | ImageBitmap,
    still: boolean,
  ): Promise<Run>;
}

export interface ShownImage {
  name: string;
  url: string;
  /** Revoke on replace (blob: URLs of user files). */
  revoke: boolean;
}

export type ImageRunStatus<Run> =
  { kind: 'none' } | { kind: 'running' } | { kind: 'done'; run: Run } | { kind: 'failed'; error: ErrorData };

interface RunTimings {
  timings: { inferenceMs: number };
}

export class ImagePlayground<Task extends ImageTaskId, Run extends RunTimings> {
  /** Raw state: the location crosses to the worker by structured clone, which a proxy cannot. */
  model = $state.raw<ShownModel>();
  image = $state<ShownImage | null>(null);
  /** The sample shown, if the image is one (a link can name it; a user's file it cannot). */
  sample = $state<string | null>(null);
  /** Raw: a run is replaced, never changed in place, and parts of it go back to the worker. */
  runStatus = $state.raw<ImageRunStatus<Run>>({ kind: 'none' });
  /** Model runs so far (tests wait for it to grow; a view's re-filtering must not add to it). */
  inferenceCount = $state(0);
  readonly slot: ModelSlot<Loaded<LoadedInfo[Task]>>;
  readonly webcam: WebcamLoop;
  /** This view's own inference worker. */
  readonly runtime: ViewRuntime;
  /** The model's WASM thread count: chosen, measured, remembered, overridable. */
  readonly threads: ThreadPlan;
  readonly models: readonly CatalogEntry[];
  private lastSource: Blob | null = null;
  /** A sample is being fetched (openSample); the view's first sample then waits its turn. */
  private fetchingSample = false;
  /** A link's sample, named before its model opens: the model's first sample must not run before it. */
  private awaitedSample: string | null = null;

  constructor(
    private readonly workbench: Workbench,
    private readonly spec: ImageTask<Task, Run>,
  ) {
    this.models = spec.models;
    const first = this.models[0];
    this.model = first ? shownCatalogModel(first) : undefined;
    this.runtime = workbench.runtimeFor(spec.task);
    this.threads = new ThreadPlan(this.runtime, spec.task);
    this.slot = new ModelSlot(this.loaderFor(this.model));
    this.webcam = new WebcamLoop((frame) => this.runFrame(frame));
    // The worker crashed or was stopped: the run in flight has already failed; load the model again.
    this.runtime.onEnded(async () => {
      if (this.slot.status.kind === 'idle') return true; // the view was never shown: nothing to reload
      this.webcam.stop();
      await this.slot.load();
      return this.slot.status.kind === 'ready';
    });
  }

  /** The last run, for Look inside; null until the view has run the model. */
  get runTarget(): RunTarget | null {
    const loaded = this.slot.loaded;
    if (this.runStatus.kind !== 'done' || !loaded || !this.model) return null;
    return {
      task: this.spec.task,
      model: this.model,
      backend: loaded.backend,
      viewLabel: this.spec.viewLabel,
    };
  }

  get run(): Run | null {
    return this.runStatus.kind === 'done' ? this.runStatus.run : null;
  }

  /** The image file or sample last run on (not webcam frames): what an explanation re-runs. */
  get source(): Blob | null {
    return this.lastSource;
  }

  /** The samples that suit the shown model. */
  get samples(): readonly SampleImage[] {
    const shared = this.model?.shared;
    return samplesFor(shared?.kind === 'catalog' ? shared.id : null);
  }

  private loaderFor(model: ShownModel | undefined): LoadModel<Loaded<LoadedInfo[Task]>> {
    return (backend, onProgress) => {
      if (!model) return Promise.reject(new GlassboxError({ code: 'no-model-loaded', ...this.spec.noModel }));
      const location = model.location;
      return this.threads
        .prepare(location, backend, onProgress)
        .then(() =>
          this.runtime.load((service) => loadTask(service, this.spec.task, location, backend, onProgress)),
        );
    };
  }

  /**
   * Loads the model, then shows the first suitable sample with its result if no image is open yet: the
   * first result comes without a click. An image opened meanwhile (a link's sample) is run on instead.
   */
  async loadAndShowSample(): Promise<void> {
    if (!this.model) return;
    await this.slot.load();
    if (!this.slot.loaded || this.runStatus.kind !== 'none' || this.webcam.active) return;
    if (this.lastSource) await this.runBlob(this.lastSource);
    else await this.showFirstSample();
  }

  /**
   * The loaded model's first sample, when nothing is on screen yet: a link that names a model but no image
   * (?model=nanodet-coco&task=detection) shows a first result, as opening the view does.
   */
  async showFirstSample(): Promise<void> {
    if (!this.slot.loaded || this.image || this.runStatus.kind !== 'none' || this.webcam.active) return;
    // A sample being fetched (a lesson step's, a link's) is what the user asked for: the first sample
    // must not land after it and replace it.
    if (this.fetchingSample || this.awaitedSample !== null) return;
    const first = this.samples[0];
    if (first) await this.openSample(first.file);
  }

  /** A catalog model from the picker. */
  async selectModel(id: string): Promise<void> {
    const entry = this.models.find((candidate) => candidate.id === id);
    if (entry) await this.open(shownCatalogModel(entry));
  }

  /** Shows another model (catalog, hub, URL or local); the one before is released in the worker. */
  async open(model: ShownModel): Promise<void> {
    const previous = this.model;
    if (previous?.location.key === model.location.key) {
      // The view's own model, perhaps never loaded: a link or the Models tab named the default model
      // before the view was shown (and so before it loaded), or its last load failed. An image opened
      // meanwhile (a link's sample) is run on once it is ready.
      const kind = this.slot.status.kind;
      if (kind !== 'idle' && kind !== 'failed') return;
      await this.slot.load();
      if (this.slot.loaded && !this.webcam.active) await this.rerunOrFirstSample();
      return;
    }
    this.webcam.stop();
    this.model = model;
    this.runStatus = { kind: 'none' };
    if (previous) this.workbench.release(this.spec.task, previous.location.key);
    await this.slot.replaceLoader(this.loaderFor(model));
    this.modelReplaced();
    // A sample drawn for another model (shapes for NanoDet, photos for the shapes models) is swapped for one
    // this model knows; any other image is run on again so the two models can be compared.
    const sampleUnsuited = this.sample !== null && !this.samples.some((s) => s.file === this.sample);
    if (sampleUnsuited && this.samples[0]) await this.openSample(this.samples[0].file);
    else await this.rerunOrFirstSample();
  }

  private async rerunOrFirstSample(): Promise<void> {
    if (this.lastSource) await this.runBlob(this.lastSource);
    else if (this.spec.firstSampleOnOpen) await this.showFirstSample();
  }

  private show(name: string, url: string, revoke: boolean): void {
    if (this.image?.revoke) URL.revokeObjectURL(this.image.url);
    this.image = { name, url, revoke };
  }

  async openFile(file: File): Promise<void> {
    this.webcam.stop();
    this.sample = null;
    this.show(file.name, URL.createObjectURL(file), true);
    await this.runBlob(file);
  }

  /**
   * A link's sample: opened unless the view already shows that very sample's result. Opening the link's
   * model has shown its first sample, which is often the one the link names: that ran once, not twice.
   */
  async showSample(file: string): Promise<void> {
    this.awaitedSample = null;
    if (this.sample === file && this.image && this.runStatus.kind === 'done') return;
    await this.openSample(file);
  }

  /**
   * A link names this sample and its model, which is about to open: the open shows no first sample (it would
   * run once for nothing and flash a result the link did not ask for). Null withdraws it (the link failed).
   */
  awaitSample(file: string | null): void {
    this.awaitedSample = file;
  }

  async openSample(file: string): Promise<void> {
    this.webcam.stop();
    this.fetchingSample = true;
    try {
      const blob = await fetchSample(file).finally(() => (this.fetchingSample = false));
      this.show(file, URL.createObjectURL(blob), true);
      this.sample = file;
      await this.runBlob(blob);
    } catch (error) {
      this.runStatus = { kind: 'failed', error: sampleFailure(file, error) };
    }
  }

  /** Loads the model on backend, then runs again on the current image so the two can be compared. */
  async selectBackend(backend: Backend): Promise<void> {
    await this.slot.selectBackend(backend);
    if (this.lastSource && this.slot.loaded) await this.runBlob(this.lastSource);
  }

  /** Loads the model again (a thread count the user chose), then runs again on the current image. */
  async reload(): Promise<void> {
    await this.slot.load();
    if (this.lastSource && this.slot.loaded && !this.webcam.active) await this.runBlob(this.lastSource);
  }

  /** After a model replaced the one before (loaded or not): a view resets what belonged to the old one. */
  protected modelReplaced(): void {}

  /** After each still-image run, inside its error handling: a view's follow-up work on the same image. */
  protected async afterStillRun(): Promise<void> {}

  private async runBlob(blob: Blob): Promise<void> {
    this.lastSource = blob;
    const loaded = this.slot.loaded;
    if (!loaded) return;
    this.runStatus = { kind: 'running' };
    try {
      const run = await this.runtime.run((service) =>
        this.spec.run(service, loaded.info.modelKey, loaded.backend, blob, true),
      );
      this.inferenceCount++;
      this.runStatus = { kind: 'done', run };
      const location = this.model?.location;
      if (location) void this.threads.afterRun(location, loaded.backend, run.timings.inferenceMs);
      await this.afterStillRun();
    } catch (error) {
      // A stopped run is told by the view's stop notice, not as a failure.
      this.runStatus = isStoppedRun(error) ? { kind: 'none' } : { kind: 'failed', error: toErrorData(error) };
    }
  }

  /** One webcam frame; the bitmap is transferred to the worker, which closes it. */
  private async runFrame(frame: ImageBitmap): Promise<void> {
    const loaded = this.slot.loaded;
    if (!loaded) {
      frame.close();
      return;
    }
    const run = await this.runtime.run((service) =>
      this.spec.run(
        service,
        loaded.info.modelKey,
        loaded.backend,
        InferenceClient.transfer(frame, [frame]),
        false,
      ),
    );
    this.inferenceCount++;
    this.image = null;
    this.sample = null;
    this.runStatus = { kind: 'done', run };
  }
}

/** Any image view's playground, for the parts every view shows the same way. */
export type AnyImagePlayground = ImagePlayground<ImageTaskId, RunTimings>;
