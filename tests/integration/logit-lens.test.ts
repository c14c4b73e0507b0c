// The logit lens with real ONNX Runtime (WASM in Node): on the embedded GPT every layer's lens equals the
// recipe's PyTorch goldens (top 5 at the last position), and on it and on tiny GPT-2-shaped and
// Llama-shaped graphs the last layer's lens equals the model's own logits while the variant's original
// outputs equal those of the model itself.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaptureTensor } from '../../src/lib/capture/capture-tensor.ts';
import { encodeModel } from '../../src/lib/onnx/index.ts';
import { configureWasmThreads, createRuntimeSession } from '../../src/lib/runtime/onnx-runtime.ts';
import type { TensorData } from '../../src/lib/tensor.ts';
import { LogitLens } from '../../workers/logit-lens.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { lensTopK } from '../support/softmax-top-k.ts';
import { buildTinyCausalLm, type TinyCausalLmSpec } from '../support/tiny-causal-lm.ts';

configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });

const int64 = (values: readonly number[]): TensorData => ({
  type: 'int64',
  dims: [1, values.length],
  data: BigInt64Array.from(values, (v) => BigInt(v)),
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return max;
}

function floatsOf(tensor: CaptureTensor | TensorData | undefined): Float32Array {
  if (!(tensor?.data instanceof Float32Array)) throw new Error('expected a float32 tensor');
  return tensor.data;
}

/** The lens's outputs and the plain model's outputs for the same feeds. */
async function lensAndPlain(bytes: Uint8Array, feeds: Record<string, TensorData>) {
  const opened = await LogitLens.open(bytes, [], 'wasm');
  if (!opened.ok) throw new Error(opened.reason);
  const plain = await createRuntimeSession(bytes, 'wasm');
  const originals = plain.outputs.map((o) => o.name);
  try {
    const expected = await plain.run(feeds);
    const lens = await opened.lens.runRaw(feeds, originals);
    const grid = await opened.lens.run(feeds, 5);
    return { lens: opened.lens, raw: lens, expected, originals, grid };
  } finally {
    await plain.release();
    await opened.lens.release();
  }
}

interface LensGolden {
  position: number;
  layers: Array<Array<{ id: number; logit: number }>>;
}

describe('logit lens on the embedded GPT', () => {
  const folder = resolve(REPO_ROOT, 'models/tiny-bible-gpt');
  const bytes = new Uint8Array(readFileSync(resolve(folder, 'onnx/model.onnx')));
  const reference = JSON.parse(readFileSync(resolve(folder, 'reference.json'), 'utf8')) as {
    input_ids: number[];
    logitLens: LensGolden;
  };
  const config = JSON.parse(readFileSync(resolve(folder, 'config.json'), 'utf8')) as Record<string, number>;
  const ids = reference.input_ids;
  const feeds: Record<string, TensorData> = {
    input_ids: int64(ids),
    attention_mask: int64(ids.map(() => 1)),
    position_ids: int64(ids.map((_, i) => i)),
  };
  const headDim = (config.n_embd ?? 0) / (config.n_head ?? 1);
  for (let layer = 0; layer < (config.n_layer ?? 0); layer++)
    for (const kv of ['key', 'value'])
      feeds[`past_key_values.${layer}.${kv}`] = {
        type: 'float32',
        dims: [1, config.n_head ?? 0, 0, headDim],
        data: new Float32Array(0),
      };
  const result = lensAndPlain(bytes, feeds);
  afterAll(async () => {
    await result;
  });

  it("equals PyTorch's lens at every layer, and its last layer is the model's logits", async () => {
    const { raw, expected, grid } = await result;
    expect(grid).toMatchObject({ layers: 4, positions: ids.length, norm: 'layer-norm', tied: 'copied' });
    const vocab = config.vocab_size ?? 0;
    const { position, layers } = reference.logitLens;
    // Golden entry 0 is the embeddings; entries 1… are the layers, as the lens counts them from 0.
    layers.slice(1).forEach((top5, layer) => {
      const logits = floatsOf(raw[`logits_lens_${layer}`]).subarray(position * vocab, (position + 1) * vocab);
      const cell = grid.cells[layer]?.[position] ?? [];
      expect(cell.map((c) => c.id)).toEqual(top5.map((t) => t.id));
      expect(
        maxAbsDiff(
          top5.map((t) => logits[t.id] ?? NaN),
          top5.map((t) => t.logit),
        ),
      ).toBeLessThan(1e-4);
    });
    const last = floatsOf(raw['logits_lens_3']);
    expect(maxAbsDiff(last, floatsOf(expected.logits))).toBeLessThanOrEqual(1e-4);
    // Earlier layers really are earlier: the first layer's lens is not the model's answer.
    expect(maxAbsDiff(floatsOf(raw['logits_lens_0']), floatsOf(expected.logits))).toBeGreaterThan(1e-2);
  });

  it('leaves every original output as the model computes it (logits and the KV cache)', async () => {
    const { raw, expected, originals } = await result;
    expect(originals).toHaveLength(9);
    for (const name of originals) expect(maxAbsDiff(floatsOf(raw[name]), floatsOf(expected[name]))).toBe(0);
  });

  it("gives the top 5 of a softmax over each layer's lens logits, computed in the graph", async () => {
    const { grid, raw } = await result;
    grid.cells.forEach((row, layer) => {
      const lens = raw[`logits_lens_${layer}`];
      const expected = lensTopK(floatsOf(lens), lens?.dims ?? [], 5);
      expect(row.map((cell) => cell.map((c) => c.id))).toEqual(expected.map((cell) => cell.map((c) => c.id)));
      const got = row.flatMap((cell) => cell.map((c) => c.probability));
      expect(
        maxAbsDiff(
          got,
          expected.flatMap((cell) => cell.map((c) => c.probability)),
        ),
      ).toBeLessThan(1e-6);
    });
  });

  it('gives probabilities that fall within (0, 1] and are sorted per cell', async () => {
    const { grid } = await result;
    for (const row of grid.cells)
      for (const cell of row) {
        expect(cell).toHaveLength(5);
        const p = cell.map((c) => c.probability);
        expect(p.every((v) => v > 0 && v <= 1)).toBe(true);
        expect([...p].sort((a, b) => b - a)).toEqual(p);
      }
  });
});

describe.each<[string, Partial<TinyCausalLmSpec>]>([
  [
    'GPT-2-shaped, LayerNorm written out, tied copy',
    { norm: 'layer-norm-decomposed', unembedding: 'tied-copy' },
  ],
  ['GPT-2-shaped, tied through Gemm transB', { norm: 'layer-norm', unembedding: 'tied-gemm' }],
  ['Llama-shaped, RMSNorm written out, untied', { norm: 'rms-decomposed', unembedding: 'untied' }],
  [
    'Llama-shaped, SkipSimplifiedLayerNormalization final norm',
    { norm: 'skip-simplified', unembedding: 'untied' },
  ],
])('logit lens on a tiny %s model', (_, spec) => {
  it("has a last layer equal to the model's logits, and the logits unchanged", async () => {
    const model = buildTinyCausalLm({
      layers: 3,
      hidden: 16,
      vocab: 37,
      norm: 'layer-norm',
      unembedding: 'untied',
      ...spec,
    });
    const ids = [3, 14, 15, 9, 2, 6];
    const feeds: Record<string, TensorData> = { input_ids: int64(ids) };
    if ((model.graph?.input ?? []).some((input) => input.name === 'position_ids'))
      feeds.position_ids = int64(ids.map((_, i) => i));
    const { raw, expected, grid } = await lensAndPlain(encodeModel(model), feeds);
    expect(grid.layers).toBe(3);
    expect(maxAbsDiff(floatsOf(raw.logits_lens_2), floatsOf(expected.logits))).toBeLessThanOrEqual(1e-4);
    // Not always bit-equal: ONNX Runtime fuses a written-out LayerNorm in the plain model, and in the
    // variant (whose copies read the same residual) it may not, which moves the last float bit (6e-7 seen).
    expect(maxAbsDiff(floatsOf(raw.logits), floatsOf(expected.logits))).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(floatsOf(raw.logits_lens_0), floatsOf(expected.logits))).toBeGreaterThan(1e-3);
  });
});
