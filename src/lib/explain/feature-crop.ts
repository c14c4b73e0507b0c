// Feature maps at a detection's location (pure): which values of a captured detector run are feature maps,
// the cells a box in model-input pixels covers in one map's resolution, the slice around them (the box and
// a margin) that the page fetches, the box marked inside that slice, and the default layer to show.
import type { CapturedValueSummary, TensorSlice } from '../capture/capture-types.ts';
import type { Box } from '../tasks/object-detection/boxes.ts';

/** Cells [x0, x1) × [y0, y1) of a map. */
export interface CellRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface FeatureLayer {
  name: string;
  opType: string;
  channels: number;
  height: number;
  width: number;
  /** Model input pixels per map cell (the input height over the map's). */
  stride: number;
}

/** Image-like [1, C, H, W] values with H, W > 1, in topological order: the maps a box can be found in. */
export function featureLayers(
  values: readonly CapturedValueSummary[],
  inputHeight: number,
  inputWidth: number,
): FeatureLayer[] {
  return values.flatMap((value) => {
    const [n, channels, height, width] = value.shape;
    if (value.shape.length !== 4 || n !== 1 || !channels || !height || !width) return [];
    if (height < 2 || width < 2 || height > inputHeight || width > inputWidth) return [];
    return [
      {
        name: value.name,
        opType: value.producerOpType,
        channels,
        height,
        width,
        stride: inputHeight / height,
      },
    ];
  });
}

/** The cells of a height × width map that a box (model-input pixels) overlaps; at least one cell. */
export function boxCells(
  box: Box,
  input: { width: number; height: number },
  map: { width: number; height: number },
): CellRect {
  const sx = map.width / input.width;
  const sy = map.height / input.height;
  const clamp = (value: number, size: number) => Math.min(size, Math.max(0, value));
  const x0 = clamp(Math.floor(box.x1 * sx), map.width - 1);
  const y0 = clamp(Math.floor(box.y1 * sy), map.height - 1);
  const x1 = Math.max(x0 + 1, clamp(Math.ceil(box.x2 * sx), map.width));
  const y1 = Math.max(y0 + 1, clamp(Math.ceil(box.y2 * sy), map.height));
  return { x0, y0, x1, y1 };
}

/**
 * The part of the map shown around the box: its cells plus a margin of half the box on every side (at least
 * one cell), clamped to the map, as the [1, C, h, w] slice to fetch.
 */
export function cropAround(
  cells: CellRect,
  map: { width: number; height: number },
): { rect: CellRect; slice: TensorSlice } {
  const mx = Math.max(1, Math.ceil((cells.x1 - cells.x0) / 2));
  const my = Math.max(1, Math.ceil((cells.y1 - cells.y0) / 2));
  const rect = {
    x0: Math.max(0, cells.x0 - mx),
    y0: Math.max(0, cells.y0 - my),
    x1: Math.min(map.width, cells.x1 + mx),
    y1: Math.min(map.height, cells.y1 + my),
  };
  return {
    rect,
    slice: { start: [0, 0, rect.y0, rect.x0], count: [1, 0, rect.y1 - rect.y0, rect.x1 - rect.x0] },
  };
}

/** The box's cells as fractions of a shown map that starts at cell (x, y) and is width × height cells. */
export function markIn(
  cells: CellRect,
  shown: { x: number; y: number; width: number; height: number },
): { x: number; y: number; width: number; height: number } {
  return {
    x: (cells.x0 - shown.x) / shown.width,
    y: (cells.y0 - shown.y) / shown.height,
    width: (cells.x1 - cells.x0) / shown.width,
    height: (cells.y1 - cells.y0) / shown.height,
  };
}

/**
 * How many of the layers (in topological order) form the backbone: the run before the first map coarser
 * layers are upsampled back from (a neck such as FPN/PAN makes the stride go down again), or all of them.
 */
export function backboneLength(layers: readonly FeatureLayer[]): number {
  let coarsest = 0;
  for (let i = 0; i < layers.length; i++) {
    const stride = (layers[i] as FeatureLayer).stride;
    if (stride < coarsest) return i;
    coarsest = Math.max(coarsest, stride);
  }
  return layers.length;
}

/**
 * The layer shown first: the deepest backbone layer in which the box still spans at least 2 × 2 cells (a
 * map fine enough to show where inside the box the channels respond), else the first feature map.
 */
export function defaultFeatureLayer(layers: readonly FeatureLayer[], box: Box): FeatureLayer | null {
  const side = Math.min(box.x2 - box.x1, box.y2 - box.y1);
  const fine = layers.slice(0, backboneLength(layers)).filter((layer) => side / layer.stride >= 2);
  return fine.at(-1) ?? layers[0] ?? null;
}

/** Rows x0..x1, y0..y1 (pixels) of an RGBA image, copied: the model input behind a cropped map. */
export function cropRgba(
  data: Uint8ClampedArray,
  width: number,
  rect: CellRect,
): { data: Uint8ClampedArray<ArrayBuffer>; width: number; height: number } {
  const cropWidth = rect.x1 - rect.x0;
  const cropHeight = rect.y1 - rect.y0;
  const out = new Uint8ClampedArray(cropWidth * cropHeight * 4);
  for (let y = 0; y < cropHeight; y++) {
    const from = ((rect.y0 + y) * width + rect.x0) * 4;
    out.set(data.subarray(from, from + cropWidth * 4), y * cropWidth * 4);
  }
  return { data: out, width: cropWidth, height: cropHeight };
}
