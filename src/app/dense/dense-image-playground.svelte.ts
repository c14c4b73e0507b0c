// State and actions of a view whose model gives a map over the image (segmentation, depth): model and
// backend, the image (file, drop, paste, sample or webcam, as in the detection and classification views;
// decoded and downscaled in the worker), and the last run. One class, configured per task by DenseTask.
import { catalogModelsOf } from '../../lib/catalog/model-catalog.ts';
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { Loaded, LoadedInfo } from '../../contracts/inference.ts';
import type { DepthRun, SegmentationRun } from '../../contracts/dense-image.ts';
import type { Remote } from 'comlink';
import type { InferenceApi as InferenceService } from '../../../workers/inference/inference.worker.ts';
import { samplesFor, type SampleImage, type ShownImage } from '../detection/detection-playground.svelte.ts';
import { InferenceClient, loadTask } from '../workbench/inference-client.ts';
import { ModelSlot, type LoadModel } from '../workbench/model-slot.svelte.ts';
import type { RunTarget } from '../inspector/run-capture.svelte.ts';
import { isStoppedRun } from '../workbench/run-watchdog.ts';
import { shownCatalogModel, type ShownModel } from '../workbench/shown-model.ts';
import { ThreadPlan } from '../workbench/thread-plan.svelte.ts';
import type { ViewRuntime } from '../workbench/view-runtime.svelte.ts';
import { WebcamLoop } from '../detection/webcam-loop.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';
import { fetchSample, sampleFailure } from '../workbench/sample-image.ts';

/** What differs between the dense tasks: the task, its view's name, and the worker call that runs it. */
interface DenseTask<Task extends DenseTaskId, Run> {
  task: Task;
  view: 'segment' | 'depth';
  viewLabel: string;
  /** What the view calls the model in "The catalog has no …". */
  kindName: string;
  run(
    service: Remote<InferenceService>,
    modelKey: string,
    backend: Backend,
    source: Blob | ImageBitmap,
  ): Promise<Run>;
}

export type DenseRunStatus<Run> =
  { kind: 'none' } | { kind: 'running' } | { kind: 'done'; run: Run } | { kind: 'failed'; error: ErrorData };

interface RunTimings {
  timings: { inferenceMs: number };
}

type DenseTaskId = 'semantic-segmentation' | 'depth-estimation';

export class DenseImagePlayground<Task extends DenseTaskId, Run extends RunTimings> {
  /** Raw state: the location crosses to the worker by structured clone, which a proxy cannot. */
  model = $state.raw<ShownModel>();
  image = $state<ShownImage | null>(null);
  /** The sample shown, if the image is one (a link can name it; a user's file it cannot). */
  sample = $state<string | null>(null);
  runStatus = $state.raw<DenseRunStatus<Run>>({ kind: 'none' });
  /** Model runs so far (tests wait for it to grow). */
  inferenceCount = $state(0);
  readonly slot: ModelSlot<Loaded<LoadedInfo[Task]>>;
  readonly webcam: WebcamLoop;
  readonly runtime: ViewRuntime;
  readonly threads: ThreadPlan;
  readonly models: readonly ReturnType<typeof catalogModelsOf>[number][];
  private lastSource: Blob | null = null;

  constructor(
    private readonly workbench: Workbench,
    private readonly spec: DenseTask<Task, Run>,
  ) {
    this.models = catalogModelsOf(spec.task);
    const first = this.models[0];
    this.model = first ? shownCatalogModel(first) : undefined;
    this.runtime = workbench.views[spec.view];
    this.threads = new ThreadPlan(this.runtime, spec.task);
    this.slot = new ModelSlot(this.loaderFor(this.model));
    this.webcam = new WebcamLoop((frame) => this.runFrame(frame));
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
      task: this.spec.task,
      model: this.model,
      backend: loaded.backend,
      viewLabel: this.spec.viewLabel,
    };
  }

  get run(): Run | null {
    return this.runStatus.kind === 'done' ? this.runStatus.run : null;
  }

  get samples(): readonly SampleImage[] {
    const shared = this.model?.shared;
    return samplesFor(shared?.kind === 'catalog' ? shared.id : null);
  }

  private loaderFor(model: ShownModel | undefined): LoadModel<Loaded<LoadedInfo[Task]>> {
    return (backend, onProgress) => {
      if (!model) {
        return Promise.reject(
          new GlassboxError({
            code: 'no-model-loaded',
            message: `No ${this.spec.kindName} is open yet.`,
            remedy: 'Open one from the Models view (the hub, a link or your own files).',
          }),
        );
      }
      const location = model.location;
      return this.threads
        .prepare(location, backend, onProgress)
        .then(() =>
          this.runtime.load((service) => loadTask(service, this.spec.task, location, backend, onProgress)),
        );
    };
  }

  /** Loads the model, then runs the first sample when nothing is open yet: a result with no click. */
  async loadAndShowSample(): Promise<void> {
    if (!this.model) return;
    await this.slot.load();
    if (!this.slot.loaded || this.runStatus.kind !== 'none' || this.webcam.active) return;
    if (this.lastSource) await this.runBlob(this.lastSource);
    else await this.showFirstSample();
  }

  async showFirstSample(): Promise<void> {
    if (!this.slot.loaded || this.image || this.runStatus.kind !== 'none' || this.webcam.active) return;
    const first = this.samples[0];
    if (first) await this.openSample(first.file);
  }

  async selectModel(id: string): Promise<void> {
    const entry = this.models.find((candidate) => candidate.id === id);
    if (entry) await this.open(shownCatalogModel(entry));
  }

  /** Shows another model (catalog, hub, URL or local); the one before is released in the worker. */
  async open(model: ShownModel): Promise<void> {
    const previous = this.model;
    if (previous?.location.key === model.location.key) {
      const kind = this.slot.status.kind;
      if (kind !== 'idle' && kind !== 'failed') return;
      await this.slot.load();
      if (this.slot.loaded && !this.webcam.active) {
        if (this.lastSource) await this.runBlob(this.lastSource);
        else await this.showFirstSample();
      }
      return;
    }
    this.webcam.stop();
    this.model = model;
    this.runStatus = { kind: 'none' };
    if (previous) this.workbench.release(this.spec.task, previous.location.key);
    await this.slot.replaceLoader(this.loaderFor(model));
    const sampleUnsuited = this.sample !== null && !this.samples.some((s) => s.file === this.sample);
    if (sampleUnsuited && this.samples[0]) await this.openSample(this.samples[0].file);
    else if (this.lastSource) await this.runBlob(this.lastSource);
    else await this.showFirstSample();
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

  async openSample(file: string): Promise<void> {
    this.webcam.stop();
    try {
      const blob = await fetchSample(file);
      this.show(file, URL.createObjectURL(blob), true);
      this.sample = file;
      await this.runBlob(blob);
    } catch (error) {
      this.runStatus = { kind: 'failed', error: sampleFailure(file, error) };
    }
  }

  async selectBackend(backend: Backend): Promise<void> {
    await this.slot.selectBackend(backend);
    if (this.lastSource && this.slot.loaded) await this.runBlob(this.lastSource);
  }

  async reload(): Promise<void> {
    await this.slot.load();
    if (this.lastSource && this.slot.loaded && !this.webcam.active) await this.runBlob(this.lastSource);
  }

  private async runBlob(blob: Blob): Promise<void> {
    this.lastSource = blob;
    const loaded = this.slot.loaded;
    if (!loaded) return;
    this.runStatus = { kind: 'running' };
    try {
      const run = await this.runtime.run((service) =>
        this.spec.run(service, loaded.info.modelKey, loaded.backend, blob),
      );
      this.inferenceCount++;
      this.runStatus = { kind: 'done', run };
      const location = this.model?.location;
      if (location) void this.threads.afterRun(location, loaded.backend, run.timings.inferenceMs);
    } catch (error) {
      this.runStatus = isStoppedRun(error) ? { kind: 'none' } : { kind: 'failed', error: toErrorData(error) };
    }
  }

  private async runFrame(frame: ImageBitmap): Promise<void> {
    const loaded = this.slot.loaded;
    if (!loaded) {
      frame.close();
      return;
    }
    const run = await this.runtime.run((service) =>
      this.spec.run(service, loaded.info.modelKey, loaded.backend, InferenceClient.transfer(frame, [frame])),
    );
    this.inferenceCount++;
    this.image = null;
    this.sample = null;
    this.runStatus = { kind: 'done', run };
  }
}

export type SegmentationPlayground = DenseImagePlayground<'semantic-segmentation', SegmentationRun>;
export type DepthPlayground = DenseImagePlayground<'depth-estimation', DepthRun>;

export function segmentationPlayground(workbench: Workbench): SegmentationPlayground {
  return new DenseImagePlayground(workbench, {
    task: 'semantic-segmentation',
    view: 'segment',
    viewLabel: 'Segment images',
    kindName: 'segmentation model',
    run: (service, modelKey, backend, source) => service.segmentImage(modelKey, backend, source),
  });
}

export function depthPlayground(workbench: Workbench): DepthPlayground {
  return new DenseImagePlayground(workbench, {
    task: 'depth-estimation',
    view: 'depth',
    viewLabel: 'Estimate depth',
    kindName: 'depth model',
    run: (service, modelKey, backend, source) => service.estimateDepth(modelKey, backend, source),
  });
}
