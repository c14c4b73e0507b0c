// The user's preprocessing values: the form starts from the model's, sane values become settings a run
// uses (tensor size and all), and each absurd value, or a size the model cannot take, is one sentence.
import { describe, expect, it } from 'vitest';
import { applyEdit, editOf } from '../../../../src/lib/tasks/image-classification/preprocessing-edit.ts';
import { readPreprocessing } from '../../../../src/lib/tasks/image-classification/preprocessor-config.ts';

const vit = readPreprocessing(
  { size: { height: 32, width: 32 }, resample: 2, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] },
  [1, 3, 32, 32],
).settings;
const resnet = readPreprocessing({ size: { shortest_edge: 224 }, crop_pct: 0.875, resample: 3 }, [
  'batch',
  3,
  'height',
  'width',
]).settings;
const fixed32 = { width: 32, height: 32 };
const dynamic = { width: null, height: null };

describe('editOf', () => {
  it('starts from the model’s values', () => {
    expect(editOf(vit)).toMatchObject({
      resizeMode: 'exact',
      width: 32,
      height: 32,
      crop: false,
      resample: 'bilinear',
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.5, 0.5],
    });
    expect(editOf(resnet)).toMatchObject({
      resizeMode: 'shortest-edge',
      edge: 256,
      crop: true,
      cropWidth: 224,
    });
  });

  it('gives the model’s own settings back when nothing is edited', () => {
    expect(applyEdit(vit, editOf(vit), fixed32)).toEqual({ settings: vit, problems: [] });
    expect(applyEdit(resnet, editOf(resnet), dynamic)).toEqual({ settings: resnet, problems: [] });
  });
});

describe('applyEdit', () => {
  it('uses edited resample, mean and std', () => {
    const edit = {
      ...editOf(vit),
      resample: 'nearest' as const,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
    };
    const { settings } = applyEdit(vit, edit as ReturnType<typeof editOf>, fixed32);
    expect(settings).toMatchObject({
      resample: 'nearest',
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
    });
    expect(settings?.layout).toBe(vit.layout);
  });

  it('resizes larger then crops to the model’s size (the 256 → 224 question), with the tensor size following', () => {
    const { settings } = applyEdit(
      vit,
      { ...editOf(vit), width: 40, height: 40, crop: true, cropWidth: 32, cropHeight: 32 },
      fixed32,
    );
    expect(settings).toMatchObject({
      resize: { mode: 'exact', width: 40, height: 40 },
      crop: { width: 32, height: 32 },
      inputWidth: 32,
      inputHeight: 32,
    });
    const open = applyEdit(
      resnet,
      { ...editOf(resnet), edge: 300, cropWidth: 288, cropHeight: 288 },
      dynamic,
    );
    expect(open.settings).toMatchObject({ inputWidth: 288, inputHeight: 288 });
  });

  it('refuses a size the model cannot take, in one sentence', () => {
    const { settings, problems } = applyEdit(vit, { ...editOf(vit), width: 40, height: 40 }, fixed32);
    expect(settings).toBeNull();
    expect(problems).toEqual([
      'The model takes 32 × 32 images, but these values make 40 × 40: resize to 32 × 32.',
    ]);
  });

  it('gives one sentence per absurd value', () => {
    const edit = {
      ...editOf(vit),
      width: 0,
      height: 100_000,
      mean: [0.5, Number.NaN, 9999] as [number, number, number],
      std: [0, -1, 0.5] as [number, number, number],
    };
    const { settings, problems } = applyEdit(vit, edit, fixed32);
    expect(settings).toBeNull();
    expect(problems).toHaveLength(6);
    expect(problems[0]).toMatch(/resize width must be a whole number of pixels from 8 to 1024; 0 is not/);
    expect(problems).toContain(
      'The R std is 0: normalising divides by it. Give a positive number, such as 0.229.',
    );
    expect(problems.some((p) => /The G mean NaN is out of range/.test(p))).toBe(true);
  });

  it('asks for a crop when the shorter side is resized', () => {
    const { problems } = applyEdit(resnet, { ...editOf(resnet), crop: false }, dynamic);
    expect(problems).toEqual([expect.stringMatching(/needs a centre crop/)]);
  });
});
