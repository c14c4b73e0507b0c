// The logit lens with real ONNX Runtime (WASM in Node): on the embedded GPT and the hub-layout GPT-2 and
// Llama fixtures every layer's lens equals the recipes' PyTorch lens (top 5 at the last position), the
// last layer equals the model's own logits, the variant's original outputs (logits, KV cache) equal the
// model's, and the in-graph top 5 equals a plain softmax; on tiny graphs with the norms fused, written out
// and Skip-fused, the last layer again equals the logits.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaptureTensor } from '../../src/lib/capture/capture-tensor.ts';
import { decodeModel, encodeModel } from '../../src/lib/onnx/index.ts';
import { configureWasmThreads, createRuntimeSession } from '../../src/lib/runtime/onnx-runtime.ts';
import type { TensorData } from '../../src/lib/tensor.ts';
import { LogitLens } from '../../workers/generation/logit-lens.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { lensTopK } from '../support/softmax-top-k.ts';
import type { CausalLmConfig, CausalLmReference } from '../support/causal-lm-reference.ts';
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

/** The first step's feeds for a hub-layout causal LM: the whole prompt, an empty cache when it has one. */
function promptFeeds(ids: readonly number[], config: CausalLmConfig, inputs: readonly string[]) {
  const feeds: Record<string, TensorData> = {
    input_ids: int64(ids),
    attention_mask: int64(ids.map(() => 1)),
  };
  if (inputs.includes('position_ids')) feeds.position_ids = int64(ids.map((_, i) => i));
  const heads = config.n_head ?? config.num_attention_heads ?? 1;
  const headDim = (config.n_embd ?? config.hidden_size ?? 0) / heads;
  const kvHeads = config.num_key_value_heads ?? heads;
  for (const name of inputs.filter((input) => input.startsWith('past_key_values.')))
    feeds[name] = { type: 'float32', dims: [1, kvHeads, 0, headDim], data: new Float32Array(0) };
  return feeds;
}

const FIXTURES = 'tests/fixtures/hub/glassbox';

describe.each([
  ['the embedded GPT', 'models/tiny-bible-gpt', 4, 'layer-norm', 'copied'],
  ['the random GPT-2 fixture', `${FIXTURES}/tiny-random-gpt2`, 2, 'layer-norm', 'copied'],
  [
    'the random GPT-2 fixture without a cache',
    `${FIXTURES}/tiny-random-gpt2-no-cache`,
    2,
    'layer-norm',
    'copied',
  ],
  ['the random Llama fixture (GQA, untied)', `${FIXTURES}/tiny-random-llama`, 2, 'rms-norm', 'untied'],
])('logit lens on %s', (_, folderPath, layerCount, norm, tied) => {
  const folder = resolve(REPO_ROOT, folderPath);
  const bytes = new Uint8Array(readFileSync(resolve(folder, 'onnx/model.onnx')));
  const reference = JSON.parse(readFileSync(resolve(folder, 'reference.json'), 'utf8')) as CausalLmReference;
  const config = JSON.parse(readFileSync(resolve(folder, 'config.json'), 'utf8')) as CausalLmConfig & {
    vocab_size: number;
  };
  const ids = reference.input_ids;
  const inputs = decodeModel(bytes).graph.inputs.map((input) => input.name);
  const result = lensAndPlain(bytes, promptFeeds(ids, config, inputs));
  afterAll(async () => {
    await result.catch(() => undefined);
  });

  it("equals PyTorch's lens at every layer, and its last layer is the model's logits", async () => {
    const { raw, expected, grid } = await result;
    expect(grid).toMatchObject({ layers: layerCount, positions: ids.length, norm, tied });
    const vocab = config.vocab_size;
    const { position, layers } = reference.logitLens;
    // Golden entry 0 is the embeddings; entries 1… are the layers, as the lens counts them from 0.
    expect(layers).toHaveLength(layerCount + 1);
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
    const last = floatsOf(raw[`logits_lens_${layerCount - 1}`]);
    expect(maxAbsDiff(last, floatsOf(expected.logits))).toBeLessThanOrEqual(1e-4);
    // Earlier layers really are earlier: the first layer's lens is not the model's answer.
    expect(maxAbsDiff(floatsOf(raw['logits_lens_0']), floatsOf(expected.logits))).toBeGreaterThan(1e-3);
  });

  it('leaves every original output as the model computes it (logits and the KV cache)', async () => {
    const { raw, expected, originals } = await result;
    expect(originals).toHaveLength(inputs.some((name) => name.startsWith('past_')) ? 1 + 2 * layerCount : 1);
    for (const name of originals) expect(maxAbsDiff(floatsOf(raw[name]), floatsOf(expected[name]))).toBe(0);
  });

  it("gives the top 5 of a softmax over each layer's lens logits, computed in the graph", async () => {
    const { grid, raw } = await result;
    grid.cells.forEach((row, layer) => {
      const lens = raw[`logits_lens_${layer}`];
      const expectedTop = lensTopK(floatsOf(lens), lens?.dims ?? [], 5);
      expect(row.map((cell) => cell.map((c) => c.id))).toEqual(
        expectedTop.map((cell) => cell.map((c) => c.id)),
      );
      const got = row.flatMap((cell) => cell.map((c) => c.probability));
      expect(
        maxAbsDiff(
          got,
          expectedTop.flatMap((cell) => cell.map((c) => c.probability)),
        ),
        // float32 softmax in ORT against the float64 one in TypeScript: with the trained model's wider
        // logits the two differ by up to ~2e-6 (about 16 float32 ulps at p near 1), not by 1e-6.
      ).toBeLessThan(1e-5);
      for (const cell of row) {
        const p = cell.map((c) => c.probability);
        expect(p.every((v) => v > 0 && v <= 1)).toBe(true);
        expect([...p].sort((a, b) => b - a)).toEqual(p);
      }
    });
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
    'Llama-shaped, logits of the last position only',
    { norm: 'rms-decomposed', unembedding: 'untied', lastPositionOnly: true },
  ],
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
