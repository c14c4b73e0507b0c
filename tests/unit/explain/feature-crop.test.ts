// Feature maps at a box: which captured values are maps, the cells a box covers at a layer's resolution,
// the slice around them, the mark inside that slice, the default layer, and the matching input crop.
import { describe, expect, it } from 'vitest';
import type { CapturedValueSummary } from '../../../src/lib/capture/capture-types.ts';
import {
  backboneLength,
  boxCells,
  cropAround,
  cropRgba,
  defaultFeatureLayer,
  featureLayers,
  markIn,
} from '../../../src/lib/explain/feature-crop.ts';

function value(name: string, shape: number[], producerOpType = 'Conv'): CapturedValueSummary {
  return { name, shape, producerOpType } as CapturedValueSummary;
}

describe('feature maps at a box', () => {
  const values = [
    value('stem', [1, 16, 128, 128]),
    value('scores', [1, 80, 3549]),
    value('pooled', [1, 64, 1, 1], 'GlobalAveragePool'),
    value('dfl', [1, 4, 16, 1344], 'Reshape'),
    value('p3', [1, 32, 32, 32], 'Relu'),
    value('p5', [1, 64, 8, 8]),
  ];

  it('keeps only image-like maps with a stride, in order', () => {
    const layers = featureLayers(values, 256, 256);
    expect(layers.map((layer) => [layer.name, layer.stride])).toEqual([
      ['stem', 2],
      ['p3', 8],
      ['p5', 32],
    ]);
  });

  it('finds the cells a box covers at a layer, at least one, clamped to the map', () => {
    const map = { width: 32, height: 32 };
    const input = { width: 256, height: 256 };
    expect(boxCells({ x1: 40, y1: 64, x2: 100, y2: 90 }, input, map)).toEqual({
      x0: 5,
      y0: 8,
      x1: 13,
      y1: 12,
    });
    expect(boxCells({ x1: 41, y1: 41, x2: 42, y2: 42 }, input, map)).toEqual({ x0: 5, y0: 5, x1: 6, y1: 6 });
    expect(boxCells({ x1: -20, y1: 250, x2: 300, y2: 400 }, input, map)).toEqual({
      x0: 0,
      y0: 31,
      x1: 32,
      y1: 32,
    });
  });

  it('crops half a box around the box (at least a cell) and marks the box inside the crop', () => {
    const cells = { x0: 5, y0: 8, x1: 13, y1: 12 };
    const { rect, slice } = cropAround(cells, { width: 32, height: 32 });
    expect(rect).toEqual({ x0: 1, y0: 6, x1: 17, y1: 14 });
    expect(slice).toEqual({ start: [0, 0, 6, 1], count: [1, 0, 8, 16] });
    expect(markIn(cells, { x: 1, y: 6, width: 16, height: 8 })).toEqual({
      x: 0.25,
      y: 0.25,
      width: 0.5,
      height: 0.5,
    });
    expect(cropAround({ x0: 0, y0: 0, x1: 1, y1: 1 }, { width: 4, height: 4 }).rect).toEqual({
      x0: 0,
      y0: 0,
      x1: 2,
      y1: 2,
    });
  });

  it('takes the backbone to end where the stride first goes down again (the neck upsamples)', () => {
    const strides = [2, 4, 4, 8, 16, 32, 16, 8, 16, 32];
    const layers = strides.map((stride, i) => ({
      name: `v${i}`,
      opType: 'Conv',
      channels: 8,
      height: 256 / stride,
      width: 256 / stride,
      stride,
    }));
    expect(backboneLength(layers)).toBe(6);
    expect(backboneLength(layers.slice(0, 4))).toBe(4);
    // A box 100 px wide spans 2 cells at stride 32 in the backbone; the neck's later stride-32 map is not it.
    expect(defaultFeatureLayer(layers, { x1: 0, y1: 0, x2: 100, y2: 100 })?.name).toBe('v5');
    expect(defaultFeatureLayer(layers, { x1: 0, y1: 0, x2: 40, y2: 40 })?.name).toBe('v4');
  });

  it('shows first the deepest layer where the box spans 2 × 2 cells', () => {
    const layers = featureLayers(values, 256, 256);
    expect(defaultFeatureLayer(layers, { x1: 0, y1: 0, x2: 70, y2: 80 })?.name).toBe('p5');
    expect(defaultFeatureLayer(layers, { x1: 0, y1: 0, x2: 20, y2: 80 })?.name).toBe('p3');
    expect(defaultFeatureLayer(layers, { x1: 0, y1: 0, x2: 3, y2: 3 })?.name).toBe('stem');
    expect(defaultFeatureLayer([], { x1: 0, y1: 0, x2: 3, y2: 3 })).toBeNull();
  });

  it('crops the matching pixels of the model input', () => {
    const width = 4;
    const data = new Uint8ClampedArray(4 * 4 * 4).map((_, i) => i);
    const crop = cropRgba(data, width, { x0: 1, y0: 2, x1: 3, y1: 3 });
    expect(crop.width).toBe(2);
    expect(crop.height).toBe(1);
    expect([...crop.data]).toEqual([...data.slice((2 * 4 + 1) * 4, (2 * 4 + 3) * 4)]);
  });
});
