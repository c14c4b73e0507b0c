// State and actions of the image-classification view: model and backend, the image (file, sample, paste
// or webcam, as in the detection view), and the last run's top classes.
import { catalogModelsOf } from '../../lib/catalog/model-catalog.ts';
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { ImageClassificationRun, ImageClassifierInfo, Loaded } from '../../contracts/inference.ts';
import { samplesFor, type SampleImage, type ShownImage } from '../detection/detection-playground.svelte.ts';
import { InferenceClient, loadTask } from '../workbench/inference-client.ts';
import { ModelSlot, type LoadModel } from '../workbench/model-slot.svelte.ts';
import type { RunTarget } from '../inspector/run-capture.svelte.ts';
import { isStoppedRun } from '../workbench/run-watchdog.ts';
import { shownCatalogModel, type ShownModel } from '../workbench/shown-model.ts';
import { ThreadPlan } from '../workbench/thread-plan.svelte.ts';
import type { ViewRuntime } from '../workbench/view-runtime.svelte.ts';
import { WebcamLoop } from '../detection/webcam-loop.svelte.ts';
import { PreprocessingTrial } from './preprocessing-trial.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';
import { fetchSample, sampleFailure } from '../workbench/sample-image.ts';

export const CLASSIFIER_MODELS = catalogModelsOf('image-classification');

export type ClassifyRunStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; run: ImageClassificationRun }
  | { kind: 'failed'; error: ErrorData };

export class ImageClassificationPlayground {
  /** Raw state: the location crosses to the worker by structured clone, which a proxy cannot. */
  model = $state.raw<ShownModel>();
  image = $state<ShownImage | null>(null);
  /** The sample shown, if the image is one (a link can name it; a user's file it cannot). */
  sample = $state<string | null>(null);
  runStatus = $state.raw<ClassifyRunStatus>({ kind: 'none' });
  /** Model runs so far (tests wait for it to grow). */
  inferenceCount = $state(0);
  readonly slot: ModelSlot<Loaded<ImageClassifierInfo>>;
  readonly webcam: WebcamLoop;
  readonly runtime: ViewRuntime;
  readonly threads: ThreadPlan;
  /** The user's own preprocessing values, run beside the model's. */
  readonly trial: PreprocessingTrial;
  private lastSource: Blob | null = null;
  /** Called after each still-image run (the explainer's class activation map). */
  onRun: () => void = () => {};

  constructor(private readonly workbench: Workbench) {
    const first = CLASSIFIER_MODELS[0];
    this.model = first ? shownCatalogModel(first) : undefined;
    this.runtime = workbench.views.classify;
    this.threads = new ThreadPlan(this.runtime, 'image-classification');
    this.trial = new PreprocessingTrial(
      () => this.slot.loaded,
      () => this.lastSource,
      this.runtime,
    );
    this.slot = new ModelSlot(this.loaderFor(this.model));
    this.webcam = new WebcamLoop((frame) => this.classifyFrame(frame));
    this.runtime.onEnded(async () => {
      if (this.slot.status.kind === 'idle') return true;
      this.webcam.stop();
      await this.slot.load();
      return this.slot.status.kind === 'ready';
    });
  }

  get runTarget(): RunTarget | null {
    const loaded = this.slot.loaded;
    if (this.runStatus.kind !== 'done' || !loaded || !this.model) return null;
    return {
      task: 'image-classification',
      model: this.model,
      backend: loaded.backend,
      viewLabel: 'Classify images',
    };
  }

  get run(): ImageClassificationRun | null {
    return this.runStatus.kind === 'done' ? this.runStatus.run : null;
  }

  get labels(): string[] {
    return this.slot.loaded?.info.labels ?? [];
  }

  /** The image file or sample last classified (not webcam frames): what an explanation re-runs. */
  get source(): Blob | null {
    return this.lastSource;
  }

  get samples(): readonly SampleImage[] {
    const shared = this.model?.shared;
    return samplesFor(shared?.kind === 'catalog' ? shared.id : null);
  }

  private loaderFor(model: ShownModel | undefined): LoadModel<Loaded<ImageClassifierInfo>> {
    return (backend, onProgress) => {
      if (!model) {
        return Promise.reject(
          new GlassboxError({
            code: 'no-model-loaded',
            message: 'The catalog has no image classifier.',
            remedy: 'Add one to the model catalog.',
          }),
        );
      }
      const location = model.location;
      return this.threads
        .prepare(location, backend, onProgress)
        .then(() =>
          this.runtime.load((service) =>
            loadTask(service, 'image-classification', location, backend, onProgress),
          ),
        );
    };
  }

  /** Loads the model, then classifies the first sample when nothing is open yet: a result with no click. */
  async loadAndShowSample(): Promise<void> {
    await this.slot.load();
    if (!this.slot.loaded || this.runStatus.kind !== 'none' || this.webcam.active) return;
    if (this.lastSource) await this.classifyBlob(this.lastSource);
    else await this.showFirstSample();
  }

  async showFirstSample(): Promise<void> {
    if (!this.slot.loaded || this.image || this.runStatus.kind !== 'none' || this.webcam.active) return;
    const first = this.samples[0];
    if (first) await this.openSample(first.file);
  }

  async selectModel(id: string): Promise<void> {
    const entry = CLASSIFIER_MODELS.find((candidate) => candidate.id === id);
    if (entry) await this.open(shownCatalogModel(entry));
  }

  /** Shows another model (catalog, hub, URL or local); the one before is released in the worker. */
  async open(model: ShownModel): Promise<void> {
    const previous = this.model;
    if (previous?.location.key === model.location.key) {
      const kind = this.slot.status.kind;
      if (kind !== 'idle' && kind !== 'failed') return;
      await this.slot.load();
      if (this.slot.loaded && this.lastSource && !this.webcam.active)
        await this.classifyBlob(this.lastSource);
      return;
    }
    this.webcam.stop();
    this.model = model;
    this.runStatus = { kind: 'none' };
    if (previous) this.workbench.release('image-classification', previous.location.key);
    await this.slot.replaceLoader(this.loaderFor(model));
    const sampleUnsuited = this.sample !== null && !this.samples.some((s) => s.file === this.sample);
    if (sampleUnsuited && this.samples[0]) await this.openSample(this.samples[0].file);
    else if (this.lastSource) await this.classifyBlob(this.lastSource);
  }

  private show(name: string, url: string, revoke: boolean): void {
    if (this.image?.revoke) URL.revokeObjectURL(this.image.url);
    this.image = { name, url, revoke };
  }

  async openFile(file: File): Promise<void> {
    this.webcam.stop();
    this.sample = null;
    this.show(file.name, URL.createObjectURL(file), true);
    await this.classifyBlob(file);
  }

  async openSample(file: string): Promise<void> {
    this.webcam.stop();
    try {
      const blob = await fetchSample(file);
      this.show(file, URL.createObjectURL(blob), true);
      this.sample = file;
      await this.classifyBlob(blob);
    } catch (error) {
      this.runStatus = { kind: 'failed', error: sampleFailure(file, error) };
    }
  }

  async selectBackend(backend: Backend): Promise<void> {
    await this.slot.selectBackend(backend);
    if (this.lastSource && this.slot.loaded) await this.classifyBlob(this.lastSource);
  }

  async reload(): Promise<void> {
    await this.slot.load();
    if (this.lastSource && this.slot.loaded && !this.webcam.active) await this.classifyBlob(this.lastSource);
  }

  private async classifyBlob(blob: Blob): Promise<void> {
    this.lastSource = blob;
    const loaded = this.slot.loaded;
    if (!loaded) return;
    this.runStatus = { kind: 'running' };
    try {
      const run = await this.runtime.run((service) =>
        service.classifyImage(loaded.info.modelKey, loaded.backend, blob),
      );
      this.inferenceCount++;
      this.runStatus = { kind: 'done', run };
      const location = this.model?.location;
      if (location) void this.threads.afterRun(location, loaded.backend, run.timings.inferenceMs);
      this.trial.sync();
      await this.trial.rerun();
      this.onRun();
    } catch (error) {
      this.runStatus = isStoppedRun(error) ? { kind: 'none' } : { kind: 'failed', error: toErrorData(error) };
    }
  }

  private async classifyFrame(frame: ImageBitmap): Promise<void> {
    const loaded = this.slot.loaded;
    if (!loaded) {
      frame.close();
      return;
    }
    const run = await this.runtime.run((service) =>
      service.classifyImage(loaded.info.modelKey, loaded.backend, InferenceClient.transfer(frame, [frame])),
    );
    this.inferenceCount++;
    this.image = null;
    this.sample = null;
    this.runStatus = { kind: 'done', run };
  }
}
