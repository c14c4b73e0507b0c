// Bilinear upsampling and argmax against PyTorch's F.interpolate(bilinear, align_corners=False), the legend's
// shares, and a pixel's top classes (tests/fixtures/dense/make_upsample_goldens.py made the goldens).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classesAtPixel,
  legendOf,
  upsampledArgmax,
} from '../../../../src/lib/tasks/semantic-segmentation/class-map.ts';
import { classMapPixels } from '../../../../src/lib/tasks/semantic-segmentation/class-colours.ts';
import {
  mapSize,
  upsampleBilinear,
  valuesAt,
} from '../../../../src/lib/tasks/semantic-segmentation/upsample.ts';

interface Case {
  channels: number;
  height: number;
  width: number;
  outHeight: number;
  outWidth: number;
  input: number[];
  output: number[];
  argmax: number[];
}
const { cases } = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../fixtures/dense/upsample-goldens.json'), 'utf8'),
) as { cases: Case[] };

describe('bilinear upsampling as PyTorch does it', () => {
  it.each(cases.map((c) => [`${c.height}×${c.width} → ${c.outHeight}×${c.outWidth}`, c] as const))(
    '%s equals F.interpolate, and argmax equals torch.argmax',
    (_, c) => {
      const planes = { data: c.input, channels: c.channels, height: c.height, width: c.width };
      const out = upsampleBilinear(planes, c.outHeight, c.outWidth);
      expect(out.length).toBe(c.output.length);
      let worst = 0;
      for (let i = 0; i < out.length; i++)
        worst = Math.max(worst, Math.abs((out[i] as number) - (c.output[i] as number)));
      expect(worst).toBeLessThan(1e-5);
      expect(Array.from(upsampledArgmax(planes, c.outHeight, c.outWidth))).toEqual(c.argmax);
      // One pixel read alone gives the same values as the whole map.
      const x = c.outWidth - 1;
      const y = Math.floor(c.outHeight / 2);
      const at = valuesAt(planes, c.outHeight, c.outWidth, x, y);
      at.forEach((value, channel) =>
        expect(value).toBeCloseTo(out[(channel * c.outHeight + y) * c.outWidth + x] as number, 5),
      );
    },
  );

  it('keeps NaN from winning the argmax', () => {
    const planes = { data: [Number.NaN, 1, 0.5, 2], channels: 2, height: 1, width: 2 };
    expect(Array.from(upsampledArgmax(planes, 1, 2))).toEqual([1, 1]);
  });

  it('computes a big image’s map at 1,024 px on its long side at most', () => {
    expect(mapSize(2048, 1536)).toEqual({ width: 1024, height: 768 });
    expect(mapSize(240, 180)).toEqual({ width: 240, height: 180 });
    expect(mapSize(10_000, 1)).toEqual({ width: 1024, height: 1 });
  });
});

describe('the legend and a pixel’s classes', () => {
  it('lists the classes present by share, largest first, with ids named by id2label', () => {
    const classes = new Uint8Array([0, 0, 0, 2, 2, 1, 0, 2]);
    const legend = legendOf(classes, ['wall', 'floor', 'sky']);
    expect(legend.map((entry) => [entry.label, entry.share])).toEqual([
      ['wall', 0.5],
      ['sky', 0.375],
      ['floor', 0.125],
    ]);
    expect(legend.reduce((total, entry) => total + entry.share, 0)).toBeCloseTo(1, 12);
    expect(legendOf(new Uint8Array([3]), ['a'])[0]?.label).toBe('class 3');
  });

  it('reads a pixel’s top three classes as the softmax of its upsampled logits', () => {
    const planes = { data: [2, 2, 0, 0, 1, 1, 0, 0], channels: 4, height: 1, width: 2 };
    const top = classesAtPixel(planes, 2, 1, 0, 0, ['a', 'b', 'c', 'd']);
    const z = Math.exp(2) + Math.exp(0) + Math.exp(1) + Math.exp(0);
    expect(top.map((entry) => entry.label)).toEqual(['a', 'c', 'b']);
    expect(top[0]?.probability).toBeCloseTo(Math.exp(2) / z, 10);
  });

  it('paints each class in its palette colour, opaque', () => {
    const pixels = classMapPixels(new Uint8Array([0, 1]));
    expect(Array.from(pixels.slice(0, 4))).toEqual([0xf3, 0xc3, 0x00, 255]);
    expect(Array.from(pixels.slice(4, 8))).toEqual([0x87, 0x56, 0x92, 255]);
  });
});
