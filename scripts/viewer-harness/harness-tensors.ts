// Hand-made tensors for the value-viewer harness and its e2e test (the engine that captures real runs is
// built on another branch): an attention pattern whose rows sum to 1 with padding masked, channel maps,
// a token sequence, small logits and a large value for the table. Deterministic, so the test can rebuild
// exactly what the page shows.
import type { CapturedTensor, CapturedValueSummary } from '../../src/lib/capture/capture-types.ts';
import { seededRandom } from '../../src/lib/seeded-random.ts';

export interface HarnessSample {
  id: string;
  title: string;
  tensor: CapturedTensor;
  isAttention: boolean;
  tokens: string[][] | null;
  /** Width and height of a synthetic model input to overlay channel maps on, or null. */
  inputSize: number | null;
}

const SENTENCE = ['[CLS]', 'the', 'film', 'was', 'great', '[SEP]'];

function tensor(name: string, dims: number[], fill: (index: number) => number): CapturedTensor {
  const count = dims.reduce((product, dim) => product * dim, 1);
  return {
    name,
    dtype: 'float32',
    dims,
    data: Float32Array.from({ length: count }, (_, i) => fill(i)),
    fullShape: dims,
    sliceStart: null,
  };
}

/** [1, heads, T, T] softmax over keys of seeded logits, keys beyond `real` masked (weight 0) like BERT's padding. */
export function attentionTensor(heads: number, size: number, real: number, seed = 7): CapturedTensor {
  const random = seededRandom(seed);
  const data = new Float32Array(heads * size * size);
  for (let h = 0; h < heads; h++) {
    for (let q = 0; q < size; q++) {
      const logits = Array.from({ length: size }, (_, k) =>
        k >= real
          ? Number.NEGATIVE_INFINITY
          : 3 * random() + (h === 0 && k === q ? 3 : 0) + (h === 1 && k === 0 ? 3 : 0),
      );
      const top = Math.max(...logits);
      const exps = logits.map((logit) => Math.exp(logit - top));
      const total = exps.reduce((sum, value) => sum + value, 0);
      exps.forEach((value, k) => (data[((h * size + q) * size + k) as number] = value / total));
    }
  }
  return {
    name: '/bert/encoder/layer.0/attention/self/Softmax_output_0',
    dtype: 'float32',
    dims: [1, heads, size, size],
    data,
    fullShape: [1, heads, size, size],
    sliceStart: null,
  };
}

/** [1, C, H, W]: each channel a different pattern (gratings and blobs), some negative. */
export function channelTensor(
  channels: number,
  height: number,
  width: number,
  name = '/backbone/conv1/Conv_output_0',
): CapturedTensor {
  return tensor(name, [1, channels, height, width], (i) => {
    const c = Math.floor(i / (height * width));
    const y = Math.floor(i / width) % height;
    const x = i % width;
    const u = x / width - 0.5;
    const v = y / height - 0.5;
    if (c % 3 === 0) return Math.sin((u * (c + 2) + v) * Math.PI * 2);
    if (c % 3 === 1)
      return Math.exp(-((u - 0.2 * Math.cos(c)) ** 2 + (v - 0.2 * Math.sin(c)) ** 2) * 40) * (c + 1);
    return u * v * 4 - 0.1 * c;
  });
}

/** [N, T, H] hidden states: per token a smooth profile over features, shifted per token. */
export function sequenceTensor(batch: number, tokens: number, features: number): CapturedTensor {
  return tensor('/bert/encoder/layer.1/output/LayerNorm/Add_1_output_0', [batch, tokens, features], (i) => {
    const f = i % features;
    const t = Math.floor(i / features) % tokens;
    const b = Math.floor(i / (features * tokens));
    return Math.sin((f / features) * Math.PI * (2 + t)) * (1 + 0.5 * b) + (t === 0 ? 0.8 : 0);
  });
}

/** A synthetic RGBA model input (sky, ground and a sun) for the overlay. */
export function inputImagePixels(size: number): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const o = (y * size + x) * 4;
      const sun = (x - size * 0.7) ** 2 + (y - size * 0.3) ** 2 < (size * 0.12) ** 2;
      const ground = y > size * 0.65;
      pixels[o] = sun ? 250 : ground ? 70 : 120;
      pixels[o + 1] = sun ? 210 : ground ? 140 : 170;
      pixels[o + 2] = sun ? 60 : ground ? 60 : 230;
      pixels[o + 3] = 255;
    }
  }
  return pixels;
}

export const HARNESS_SAMPLES: readonly HarnessSample[] = [
  {
    id: 'attention',
    title: 'Attention [1, 2, 8, 8]',
    tensor: attentionTensor(2, 8, 6),
    isAttention: true,
    tokens: [SENTENCE],
    inputSize: null,
  },
  {
    id: 'channels',
    title: 'Channel maps [1, 16, 32, 32]',
    tensor: channelTensor(16, 32, 32),
    isAttention: false,
    tokens: null,
    inputSize: 256,
  },
  {
    id: 'sequence',
    title: 'Token sequence [1, 6, 64]',
    tensor: sequenceTensor(1, 6, 64),
    isAttention: false,
    tokens: [SENTENCE],
    inputSize: null,
  },
  {
    id: 'sequence-batch',
    title: 'Padded batch [2, 8, 64]',
    tensor: sequenceTensor(2, 8, 64),
    isAttention: false,
    tokens: [SENTENCE, ['[CLS]', 'a', 'dull', ',', 'slow', 'and', 'long', '[SEP]']],
    inputSize: null,
  },
  {
    id: 'logits',
    title: 'Logits [1, 2]',
    tensor: tensor('logits', [1, 2], (i) => [-1.25, 2.5][i] ?? 0),
    isAttention: false,
    tokens: [SENTENCE],
    inputSize: null,
  },
  {
    id: 'table',
    title: 'Table [1, 300, 84]',
    tensor: tensor('/head/Concat_output_0', [1, 300, 84], (i) => Math.cos(i / 7) * (i % 84)),
    isAttention: false,
    tokens: null,
    inputSize: null,
  },
  {
    id: 'wide',
    title: 'Wide map [1, 256, 104, 104]',
    tensor: channelTensor(256, 104, 104, '/backbone/stage2/Conv_output_0'),
    isAttention: false,
    tokens: null,
    inputSize: 416,
  },
];

/** What the worker would send beside the tensor (the viewer shows dtype and statistics from it). */
export function summaryOf(sample: CapturedTensor): CapturedValueSummary {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let sumAbs = 0;
  let zeros = 0;
  for (const value of sample.data) {
    min = Math.min(min, value);
    max = Math.max(max, value);
    sum += value;
    sumAbs += Math.abs(value);
    if (value === 0) zeros++;
  }
  const n = Math.max(1, sample.data.length);
  const mean = sum / n;
  let squares = 0;
  for (const value of sample.data) squares += (value - mean) ** 2;
  return {
    name: sample.name,
    producer: sample.name.replace(/_output_\d+$/, ''),
    producerIndex: 0,
    producerOpType: 'Harness',
    dtype: sample.dtype,
    shape: sample.dims,
    elementCount: sample.data.length,
    bytes: sample.data.byteLength,
    min,
    max,
    mean,
    std: Math.sqrt(squares / n),
    meanAbs: sumAbs / n,
    zeroShare: zeros / n,
    nanCount: 0,
    infCount: 0,
    histogram: { min, max, counts: [] },
    kept: true,
  };
}
