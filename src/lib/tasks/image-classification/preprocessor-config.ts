// How an image classifier wants its input, read from the model's preprocessor_config.json (Hugging Face's
// image processors: ViT, ConvNeXt, ResNet, MobileNet, BEiT, ...) and its input shape. Hostile or missing
// values fall back to stated defaults, and each fallback is one sentence the view shows beside the values.
import { visibleText } from '../../visible-text.ts';
import { RESAMPLE_CODES, type ResampleFilter } from './resample.ts';

export type ChannelLayout = 'channels-first' | 'channels-last';

export interface ImagePreprocessing {
  /** exact: warp to width × height; shortest-edge: scale so the shorter side is `edge`, keeping the ratio. */
  resize: { mode: 'exact'; width: number; height: number } | { mode: 'shortest-edge'; edge: number };
  resample: ResampleFilter;
  /** The centre crop after resizing, or null. */
  crop: { width: number; height: number } | null;
  /** Multiplies 0..255 levels (1/255 gives 0..1); null leaves levels as they are. */
  rescale: number | null;
  /** Per-channel mean and std in RGB order, after rescaling; null: no normalisation. */
  mean: [number, number, number] | null;
  std: [number, number, number] | null;
  layout: ChannelLayout;
  /** BGR for models converted from Caffe/OpenCV pipelines (config "do_convert_rgb": false with "channel_order"). */
  channelOrder: 'rgb' | 'bgr';
  /** The tensor's height and width: what resize and crop produce. */
  inputWidth: number;
  inputHeight: number;
}

export interface PreprocessingChoice {
  settings: ImagePreprocessing;
  /** Where the values came from: preprocessor_config.json, or defaults. */
  source: 'file' | 'default';
  /** One sentence per value that was missing or unusable and what was used instead. */
  notes: string[];
}

/** The size assumed when neither the file nor the model fixes one: what most ImageNet models take. */
export const DEFAULT_SIZE = 224;
/** Sides outside this range are not image-model inputs: a typo or a hostile file. */
export const MIN_SIDE = 8;
export const MAX_SIDE = 1024;
export const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];
/** ConvNeXt's image processor: below this shortest edge, resize to edge / crop_pct, then centre-crop. */
const CROP_PCT_EDGE_LIMIT = 384;

/** The image input's shape as the session reports it: [N, 3, H, W] or [N, H, W, 3] (dims may be symbolic). */
export function layoutOf(shape: ReadonlyArray<number | string>): ChannelLayout {
  return shape[1] !== 3 && shape[3] === 3 ? 'channels-last' : 'channels-first';
}

/** The fixed height and width of the image input, where the model fixes them. */
export function fixedSize(
  shape: ReadonlyArray<number | string>,
  layout: ChannelLayout,
): { h: number | null; w: number | null } {
  const [h, w] = layout === 'channels-first' ? [shape[2], shape[3]] : [shape[1], shape[2]];
  const fixed = (dim: number | string | undefined): number | null =>
    typeof dim === 'number' && dim >= MIN_SIDE && dim <= MAX_SIDE ? dim : null;
  return { h: fixed(h), w: fixed(w) };
}

function isSide(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_SIDE && value <= MAX_SIDE;
}

function triple(value: unknown): [number, number, number] | null {
  if (typeof value === 'number' && Number.isFinite(value)) return [value, value, value];
  if (!Array.isArray(value) || value.length !== 3) return null;
  const numbers = value.map(Number);
  return numbers.every((n) => Number.isFinite(n)) ? (numbers as [number, number, number]) : null;
}

function describe(value: unknown): string {
  return visibleText(JSON.stringify(value) ?? String(value)).slice(0, 60);
}

/**
 * The preprocessing for an image classifier: preprocessor_config.json's values where present and sane,
 * the model's fixed input size next, and defaults (224 × 224, 0..1, ImageNet mean and std) last.
 */
export function readPreprocessing(
  file: Record<string, unknown> | null,
  inputShape: ReadonlyArray<number | string>,
): PreprocessingChoice {
  const notes: string[] = [];
  const layout = layoutOf(inputShape);
  const model = fixedSize(inputShape, layout);
  const config = file ?? {};
  if (file === null) {
    notes.push(
      'The model has no preprocessor_config.json: Glassbox resizes the image to the model’s input size (224 × 224 when the model does not fix it), scales it to 0..1 and normalises it with ImageNet’s mean and std, the most common choice.',
    );
  }
  const fallbackSize = {
    width: model.w ?? model.h ?? DEFAULT_SIZE,
    height: model.h ?? model.w ?? DEFAULT_SIZE,
  };

  // size: {height, width}, {shortest_edge}, or a bare number (older processors).
  const size = config.size;
  let resize: ImagePreprocessing['resize'] = { mode: 'exact', ...fallbackSize };
  const sized = typeof size === 'object' && size !== null ? (size as Record<string, unknown>) : null;
  const doResize = config.do_resize !== false;
  if (!doResize) {
    notes.push(
      'preprocessor_config.json turns resizing off; the image is still resized to the model’s input size, since a tensor needs one size.',
    );
  } else if (isSide(size)) {
    // ConvNeXt's processor (ResNet's too) reads a bare size as the shortest edge; ViT's as a square.
    resize =
      config.crop_pct !== undefined
        ? { mode: 'shortest-edge', edge: size }
        : { mode: 'exact', width: size, height: size };
  } else if (sized && isSide(sized.height) && isSide(sized.width)) {
    resize = { mode: 'exact', width: sized.width, height: sized.height };
  } else if (sized && isSide(sized.shortest_edge)) {
    resize = { mode: 'shortest-edge', edge: sized.shortest_edge };
  } else if (size !== undefined) {
    notes.push(
      `preprocessor_config.json's size ${describe(size)} is not a usable image size (sides from ${MIN_SIDE} to ${MAX_SIDE} pixels); ${fallbackSize.width} × ${fallbackSize.height} is used instead.`,
    );
  }

  let crop: ImagePreprocessing['crop'] = null;
  const cropSize = config.crop_size;
  const cropped =
    typeof cropSize === 'object' && cropSize !== null ? (cropSize as Record<string, unknown>) : null;
  if (config.do_center_crop === true) {
    if (isSide(cropSize)) crop = { width: cropSize, height: cropSize };
    else if (cropped && isSide(cropped.height) && isSide(cropped.width))
      crop = { width: cropped.width, height: cropped.height };
    else {
      crop = fallbackSize;
      notes.push(
        `preprocessor_config.json asks for a centre crop but its crop_size ${describe(cropSize)} is not usable; ${crop.width} × ${crop.height} is used.`,
      );
    }
  }
  // ConvNeXt and ResNet: crop_pct with a shortest edge below 384 resizes to edge / crop_pct, then crops.
  const cropPct = config.crop_pct;
  if (resize.mode === 'shortest-edge' && crop === null) {
    const edge = resize.edge;
    if (typeof cropPct === 'number' && cropPct > 0.05 && cropPct <= 1 && edge < CROP_PCT_EDGE_LIMIT) {
      resize = { mode: 'shortest-edge', edge: Math.trunc(edge / cropPct) };
      crop = { width: edge, height: edge };
    } else if (edge >= CROP_PCT_EDGE_LIMIT && cropPct !== undefined) {
      resize = { mode: 'exact', width: edge, height: edge };
    } else if (cropPct !== undefined) {
      notes.push(
        `preprocessor_config.json's crop_pct ${describe(cropPct)} is not a fraction in (0, 1]; no crop is made.`,
      );
    }
  }

  const resampleCode = config.resample;
  let resample: ResampleFilter = 'bilinear';
  if (typeof resampleCode === 'number' && RESAMPLE_CODES[resampleCode])
    resample = RESAMPLE_CODES[resampleCode];
  else if (resampleCode !== undefined)
    notes.push(
      `preprocessor_config.json's resample ${describe(resampleCode)} is not a Pillow filter; bilinear is used.`,
    );

  let rescale: number | null = 1 / 255;
  if (config.do_rescale === false) rescale = null;
  else if (
    typeof config.rescale_factor === 'number' &&
    Number.isFinite(config.rescale_factor) &&
    config.rescale_factor > 0
  ) {
    rescale = config.rescale_factor;
  } else if (config.rescale_factor !== undefined) {
    notes.push(
      `preprocessor_config.json's rescale_factor ${describe(config.rescale_factor)} is not a positive number; 1/255 is used.`,
    );
  }

  let mean: ImagePreprocessing['mean'] = IMAGENET_MEAN;
  let std: ImagePreprocessing['std'] = IMAGENET_STD;
  if (file !== null && config.do_normalize === false) {
    mean = null;
    std = null;
  } else if (file !== null) {
    const givenMean = triple(config.image_mean);
    const givenStd = triple(config.image_std);
    if (config.image_mean !== undefined && givenMean === null) {
      notes.push(
        `preprocessor_config.json's image_mean ${describe(config.image_mean)} is not three numbers; ImageNet's mean is used.`,
      );
    }
    if (config.image_std !== undefined && (givenStd === null || givenStd.some((s) => s <= 0))) {
      notes.push(
        `preprocessor_config.json's image_std ${describe(config.image_std)} is not three positive numbers; ImageNet's std is used.`,
      );
    }
    if (givenMean) mean = givenMean;
    if (givenStd && givenStd.every((s) => s > 0)) std = givenStd;
  }

  const final = crop ?? (resize.mode === 'exact' ? resize : { width: resize.edge, height: resize.edge });
  // A model that fixes its input size wins over a file that disagrees: the tensor must fit the model.
  let settingsCrop = crop;
  if ((model.w !== null && model.w !== final.width) || (model.h !== null && model.h !== final.height)) {
    const fitted = { width: model.w ?? final.width, height: model.h ?? final.height };
    notes.push(
      `The model takes ${fitted.width} × ${fitted.height} images, but preprocessor_config.json makes ${final.width} × ${final.height}; the image is brought to the model's size.`,
    );
    if (resize.mode === 'exact' || crop === null) resize = { mode: 'exact', ...fitted };
    else settingsCrop = fitted;
  }
  const out =
    settingsCrop ?? (resize.mode === 'exact' ? resize : { width: resize.edge, height: resize.edge });
  if (resize.mode === 'shortest-edge' && settingsCrop === null)
    settingsCrop = { width: out.width, height: out.height };
  const channelOrder = config.channel_order === 'bgr' || config.channel_order === 'BGR' ? 'bgr' : 'rgb';
  return {
    settings: {
      resize,
      resample,
      crop: settingsCrop,
      rescale,
      mean,
      std,
      layout,
      channelOrder,
      inputWidth: out.width,
      inputHeight: out.height,
    },
    source: file === null ? 'default' : 'file',
    notes,
  };
}
