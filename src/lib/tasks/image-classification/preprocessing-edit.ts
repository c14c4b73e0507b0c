// The preprocessing a user types in place of the model's (the "why does Python give another answer?"
// question): the editable values, and their check. Each value out of sane bounds, or a size the model
// cannot take, is one sentence; only values with no problem become settings for a run. Pure.
import { MAX_SIDE, MIN_SIDE, type ImagePreprocessing } from './preprocessor-config.ts';
import type { ResampleFilter } from './resample.ts';

export type Triple = [number, number, number];

export interface PreprocessingEdit {
  resizeMode: 'exact' | 'shortest-edge';
  width: number;
  height: number;
  edge: number;
  crop: boolean;
  cropWidth: number;
  cropHeight: number;
  resample: ResampleFilter;
  mean: Triple;
  std: Triple;
}

/** Means beyond this are not a normalisation of 0..1 or 0..255 levels: a typo. */
export const MAX_ABS_MEAN = 255;
export const MIN_STD = 0.001;
export const MAX_STD = 255;

/** The editable values of settings, as the form starts (and Reset returns to). */
export function editOf(settings: ImagePreprocessing): PreprocessingEdit {
  const { resize, crop } = settings;
  return {
    resizeMode: resize.mode,
    width: resize.mode === 'exact' ? resize.width : settings.inputWidth,
    height: resize.mode === 'exact' ? resize.height : settings.inputHeight,
    edge: resize.mode === 'shortest-edge' ? resize.edge : Math.min(settings.inputWidth, settings.inputHeight),
    crop: crop !== null,
    cropWidth: crop?.width ?? settings.inputWidth,
    cropHeight: crop?.height ?? settings.inputHeight,
    resample: settings.resample,
    // No normalisation is the same as mean 0 and std 1.
    mean: settings.mean ? [...settings.mean] : [0, 0, 0],
    std: settings.std ? [...settings.std] : [1, 1, 1],
  };
}

function sideProblem(name: string, value: number): string | null {
  return Number.isInteger(value) && value >= MIN_SIDE && value <= MAX_SIDE
    ? null
    : `${name} must be a whole number of pixels from ${MIN_SIDE} to ${MAX_SIDE}; ${String(value)} is not.`;
}

export type EditCheck =
  { settings: ImagePreprocessing; problems: [] } | { settings: null; problems: string[] };

/**
 * The settings a run uses: base (the model's) with the edited values. fixed: the model's own input size
 * where it fixes one; the tensor must have it.
 */
export function applyEdit(
  base: ImagePreprocessing,
  edit: PreprocessingEdit,
  fixed: { width: number | null; height: number | null },
): EditCheck {
  const problems: string[] = [];
  const sides: Array<[string, number]> =
    edit.resizeMode === 'exact'
      ? [
          ['The resize width', edit.width],
          ['The resize height', edit.height],
        ]
      : [['The shorter side', edit.edge]];
  if (edit.crop) sides.push(['The crop width', edit.cropWidth], ['The crop height', edit.cropHeight]);
  for (const [name, value] of sides) {
    const problem = sideProblem(name, value);
    if (problem) problems.push(problem);
  }
  edit.mean.forEach((value, channel) => {
    if (!Number.isFinite(value) || Math.abs(value) > MAX_ABS_MEAN)
      problems.push(
        `The ${'RGB'[channel]} mean ${String(value)} is out of range: means lie from −${MAX_ABS_MEAN} to ${MAX_ABS_MEAN} (0.485 for ImageNet on 0..1 levels).`,
      );
  });
  edit.std.forEach((value, channel) => {
    if (!Number.isFinite(value) || value < MIN_STD || value > MAX_STD)
      problems.push(
        value === 0
          ? `The ${'RGB'[channel]} std is 0: normalising divides by it. Give a positive number, such as 0.229.`
          : `The ${'RGB'[channel]} std ${String(value)} is out of range: stds lie from ${MIN_STD} to ${MAX_STD}.`,
      );
  });
  if (edit.resizeMode === 'shortest-edge' && !edit.crop) {
    problems.push(
      'Resizing the shorter side keeps the image’s shape, so it needs a centre crop: every image must give the model the same size.',
    );
  }
  if (problems.length > 0) return { settings: null, problems };

  const out = edit.crop
    ? { width: edit.cropWidth, height: edit.cropHeight }
    : { width: edit.width, height: edit.height };
  if (
    (fixed.width !== null && fixed.width !== out.width) ||
    (fixed.height !== null && fixed.height !== out.height)
  ) {
    const want = `${fixed.width ?? out.width} × ${fixed.height ?? out.height}`;
    return {
      settings: null,
      problems: [
        `The model takes ${want} images, but these values make ${out.width} × ${out.height}: ${edit.crop ? 'crop' : 'resize'} to ${want}.`,
      ],
    };
  }
  return {
    settings: {
      ...base,
      resize:
        edit.resizeMode === 'exact'
          ? { mode: 'exact', width: edit.width, height: edit.height }
          : { mode: 'shortest-edge', edge: edit.edge },
      crop: edit.crop ? { width: edit.cropWidth, height: edit.cropHeight } : null,
      resample: edit.resample,
      mean: [...edit.mean],
      std: [...edit.std],
      inputWidth: out.width,
      inputHeight: out.height,
    },
    problems: [],
  };
}
