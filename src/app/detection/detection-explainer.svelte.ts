// State and actions of the occlusion map in the detection view: which detection is explained, the grid,
// the run in progress (with Cancel), and the finished map, kept with the box it explains.
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import { toInputBox } from '../../lib/tasks/object-detection/letterbox.ts';
import type { Box } from '../../lib/tasks/object-detection/boxes.ts';
import type { Detection } from '../../lib/tasks/object-detection/nms.ts';
import type { OcclusionMapRun } from '../../contracts/inference.ts';
import type { DetectionPlayground } from './detection-playground.svelte.ts';
import { InferenceClient } from '../workbench/inference-client.ts';
import { stopBetweenRuns } from '../workbench/stop-between-runs.ts';
import { STILL_IMAGE_NEEDED } from '../workbench/still-image-needed.ts';

export const OCCLUSION_GRIDS = [4, 8, 12, 16] as const;

export type OcclusionStatus =
  | { kind: 'none' }
  | { kind: 'running'; done: number; total: number }
  /** inputBox: the explained box in model-input pixels (where the feature maps are looked at). */
  | { kind: 'done'; map: OcclusionMapRun; detection: Detection; image: string; inputBox: Box }
  | { kind: 'failed'; error: ErrorData };

export class DetectionExplainer {
  /** Index into the playground's shown detections. */
  selected = $state(0);
  grid = $state<number>(8);
  /** Heatmap opacity, 0..1. */
  opacity = $state(0.6);
  status = $state<OcclusionStatus>({ kind: 'none' });

  constructor(private readonly playground: DetectionPlayground) {}

  get detection(): Detection | null {
    return this.playground.detections[this.selected] ?? null;
  }

  /** A finished map that still belongs to the image on screen. */
  get map(): Extract<OcclusionStatus, { kind: 'done' }> | null {
    return this.status.kind === 'done' && this.status.image === this.playground.image?.url
      ? this.status
      : null;
  }

  /** Occludes grid × grid patches of the letterboxed input and measures the selected box's score. */
  async run(): Promise<void> {
    const detection = this.detection;
    const loaded = this.playground.slot.loaded;
    const source = this.playground.source;
    const image = this.playground.image?.url ?? '';
    const shown = this.playground.runStatus;
    if (this.status.kind === 'running' || !detection || !loaded || shown.kind !== 'done') return;
    if (!source || this.playground.webcam.active) {
      this.status = {
        kind: 'failed',
        error: STILL_IMAGE_NEEDED,
      };
      return;
    }
    const { run } = shown;
    // Detections are drawn in the original image's pixels; the worker may have downscaled it first.
    const sx = run.transform.sourceWidth / run.originalWidth;
    const sy = run.transform.sourceHeight / run.originalHeight;
    const box = toInputBox(
      {
        x1: detection.box.x1 * sx,
        y1: detection.box.y1 * sy,
        x2: detection.box.x2 * sx,
        y2: detection.box.y2 * sy,
      },
      run.transform,
    );
    const target = { box, score: detection.score, classIndex: detection.classIndex };
    const grid = this.grid;
    this.status = { kind: 'running', done: 0, total: grid * grid };
    let beat = (): void => {};
    const onProgress = InferenceClient.callback((done: number, total: number) => {
      beat();
      if (this.status.kind === 'running') this.status = { kind: 'running', done, total };
    });
    try {
      // A run like any other (Stop and the time limit end it by ending the worker), but the limit holds
      // for each of the map's model runs: NanoDet needs 65, and one may loop forever on a patch.
      const map = await this.playground.runtime.run((service, heartbeat) => {
        beat = heartbeat;
        return service.occlusionMapImage(
          loaded.info.modelKey,
          loaded.backend,
          source,
          target,
          grid,
          onProgress,
        );
      });
      this.status = { kind: 'done', map, detection, image, inputBox: box };
    } catch (error) {
      this.status = { kind: 'failed', error: toErrorData(error) };
    }
  }

  /** Stop: between the map's runs; a run that does not give the worker back in time ends with the worker. */
  async stop(): Promise<void> {
    if (this.status.kind !== 'running') return;
    await stopBetweenRuns(this.playground.runtime, () => this.status.kind === 'running');
  }
}
