// State and actions of the object-detection view: model and backend, the image (file, sample or webcam),
// the last raw run, and the thresholds that re-filter it without running the model again.
import { catalogModelsOf } from '../../lib/catalog/model-catalog.ts';
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import { filterDetections, toSourceDetections } from '../../lib/tasks/object-detection/filter-detections.ts';
import type { Detection } from '../../lib/tasks/object-detection/nms.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { DetectionRun, DetectorInfo, Loaded } from '../../contracts/inference.ts';
import { InferenceClient, loadTask } from '../workbench/inference-client.ts';
import { ModelSlot, type LoadModel } from '../workbench/model-slot.svelte.ts';
import type { RunTarget } from '../inspector/run-capture.svelte.ts';
import { shownCatalogModel, type ShownModel } from '../workbench/shown-model.ts';
import { isStoppedRun } from '../workbench/run-watchdog.ts';
import { ThreadPlan } from '../workbench/thread-plan.svelte.ts';
import type { ViewRuntime } from '../workbench/view-runtime.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';
import { WebcamLoop } from './webcam-loop.svelte.ts';
import { fetchSample, sampleFailure } from '../workbench/sample-image.ts';

export const DETECTION_MODELS = catalogModelsOf('object-detection');

/** Bundled images; `model` is the embedded detector they suit (photos of COCO things, or drawn shapes). */
export const SAMPLE_IMAGES = [
  { file: 'chelsea.jpg', title: 'Chelsea the cat (CC0)', model: 'nanodet-coco' },
  { file: 'astronaut.jpg', title: 'Astronaut (NASA, public domain)', model: 'nanodet-coco' },
  { file: 'coffee.jpg', title: 'Coffee (CC0)', model: 'nanodet-coco' },
  { file: 'rocket.jpg', title: 'Rocket (NASA, public domain)', model: 'nanodet-coco' },
  { file: 'shapes-1.png', title: 'Generated shapes', model: 'shapes-yolov8' },
  { file: 'shapes-2.png', title: 'Generated shapes', model: 'shapes-yolov8' },
  { file: 'shape-1.png', title: 'One generated shape', model: 'shapes-classifier' },
  { file: 'shape-2.png', title: 'One generated shape', model: 'shapes-classifier' },
  {
    file: 'shape-3.png',
    title: 'One generated shape (the classifier gets it wrong)',
    model: 'shapes-classifier',
  },
  { file: 'segment-1.png', title: 'Generated shapes scene', model: 'shapes-segmenter' },
  { file: 'segment-2.png', title: 'Generated shapes scene', model: 'shapes-segmenter' },
  { file: 'depth-1.png', title: 'Generated scene with known depth', model: 'shapes-depth' },
] as const;

export type SampleImage = (typeof SAMPLE_IMAGES)[number];

/** The samples offered with a model: an embedded detector gets the ones it knows; any other model, all. */
export function samplesFor(catalogId: string | null): readonly SampleImage[] {
  const suited = SAMPLE_IMAGES.filter((sample) => sample.model === catalogId);
  return suited.length > 0 ? suited : SAMPLE_IMAGES;
}

/** Most boxes drawn at once; more only clutters the picture. */
const MAX_DRAWN = 300;

export interface ShownImage {
  name: string;
  url: string;
  /** Revoke on replace (blob: URLs of user files). */
  revoke: boolean;
}

export type DetectionRunStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; run: DetectionRun }
  | { kind: 'failed'; error: ErrorData };

export class DetectionPlayground {
  /** Raw state: the location crosses to the worker by structured clone, which a proxy cannot. */
  model = $state.raw<ShownModel>();
  image = $state<ShownImage | null>(null);
  /** The sample image shown, if the image is one (a link can name it; a user's file it cannot). */
  sample = $state<string | null>(null);
  runStatus = $state<DetectionRunStatus>({ kind: 'none' });
  /** Model runs so far: thresholds must change what is shown without adding to this. */
  inferenceCount = $state(0);
  scoreThreshold = $state(0.35);
  iouThreshold = $state(0.45);
  /** Class indices hidden by the class filter. */
  hiddenClasses = $state<number[]>([]);
  readonly slot: ModelSlot<Loaded<DetectorInfo>>;
  readonly webcam: WebcamLoop;
  /** This view's own inference worker. */
  readonly runtime: ViewRuntime;
  /** The model's WASM thread count: chosen, measured, remembered, overridable. */
  readonly threads: ThreadPlan;
  private lastSource: Blob | null = null;
  /** A sample is being fetched (openSample); the view's first sample then waits its turn. */
  private fetchingSample = false;

  constructor(private readonly workbench: Workbench) {
    const first = DETECTION_MODELS[0];
    this.model = first ? shownCatalogModel(first) : undefined;
    this.runtime = workbench.views.detection;
    this.threads = new ThreadPlan(this.runtime, 'object-detection');
    this.slot = new ModelSlot(this.loaderFor(this.model));
    this.webcam = new WebcamLoop((frame) => this.detectFrame(frame));
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
      task: 'object-detection',
      model: this.model,
      backend: loaded.backend,
      viewLabel: 'Detect objects',
    };
  }

  private loaderFor(model: ShownModel | undefined): LoadModel<Loaded<DetectorInfo>> {
    return (backend, onProgress) => {
      if (!model) {
        return Promise.reject(
          new GlassboxError({
            code: 'no-model-loaded',
            message: 'The catalog has no detection model.',
            remedy: 'Add one to the model catalog.',
          }),
        );
      }
      const location = model.location;
      return this.threads
        .prepare(location, backend, onProgress)
        .then(() =>
          this.runtime.load((service) =>
            loadTask(service, 'object-detection', location, backend, onProgress),
          ),
        );
    };
  }

  /** The samples that suit the shown model. */
  get samples(): readonly SampleImage[] {
    const shared = this.model?.shared;
    return samplesFor(shared?.kind === 'catalog' ? shared.id : null);
  }

  /**
   * Loads the model, then shows the first suitable sample with its boxes if no image is open yet: the first
   * result comes without a click. An image opened meanwhile (a link's sample) is detected instead.
   */
  async loadAndShowSample(): Promise<void> {
    await this.slot.load();
    if (!this.slot.loaded || this.runStatus.kind !== 'none' || this.webcam.active) return;
    if (this.lastSource) await this.detectBlob(this.lastSource);
    else await this.showFirstSample();
  }

  /**
   * The loaded detector's first sample, when nothing is on screen yet: a link that names a detector but
   * no image (?model=nanodet-coco&task=detection) shows a first result, as opening the view does.
   */
  async showFirstSample(): Promise<void> {
    if (!this.slot.loaded || this.image || this.runStatus.kind !== 'none' || this.webcam.active) return;
    // A sample being fetched (a lesson step's, a link's) is what the user asked for: the first sample
    // must not land after it and replace it.
    if (this.fetchingSample) return;
    const first = this.samples[0];
    if (first) await this.openSample(first.file);
  }

  /** The image file or sample last detected on (not webcam frames): what an explanation re-runs. */
  get source(): Blob | null {
    return this.lastSource;
  }

  get labels(): string[] {
    return this.slot.loaded?.info.labels ?? [];
  }

  /** Detections after thresholds, NMS and class filter, in original-image pixels. Cheap: no model run. */
  get detections(): Detection[] {
    if (this.runStatus.kind !== 'done') return [];
    const { run } = this.runStatus;
    const hidden = new Set(this.hiddenClasses);
    const visible = new Set(this.labels.map((_, i) => i).filter((i) => !hidden.has(i)));
    const kept = filterDetections(run.candidates, {
      scoreThreshold: this.scoreThreshold,
      iouThreshold: this.iouThreshold,
      maxDetections: MAX_DRAWN,
      nmsFree: run.layout.nmsFree,
      ...(hidden.size > 0 ? { classFilter: visible } : {}),
    });
    // The worker may have downscaled a huge image; draw in the original image's pixels.
    const scaleX = run.originalWidth / run.transform.sourceWidth;
    const scaleY = run.originalHeight / run.transform.sourceHeight;
    return toSourceDetections(kept, run.transform).map((d) => ({
      ...d,
      box: { x1: d.box.x1 * scaleX, y1: d.box.y1 * scaleY, x2: d.box.x2 * scaleX, y2: d.box.y2 * scaleY },
    }));
  }

  /** An embedded detector from the picker. */
  async selectModel(id: string): Promise<void> {
    const entry = DETECTION_MODELS.find((candidate) => candidate.id === id);
    if (entry) await this.open(shownCatalogModel(entry));
  }

  /** Shows another model (catalog, hub, URL or local); the one before is released in the worker. */
  async open(model: ShownModel): Promise<void> {
    const previous = this.model;
    if (previous?.location.key === model.location.key) {
      // The view's own model, perhaps never loaded: a link or the Models tab named the default detector
      // before the view was shown (and so before it loaded), or its last load failed. An image opened
      // meanwhile (a link's sample) is detected once it is ready.
      const kind = this.slot.status.kind;
      if (kind !== 'idle' && kind !== 'failed') return;
      await this.slot.load();
      if (this.slot.loaded && this.lastSource && !this.webcam.active) await this.detectBlob(this.lastSource);
      return;
    }
    this.webcam.stop();
    this.model = model;
    this.runStatus = { kind: 'none' };
    this.hiddenClasses = [];
    if (previous) this.workbench.release('object-detection', previous.location.key);
    await this.slot.replaceLoader(this.loaderFor(model));
    const info = this.slot.loaded?.info;
    if (info) {
      this.scoreThreshold = info.scoreThreshold;
      this.iouThreshold = info.iouThreshold;
    }
    // A sample drawn for another detector (shapes for NanoDet, photos for the shapes model) is swapped for one
    // this model knows; any other image is detected again so the two models can be compared.
    const sampleUnsuited = this.sample !== null && !this.samples.some((s) => s.file === this.sample);
    if (sampleUnsuited && this.samples[0]) await this.openSample(this.samples[0].file);
    else if (this.lastSource) await this.detectBlob(this.lastSource);
  }

  toggleClass(index: number): void {
    this.hiddenClasses = this.hiddenClasses.includes(index)
      ? this.hiddenClasses.filter((i) => i !== index)
      : [...this.hiddenClasses, index];
  }

  private show(name: string, url: string, revoke: boolean): void {
    if (this.image?.revoke) URL.revokeObjectURL(this.image.url);
    this.image = { name, url, revoke };
  }

  async openFile(file: File): Promise<void> {
    this.webcam.stop();
    this.sample = null;
    this.show(file.name, URL.createObjectURL(file), true);
    await this.detectBlob(file);
  }

  async openSample(file: string): Promise<void> {
    this.webcam.stop();
    this.fetchingSample = true;
    try {
      const blob = await fetchSample(file).finally(() => (this.fetchingSample = false));
      this.show(file, URL.createObjectURL(blob), true);
      this.sample = file;
      await this.detectBlob(blob);
    } catch (error) {
      this.runStatus = { kind: 'failed', error: sampleFailure(file, error) };
    }
  }

  /** Loads the model on backend, then detects again on the current image so the two can be compared. */
  async selectBackend(backend: Backend): Promise<void> {
    await this.slot.selectBackend(backend);
    if (this.lastSource && this.slot.loaded) await this.detectBlob(this.lastSource);
  }

  /** Loads the model again (a thread count the user chose), then detects again on the current image. */
  async reload(): Promise<void> {
    await this.slot.load();
    if (this.lastSource && this.slot.loaded && !this.webcam.active) await this.detectBlob(this.lastSource);
  }

  private async detectBlob(blob: Blob): Promise<void> {
    this.lastSource = blob;
    const loaded = this.slot.loaded;
    if (!loaded) return;
    this.runStatus = { kind: 'running' };
    try {
      const run = await this.runtime.run((service) =>
        service.detectImage(loaded.info.modelKey, loaded.backend, blob, true),
      );
      this.inferenceCount++;
      this.runStatus = { kind: 'done', run };
      const location = this.model?.location;
      if (location) {
        void this.threads.afterRun(location, loaded.backend, run.timings.inferenceMs);
      }
    } catch (error) {
      // A stopped run is told by the view's stop notice, not as a failure.
      this.runStatus = isStoppedRun(error) ? { kind: 'none' } : { kind: 'failed', error: toErrorData(error) };
    }
  }

  /** One webcam frame; the bitmap is transferred to the worker, which closes it. */
  private async detectFrame(frame: ImageBitmap): Promise<void> {
    const loaded = this.slot.loaded;
    if (!loaded) {
      frame.close();
      return;
    }
    const run = await this.runtime.run((service) =>
      service.detectImage(
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
