// Synthetic inputs of a model's own input shapes, for models with no natural input at hand: symbolic
// dimensions get sensible sizes (batch 1, sequence 128, image side 640 or the model's), values are
// deterministic so every backend and every run sees the same tensor.
import { elementCount, type TensorData } from '../tensor.ts';
import { seededRandom } from '../seeded-random.ts';

/** What the session says of an input (ORT's metadata, as the runtime module describes it). */
export interface InputDescription {
  name: string;
  dtype: string;
  shape: ReadonlyArray<number | string>;
}

export interface SyntheticSizes {
  batch: number;
  sequenceLength: number;
  /** Height and width of image-like inputs whose spatial dimensions are symbolic. */
  imageSize: number;
  /** Any other symbolic dimension. */
  other: number;
}

export const DEFAULT_SYNTHETIC_SIZES: SyntheticSizes = {
  batch: 1,
  sequenceLength: 128,
  imageSize: 640,
  other: 1,
};

const BATCH_NAMES = /^(n|batch|batch_size|batchsize|b|bs|unk__\d+)$/i;
const SEQUENCE_NAMES = /seq|sequence|length|token|len|time|^s$/i;

function isImageLike(input: InputDescription): boolean {
  const [, channels] = input.shape;
  return input.shape.length === 4 && input.dtype.startsWith('float') && (channels === 3 || channels === 1);
}

/** Concrete dims for an input: fixed sizes kept, symbolic (or unknown, -1) ones chosen by name and place. */
export function resolveDims(
  input: InputDescription,
  sizes: SyntheticSizes = DEFAULT_SYNTHETIC_SIZES,
): number[] {
  const image = isImageLike(input);
  return input.shape.map((dim, axis) => {
    if (typeof dim === 'number' && dim > 0) return dim;
    const name = typeof dim === 'string' ? dim : '';
    if (axis === 0 || BATCH_NAMES.test(name)) return sizes.batch;
    if (image && axis >= 2) return sizes.imageSize;
    if (SEQUENCE_NAMES.test(name) || axis === 1) return sizes.sequenceLength;
    return sizes.other;
  });
}

/** Integer ids below this stay inside any embedding table a real model has. */
const MAX_SYNTHETIC_ID = 100;

function integerValue(name: string, random: () => number): number {
  if (/mask/i.test(name)) return 1;
  if (/type|segment|position/i.test(name)) return 0;
  return 1 + Math.floor(random() * (MAX_SYNTHETIC_ID - 1));
}

/**
 * One tensor per input. Floats are uniform in [0, 1) (an image scaled to 0..1); integer inputs named
 * like masks are 1, token types 0, other ids small positive numbers. Throws for types it cannot build.
 */
export function synthesizeInput(input: InputDescription, dims: readonly number[], seed = 1): TensorData {
  const random = seededRandom(seed);
  const count = elementCount(dims);
  const shape = [...dims];
  switch (input.dtype) {
    case 'float32':
      return { type: 'float32', dims: shape, data: Float32Array.from({ length: count }, () => random()) };
    case 'float64':
      return { type: 'float64', dims: shape, data: Float64Array.from({ length: count }, () => random()) };
    case 'int64':
      return {
        type: 'int64',
        dims: shape,
        data: BigInt64Array.from({ length: count }, () => BigInt(integerValue(input.name, random))),
      };
    case 'int32':
      return {
        type: 'int32',
        dims: shape,
        data: Int32Array.from({ length: count }, () => integerValue(input.name, random)),
      };
    case 'uint8':
      return {
        type: 'uint8',
        dims: shape,
        data: Uint8Array.from({ length: count }, () => Math.floor(random() * 256)),
      };
    case 'int8':
      return {
        type: 'int8',
        dims: shape,
        data: Int8Array.from({ length: count }, () => Math.floor(random() * 256) - 128),
      };
    case 'bool':
      return { type: 'bool', dims: shape, data: new Uint8Array(count).fill(1) };
    default:
      throw new TypeError(`cannot synthesize input ${input.name} of type ${input.dtype}`);
  }
}

export function synthesizeInputs(
  inputs: readonly InputDescription[],
  sizes: SyntheticSizes = DEFAULT_SYNTHETIC_SIZES,
): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  inputs.forEach((input, index) => {
    feeds[input.name] = synthesizeInput(input, resolveDims(input, sizes), index + 1);
  });
  return feeds;
}
