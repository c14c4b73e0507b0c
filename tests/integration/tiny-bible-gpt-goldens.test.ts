// The embedded language model (models/tiny-bible-gpt) with real ONNX Runtime (onnxruntime-web's WASM
// backend in Node): its logits equal the recipe's PyTorch goldens within 1e-4 without a cache (empty past
// tensors) and with one, and greedy decoding with the cache gives the recipe's 20 tokens.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureWasmThreads } from '../../src/lib/runtime/onnx-runtime.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import {
  CausalLm,
  maxAbsDifference,
  type CausalLmConfig,
  type CausalLmReference,
} from '../support/causal-lm-reference.ts';

const TOLERANCE = 1e-4;
const folder = resolve(REPO_ROOT, 'models', 'tiny-bible-gpt');
const readJson = <T>(name: string): T => JSON.parse(readFileSync(resolve(folder, name), 'utf8')) as T;
const reference = readJson<CausalLmReference>('reference.json');
const config = readJson<CausalLmConfig & { vocab_size: number }>('config.json');

configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });

describe('tiny-bible-gpt against its PyTorch goldens', () => {
  let model: CausalLm;

  beforeAll(async () => {
    model = await CausalLm.open(new Uint8Array(readFileSync(resolve(folder, 'onnx', 'model.onnx'))), config);
  });
  afterAll(() => model.release());

  it('has the hub layout: ids, mask, positions and a past per layer in; logits and presents out', () => {
    const layers = config.n_layer ?? 0;
    const cache = Array.from({ length: layers }, (_, i) => [`${i}.key`, `${i}.value`]).flat();
    expect(model.inputNames).toEqual([
      'input_ids',
      'attention_mask',
      'position_ids',
      ...cache.map((name) => `past_key_values.${name}`),
    ]);
    expect(model.outputNames).toEqual(['logits', ...cache.map((name) => `present.${name}`)]);
  });

  it('tokenizes the reference prompt and texts as the recipe did', () => {
    const tokenizer = new Tokenizer(readJson('tokenizer.json'), readJson('tokenizer_config.json'));
    expect(tokenizer.encode(reference.prompt).ids).toEqual(reference.input_ids);
    for (const c of reference.tokenizerCases) expect(tokenizer.encode(c.text).ids, c.text).toEqual(c.ids);
  });

  it('gives the goldens without a cache (the whole prompt, past length 0)', async () => {
    const { logits } = await model.step(reference.input_ids, model.emptyCache(), 0);
    expect(logits).toHaveLength(config.vocab_size);
    expect(maxAbsDifference(logits, reference.noCache.lastLogits)).toBeLessThan(TOLERANCE);
  });

  it('gives the goldens with a cache (the prompt less its last token, then that token)', async () => {
    const cached = reference.withCache;
    if (!cached) throw new Error('reference.json has no withCache goldens');
    const prefix = await model.step(cached.prefix_ids, model.emptyCache(), 0);
    const { logits } = await model.step(cached.step_ids, prefix.cache, cached.prefix_ids.length);
    expect(maxAbsDifference(logits, cached.lastLogits)).toBeLessThan(TOLERANCE);
  });

  it('continues greedily as PyTorch did, with the cache and without it', async () => {
    const { ids, maxNewTokens } = reference.greedy;
    expect(await model.greedyWithCache(reference.input_ids, maxNewTokens)).toEqual(ids);
    expect(await model.greedyWithoutCache(reference.input_ids, maxNewTokens)).toEqual(ids);
  });
});
