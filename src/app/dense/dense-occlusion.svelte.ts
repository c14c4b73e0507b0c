// State and actions of the segmentation and depth views' occlusion maps: what is explained (a class and
// how it is measured; a region of the depth map), the grid, the run in the view's worker with its progress
// and Stop, and the finished map, kept with the image and target it explains. A new run of the view (another
// image, model or backend) cancels a map in flight: its answer would belong to the image before.
import type { Remote } from 'comlink';
import type { DepthOcclusionRun, SegmentOcclusionRun } from '../../contracts/dense-image.ts';
import type { InferenceApi as InferenceService } from '../../../workers/inference/inference.worker.ts';
import { CENTRE_THIRD, clampRegion, type DepthRegion } from '../../lib/explain/depth-region.ts';
import type { SegmentMeasure, SegmentTarget } from '../../lib/explain/segment-score.ts';
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { LegendEntry } from '../../lib/tasks/semantic-segmentation/class-map.ts';
import { OCCLUSION_GRIDS } from '../detection/detection-explainer.svelte.ts';
import type { AnyImagePlayground } from '../workbench/image-playground.svelte.ts';
import { InferenceClient } from '../workbench/inference-client.ts';
import { stopBetweenRuns } from '../workbench/stop-between-runs.ts';
import { STILL_IMAGE_NEEDED } from '../workbench/still-image-needed.ts';

export { OCCLUSION_GRIDS };

export type DenseOcclusionStatus<Map> =
  | { kind: 'none' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'done'; map: Map; image: string }
  | { kind: 'failed'; error: ErrorData };

type Progress = (done: number, total: number) => void;

/** What both maps share: the grid, the run with Stop, and a map that still belongs to the image shown. */
export abstract class DenseOcclusion<Map> {
  grid = $state<number>(8);
  /** Heat-map opacity, 0..1. */
  opacity = $state(0.65);
  status = $state.raw<DenseOcclusionStatus<Map>>({ kind: 'none' });
  /** Counts runs, so a map cancelled because a newer run of the view began says nothing. */
  private generation = 0;

  constructor(protected readonly playground: AnyImagePlayground) {}

  /** The worker call for the current target; null when there is nothing to explain yet. */
  protected abstract call(
    service: Remote<InferenceService>,
    modelKey: string,
    backend: Backend,
    source: Blob,
    onProgress: Progress,
  ): Promise<Map> | null;

  /** Whether a finished map explains what is chosen now. */
  protected abstract explainsChoice(map: Map): boolean;

  get running(): boolean {
    return this.status.kind === 'running';
  }

  /** A finished map of the image on screen and the target chosen now. */
  get map(): Map | null {
    const status = this.status;
    return status.kind === 'done' &&
      status.image === this.playground.image?.url &&
      this.explainsChoice(status.map)
      ? status.map
      : null;
  }

  async run(): Promise<void> {
    const loaded = this.playground.slot.loaded;
    const source = this.playground.source;
    const image = this.playground.image?.url ?? '';
    if (this.running || !loaded) return;
    if (!source || this.playground.webcam.active) {
      this.status = {
        kind: 'failed',
        error: STILL_IMAGE_NEEDED,
      };
      return;
    }
    const mine = ++this.generation;
    const grid = this.grid;
    this.status = { kind: 'running', done: 0, total: grid * grid };
    let beat = (): void => {};
    const onProgress = InferenceClient.callback((done: number, total: number) => {
      beat();
      if (mine === this.generation && this.running) this.status = { kind: 'running', done, total };
    });
    try {
      const map = await this.playground.runtime.run((service, heartbeat) => {
        beat = heartbeat;
        return (
          this.call(service, loaded.info.modelKey, loaded.backend, source, onProgress) ??
          Promise.reject(
            new GlassboxError({
              code: 'no-run-yet',
              message: 'There is nothing to explain yet.',
              remedy: 'Run the model on an image first.',
            }),
          )
        );
      });
      if (mine === this.generation) this.status = { kind: 'done', map, image };
    } catch (error) {
      if (mine === this.generation) this.status = { kind: 'failed', error: toErrorData(error) };
    }
  }

  /** Stop: between the map's runs; a run that does not give the worker back in time ends with the worker. */
  async stop(): Promise<void> {
    if (!this.running) return;
    await stopBetweenRuns(this.playground.runtime, () => this.running);
  }

  /** The view ran again (another image, model or backend): a map in flight is cancelled, silently. */
  async supersede(): Promise<void> {
    if (!this.running) return;
    this.generation++;
    this.status = { kind: 'none' };
    await this.playground.runtime.call((service) => service.cancelExplanations()).catch(() => undefined);
  }
}

/** The segmentation view's map: the drop of a class's score when each patch is hidden. */
export class SegmentOcclusion extends DenseOcclusion<SegmentOcclusionRun> {
  /** The class explained; null: the legend's largest class that is not background. */
  chosen = $state<number | null>(null);
  measure = $state<SegmentMeasure>('probability');

  constructor(
    playground: AnyImagePlayground,
    private readonly legend: () => readonly LegendEntry[],
  ) {
    super(playground);
  }

  get classIndex(): number | null {
    if (this.chosen !== null) return this.chosen;
    const legend = this.legend();
    return (legend.find((entry) => !/background/i.test(entry.label)) ?? legend[0])?.index ?? null;
  }

  get target(): SegmentTarget | null {
    const classIndex = this.classIndex;
    return classIndex === null ? null : { classIndex, measure: this.measure };
  }

  /** Explains another class (from the legend, or the class of a pixel pointed at). */
  choose(classIndex: number): void {
    if (!this.running) this.chosen = classIndex;
  }

  /**
   * The view ran again. Another model's class numbers mean other things, so its choice goes; a rerun with the
   * same model (another image, a backend switch) keeps the class the user chose while the new legend has it.
   */
  override async supersede(sameModel = false): Promise<void> {
    const chosen = this.chosen;
    if (!sameModel || !this.legend().some((entry) => entry.index === chosen)) this.chosen = null;
    await super.supersede();
  }

  protected call(
    service: Remote<InferenceService>,
    modelKey: string,
    backend: Backend,
    source: Blob,
    onProgress: Progress,
  ): Promise<SegmentOcclusionRun> | null {
    const target = this.target;
    return target && service.segmentOcclusionImage(modelKey, backend, source, target, this.grid, onProgress);
  }

  protected explainsChoice(map: SegmentOcclusionRun): boolean {
    return map.target.classIndex === this.classIndex && map.target.measure === this.measure;
  }
}

/** The depth view's map: the change of a region's mean depth when each patch is hidden. */
export class DepthOcclusion extends DenseOcclusion<DepthOcclusionRun> {
  region = $state<DepthRegion>({ ...CENTRE_THIRD });

  /** Any region the user drags or picks, kept inside the image. */
  setRegion(region: DepthRegion): void {
    if (!this.running) this.region = clampRegion(region);
  }

  protected call(
    service: Remote<InferenceService>,
    modelKey: string,
    backend: Backend,
    source: Blob,
    onProgress: Progress,
  ): Promise<DepthOcclusionRun> {
    // A plain copy: the region is reactive state, and a proxy cannot cross to the worker.
    const region = { ...this.region };
    return service.depthOcclusionImage(modelKey, backend, source, region, this.grid, onProgress);
  }

  protected explainsChoice(map: DepthOcclusionRun): boolean {
    const r = this.region;
    return (
      map.region.x === r.x &&
      map.region.y === r.y &&
      map.region.width === r.width &&
      map.region.height === r.height
    );
  }
}
