// State and actions of the image-classification view's explanations: which class is explained, its class
// activation map (computed after each still-image run when the model's structure allows it), and an
// occlusion map against that class's probability (a grid the user chooses, with Stop), and for ViT-style
// models where [CLS] looks among the patches (image-attention.svelte.ts).
import type { ClassActivationMapRun, ClassOcclusionRun } from '../../contracts/inference.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import { OCCLUSION_GRIDS } from '../detection/detection-explainer.svelte.ts';
import { stopBetweenRuns } from '../workbench/stop-between-runs.ts';
import type { ImageClassificationPlayground } from './image-classification-playground.svelte.ts';
import { InferenceClient } from '../workbench/inference-client.ts';
import { ImageAttentionExplainer } from './image-attention.svelte.ts';
import { STILL_IMAGE_NEEDED } from '../workbench/still-image-needed.ts';

export { OCCLUSION_GRIDS };

export type CamStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; map: ClassActivationMapRun; image: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'failed'; error: ErrorData };

export type ClassOcclusionStatus =
  | { kind: 'none' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'done'; map: ClassOcclusionRun; image: string }
  | { kind: 'failed'; error: ErrorData };

export class ImageClassExplainer {
  /** The class explained (a class index); null: the top class of the run on screen. */
  chosen = $state<number | null>(null);
  grid = $state<number>(8);
  /** Heat-map opacity, 0..1. */
  opacity = $state(0.65);
  cam = $state.raw<CamStatus>({ kind: 'none' });
  occlusion = $state.raw<ClassOcclusionStatus>({ kind: 'none' });
  /** Where [CLS] looks among the patches (ViT-style models); independent of the class explained. */
  readonly attention: ImageAttentionExplainer;
  private camToken = 0;

  constructor(private readonly playground: ImageClassificationPlayground) {
    this.attention = new ImageAttentionExplainer(playground);
    playground.onRun = () => {
      this.chosen = null;
      // One after the other: both go through the view's worker; each is instant where it does not apply.
      void this.computeCam().then(() => this.attention.compute());
    };
  }

  /** The class explained: the chosen one, else the top class. */
  get classIndex(): number | null {
    return this.chosen ?? this.playground.run?.top[0]?.index ?? null;
  }

  /** A finished occlusion map of the image on screen and the class explained. */
  get occlusionMap(): ClassOcclusionRun | null {
    const status = this.occlusion;
    return status.kind === 'done' &&
      status.image === this.playground.image?.url &&
      status.map.classIndex === this.classIndex
      ? status.map
      : null;
  }

  get camMap(): ClassActivationMapRun | null {
    const status = this.cam;
    return status.kind === 'done' &&
      status.image === this.playground.image?.url &&
      status.map.classIndex === this.classIndex
      ? status.map
      : null;
  }

  /** Explains another class: its CAM at once (cheap), its occlusion map when asked. */
  async choose(classIndex: number): Promise<void> {
    this.chosen = classIndex;
    await this.computeCam();
  }

  /** The CAM of the explained class on the last run; says why when the model's structure has none. */
  async computeCam(): Promise<void> {
    const loaded = this.playground.slot.loaded;
    const classIndex = this.classIndex;
    const image = this.playground.image?.url ?? '';
    if (!loaded || classIndex === null || this.playground.webcam.active) return;
    const availability = loaded.info.cam;
    if (!availability.found) {
      this.cam = { kind: 'unavailable', reason: availability.reason };
      return;
    }
    const mine = ++this.camToken;
    this.cam = { kind: 'running' };
    try {
      const map = await this.playground.runtime.run((service) =>
        service.classActivationMap(loaded.info.modelKey, loaded.backend, classIndex),
      );
      if (mine === this.camToken) this.cam = { kind: 'done', map, image };
    } catch (error) {
      if (mine === this.camToken) this.cam = { kind: 'failed', error: toErrorData(error) };
    }
  }

  async runOcclusion(): Promise<void> {
    const loaded = this.playground.slot.loaded;
    const source = this.playground.source;
    const classIndex = this.classIndex;
    const image = this.playground.image?.url ?? '';
    if (this.occlusion.kind === 'running' || !loaded || classIndex === null) return;
    if (!source || this.playground.webcam.active) {
      this.occlusion = {
        kind: 'failed',
        error: STILL_IMAGE_NEEDED,
      };
      return;
    }
    const grid = this.grid;
    this.occlusion = { kind: 'running', done: 0, total: grid * grid };
    let beat = (): void => {};
    const onProgress = InferenceClient.callback((done: number, total: number) => {
      beat();
      if (this.occlusion.kind === 'running') this.occlusion = { kind: 'running', done, total };
    });
    try {
      const map = await this.playground.runtime.run((service, heartbeat) => {
        beat = heartbeat;
        return service.classOcclusionImage(
          loaded.info.modelKey,
          loaded.backend,
          source,
          classIndex,
          grid,
          onProgress,
        );
      });
      this.occlusion = { kind: 'done', map, image };
    } catch (error) {
      this.occlusion = { kind: 'failed', error: toErrorData(error) };
    }
  }

  /** Stop: between the map's runs; a run that does not give the worker back in time ends with the worker. */
  async stop(): Promise<void> {
    if (this.occlusion.kind !== 'running') return;
    await stopBetweenRuns(this.playground.runtime, () => this.occlusion.kind === 'running');
  }
}
