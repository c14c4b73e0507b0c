// The tiny random causal LMs of tests/fixtures/hub (models/recipes/tiny-random-causal-lms), fetched from
// the local hub server as the app would fetch them and run with real ONNX Runtime (WASM in Node): each
// matches its PyTorch goldens, greedy with the cache equals greedy without it, and the copy exported
// without a cache gives the same tokens.
import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureWasmThreads } from '../../src/lib/runtime/onnx-runtime.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import {
  CausalLm,
  maxAbsDifference,
  type CausalLmConfig,
  type CausalLmReference,
} from '../support/causal-lm-reference.ts';

const TOLERANCE = 1e-4;
let hub: HubServer;

configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });

async function hubFile(repo: string, path: string): Promise<Response> {
  const response = await fetch(`${hub.url}/glassbox/${repo}/resolve/main/${path}`);
  if (!response.ok) throw new Error(`${repo}/${path}: HTTP ${response.status}`);
  return response;
}
const hubJson = async <T>(repo: string, path: string): Promise<T> =>
  (await (await hubFile(repo, path)).json()) as T;
const hubBytes = async (repo: string, path: string): Promise<Uint8Array> =>
  new Uint8Array(await (await hubFile(repo, path)).arrayBuffer());

async function openRepo(
  repo: string,
): Promise<{ model: CausalLm; reference: CausalLmReference; config: Record<string, unknown> }> {
  const config = await hubJson<CausalLmConfig & Record<string, unknown>>(repo, 'config.json');
  const model = await CausalLm.open(await hubBytes(repo, 'onnx/model.onnx'), config);
  return { model, reference: await hubJson<CausalLmReference>(repo, 'reference.json'), config };
}

beforeAll(async () => {
  hub = await startHubServer({ root: REPO_ROOT });
});
afterAll(() => hub.close());

describe.each([
  ['tiny-random-gpt2', 'GPT2LMHeadModel'],
  ['tiny-random-llama', 'LlamaForCausalLM'],
])('%s from the local hub', (repo, architecture) => {
  let model: CausalLm;
  let reference: CausalLmReference;

  beforeAll(async () => {
    const opened = await openRepo(repo);
    ({ model, reference } = opened);
    expect(opened.config['architectures']).toEqual([architecture]);
  });
  afterAll(() => model.release());

  it('matches the PyTorch logits without and with the cache', async () => {
    const full = await model.step(reference.input_ids, model.emptyCache(), 0);
    expect(maxAbsDifference(full.logits, reference.noCache.lastLogits)).toBeLessThan(TOLERANCE);
    const cached = reference.withCache;
    if (!cached) throw new Error('reference.json has no withCache goldens');
    const prefix = await model.step(cached.prefix_ids, model.emptyCache(), 0);
    const last = await model.step(cached.step_ids, prefix.cache, cached.prefix_ids.length);
    expect(maxAbsDifference(last.logits, cached.lastLogits)).toBeLessThan(TOLERANCE);
  });

  it('decodes greedily as PyTorch did, the same with the cache as without it', async () => {
    const { ids, maxNewTokens } = reference.greedy;
    expect(await model.greedyWithCache(reference.input_ids, maxNewTokens)).toEqual(ids);
    expect(await model.greedyWithoutCache(reference.input_ids, maxNewTokens)).toEqual(ids);
  });

  it('tokenizes as the recipe did', async () => {
    const tokenizer = new Tokenizer(
      await hubJson<object>(repo, 'tokenizer.json'),
      await hubJson<object>(repo, 'tokenizer_config.json'),
    );
    for (const c of reference.tokenizerCases) expect(tokenizer.encode(c.text).ids, c.text).toEqual(c.ids);
  });
});

describe('tiny-random-llama chat goldens', () => {
  it('holds a chat template whose rendering the recipe recorded, and its greedy tokens', async () => {
    const repo = 'tiny-random-llama';
    const tokenizerConfig = await hubJson<{ chat_template?: string }>(repo, 'tokenizer_config.json');
    expect(tokenizerConfig.chat_template).toContain('<|im_start|>');
    const { model, reference } = await openRepo(repo);
    try {
      const chat = reference.chat;
      if (!chat) throw new Error('reference.json has no chat goldens');
      const tokenizer = new Tokenizer(await hubJson<object>(repo, 'tokenizer.json'), tokenizerConfig);
      expect(tokenizer.encode(chat.rendered).ids).toEqual(chat.input_ids);
      expect(await model.greedyWithCache(chat.input_ids, chat.greedy.maxNewTokens)).toEqual(chat.greedy.ids);
    } finally {
      await model.release();
    }
  });
});

describe('tiny-random-gpt2-no-cache from the local hub', () => {
  it('has only input_ids and attention_mask in, logits out, and gives tiny-random-gpt2 greedy tokens', async () => {
    const { model, reference } = await openRepo('tiny-random-gpt2-no-cache');
    try {
      expect(model.inputNames).toEqual(['input_ids', 'attention_mask']);
      expect(model.outputNames).toEqual(['logits']);
      expect(
        maxAbsDifference(await model.full(reference.input_ids), reference.noCache.lastLogits),
      ).toBeLessThan(TOLERANCE);
      const cached = await hubJson<CausalLmReference>('tiny-random-gpt2', 'reference.json');
      expect(reference.greedy.ids).toEqual(cached.greedy.ids);
      expect(await model.greedyWithoutCache(reference.input_ids, reference.greedy.maxNewTokens)).toEqual(
        reference.greedy.ids,
      );
    } finally {
      await model.release();
    }
  });
});
