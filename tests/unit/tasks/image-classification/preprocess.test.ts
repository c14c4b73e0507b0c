// Preprocessing against goldens made the way Hugging Face's image processors make them (Pillow's resize,
// centre crop, rescale, normalise: tests/fixtures/image-classification/make_preprocess_goldens.py) for ViT-, ResNet- and ConvNeXt-style
// preprocessor_config.json files, and the stated defaults for missing or absurd files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { preprocessImage } from '../../../../src/lib/tasks/image-classification/preprocess.ts';
import {
  IMAGENET_MEAN,
  readPreprocessing,
} from '../../../../src/lib/tasks/image-classification/preprocessor-config.ts';

interface Goldens {
  width: number;
  height: number;
  rgb: number[];
  cases: Record<
    string,
    { config: Record<string, unknown>; dims: number[]; pixels: number[]; tensor: number[] }
  >;
}
const goldens = JSON.parse(
  readFileSync(
    new URL('../../../fixtures/image-classification/preprocess-goldens.json', import.meta.url),
    'utf8',
  ),
) as Goldens;

function rgba(): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(goldens.width * goldens.height * 4);
  for (let i = 0; i < goldens.width * goldens.height; i++) {
    data.set(goldens.rgb.slice(i * 3, i * 3 + 3), i * 4);
    data[i * 4 + 3] = 255;
  }
  return { width: goldens.width, height: goldens.height, data };
}

describe('preprocessImage against Pillow + NumPy goldens', () => {
  for (const [name, golden] of Object.entries(goldens.cases)) {
    it(`matches ${name}-style preprocessing within one level of Pillow's fixed-point resize`, () => {
      const { settings, notes } = readPreprocessing(golden.config, ['batch', 3, 'height', 'width']);
      expect(notes).toEqual([]);
      expect([1, 3, settings.inputHeight, settings.inputWidth]).toEqual(golden.dims);
      const { tensor, pixels } = preprocessImage(rgba(), settings);
      let levelsOff = 0;
      let exact = 0;
      for (let i = 0; i < golden.pixels.length; i++) {
        const pixel = Math.floor(i / 3);
        const ours = pixels.data[pixel * 4 + (i % 3)] ?? -1;
        levelsOff = Math.max(levelsOff, Math.abs(ours - (golden.pixels[i] ?? 0)));
        if (ours === golden.pixels[i]) exact++;
      }
      expect(levelsOff).toBeLessThanOrEqual(1);
      expect(exact / golden.pixels.length).toBeGreaterThan(0.97);
      const std = (golden.config.image_std as number[] | undefined) ?? [1, 1, 1];
      const plane = settings.inputWidth * settings.inputHeight;
      for (let i = 0; i < golden.tensor.length; i++) {
        const limit = 1 / 255 / (std[Math.floor(i / plane)] ?? 1) + 1e-5;
        expect(Math.abs((tensor[i] ?? NaN) - (golden.tensor[i] ?? 0))).toBeLessThanOrEqual(limit);
      }
    });
  }

  it('lays a channels-last model out as [1, H, W, 3]', () => {
    const { settings } = readPreprocessing(goldens.cases.vit?.config ?? null, [1, 24, 24, 3]);
    expect(settings.layout).toBe('channels-last');
    const first = preprocessImage(rgba(), settings).tensor;
    const chw = preprocessImage(rgba(), { ...settings, layout: 'channels-first' }).tensor;
    expect(first[3 * 5 + 2]).toBe(chw[2 * 24 * 24 + 5]);
  });
});

describe('readPreprocessing defaults and hostile values', () => {
  it('states the defaults when the file is missing, and takes the model’s fixed size', () => {
    const { settings, notes, source } = readPreprocessing(null, [1, 3, 32, 32]);
    expect(source).toBe('default');
    expect(settings).toMatchObject({
      inputWidth: 32,
      inputHeight: 32,
      rescale: 1 / 255,
      mean: IMAGENET_MEAN,
    });
    expect(notes[0]).toContain('no preprocessor_config.json');
    expect(readPreprocessing(null, ['n', 3, 'h', 'w']).settings.inputWidth).toBe(224);
  });

  it('replaces absurd sizes with a sane default and says so', () => {
    const { settings, notes } = readPreprocessing({ size: { height: 100000, width: -3 } }, [
      'n',
      3,
      'h',
      'w',
    ]);
    expect(settings.inputWidth).toBe(224);
    expect(notes.join(' ')).toContain('not a usable image size');
    const huge = readPreprocessing({ size: 1e9, image_std: [0, 0, 0], resample: 99 }, [1, 3, 64, 64]);
    expect(huge.settings).toMatchObject({ inputWidth: 64, inputHeight: 64, resample: 'bilinear' });
    expect(huge.notes.join(' ')).toMatch(
      /not three positive numbers.*not a Pillow filter|not a Pillow filter/s,
    );
  });

  it('brings a file that disagrees with the model’s fixed input to the model’s size', () => {
    const { settings, notes } = readPreprocessing({ size: { height: 384, width: 384 } }, [1, 3, 224, 224]);
    expect(settings.inputWidth).toBe(224);
    expect(notes[0]).toContain('The model takes 224 × 224 images');
  });
});
