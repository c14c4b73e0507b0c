// State and actions of "Feature maps at this box" in the detection view: after an occlusion map, capture
// the detector's run (every value, kept in the worker), list its feature maps, and fetch the chosen layer's
// channels around the explained box (a slice: the box's cells and a margin) or the whole map on request.
import type { CapturedTensor, CapturedValueSummary } from '../../lib/capture/capture-types.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import {
  boxCells,
  cropAround,
  defaultFeatureLayer,
  featureLayers,
  type CellRect,
  type FeatureLayer,
} from '../../lib/explain/feature-crop.ts';
import type { Box } from '../../lib/tasks/object-detection/boxes.ts';
import type { DetectionExplainer, OcclusionStatus } from './detection-explainer.svelte.ts';
import type { DetectionPlayground } from './detection-playground.svelte.ts';

type OcclusionDone = Extract<OcclusionStatus, { kind: 'done' }>;

export interface CapturedFeatures {
  captureId: string;
  /** The occlusion map these belong to: another map (or image) makes them stale. */
  map: OcclusionDone;
  layers: FeatureLayer[];
  summaries: Map<string, CapturedValueSummary>;
  input: { width: number; height: number };
  box: Box;
}

export type FeatureMapsStatus =
  | { kind: 'none' }
  | { kind: 'capturing' }
  | { kind: 'ready'; features: CapturedFeatures }
  /** The model has no image-like [1, C, H, W] values (not a convolutional detector). */
  | { kind: 'no-maps' }
  | { kind: 'failed'; error: ErrorData };

export type FeatureView =
  | { kind: 'loading' }
  | {
      kind: 'ready';
      layer: FeatureLayer;
      tensor: CapturedTensor;
      summary: CapturedValueSummary;
      /** The box's cells in this layer, and the cells the tensor covers (the crop, or the whole map). */
      cells: CellRect;
      shown: CellRect;
    }
  | { kind: 'failed'; error: ErrorData };

export class BoxFeatureMaps {
  status = $state.raw<FeatureMapsStatus>({ kind: 'none' });
  /** The chosen layer's value name. */
  layer = $state<string | null>(null);
  /** Show the whole map instead of the part around the box. */
  whole = $state(false);
  view = $state.raw<FeatureView | null>(null);
  private token = 0;

  constructor(
    private readonly playground: DetectionPlayground,
    private readonly explainer: DetectionExplainer,
  ) {}

  get features(): CapturedFeatures | null {
    return this.status.kind === 'ready' && this.status.features.map === this.explainer.map
      ? this.status.features
      : null;
  }

  get busy(): boolean {
    return this.status.kind === 'capturing' || this.view?.kind === 'loading';
  }

  /** Captures the run behind the current occlusion map (once per map) and shows a layer at its box. */
  async show(layer: string | null = null): Promise<void> {
    const map = this.explainer.map;
    if (!map || this.status.kind === 'capturing') return;
    if (!this.features && !(await this.capture(map))) return;
    const features = this.features;
    if (!features) return;
    const chosen =
      features.layers.find((entry) => entry.name === layer) ??
      features.layers.find((entry) => entry.name === this.layer) ??
      defaultFeatureLayer(features.layers, features.box);
    if (!chosen) return;
    this.layer = chosen.name;
    await this.load();
  }

  /** Fetches the chosen layer: its slice around the box, or the whole map. */
  async load(): Promise<void> {
    const features = this.features;
    const layer = features?.layers.find((entry) => entry.name === this.layer);
    const summary = layer ? features?.summaries.get(layer.name) : undefined;
    if (!features || !layer || !summary) return;
    const mine = ++this.token;
    const size = { width: layer.width, height: layer.height };
    const cells = boxCells(features.box, features.input, size);
    const crop = cropAround(cells, size);
    const shown = this.whole ? { x0: 0, y0: 0, x1: layer.width, y1: layer.height } : crop.rect;
    this.view = { kind: 'loading' };
    try {
      const tensor = await this.playground.runtime.run((service) =>
        service.capturedTensor(features.captureId, layer.name, this.whole ? undefined : crop.slice),
      );
      if (mine === this.token) this.view = { kind: 'ready', layer, tensor, summary, cells, shown };
    } catch (error) {
      if (mine === this.token) this.view = { kind: 'failed', error: toErrorData(error) };
    }
  }

  private async capture(map: OcclusionDone): Promise<boolean> {
    const loaded = this.playground.slot.loaded;
    if (!loaded) return false;
    this.release();
    this.status = { kind: 'capturing' };
    this.view = null;
    try {
      const capture = await this.playground.runtime.run((service) =>
        service.captureRun('object-detection', loaded.info.modelKey, loaded.backend),
      );
      const input = capture.input;
      const size =
        input.kind === 'image'
          ? { width: input.inputWidth, height: input.inputHeight }
          : { width: 0, height: 0 };
      const layers = featureLayers(capture.values, size.height, size.width);
      if (layers.length === 0) {
        void this.releaseId(capture.captureId);
        this.status = { kind: 'no-maps' };
        return false;
      }
      this.status = {
        kind: 'ready',
        features: {
          captureId: capture.captureId,
          map,
          layers,
          summaries: new Map(capture.values.map((value) => [value.name, value])),
          input: size,
          box: map.inputBox,
        },
      };
      return true;
    } catch (error) {
      this.status = { kind: 'failed', error: toErrorData(error) };
      return false;
    }
  }

  /** Lets the worker drop the held capture (a new map replaces it). */
  private release(): void {
    if (this.status.kind === 'ready') void this.releaseId(this.status.features.captureId);
  }

  private async releaseId(captureId: string): Promise<void> {
    try {
      await this.playground.runtime.call((service) => service.releaseCapture(captureId));
    } catch {
      // A crashed worker took its captures with it.
    }
  }
}
