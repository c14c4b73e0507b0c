// Text generation on the hub-layout test models (tests/fixtures/hub, random weights, served by the local
// hub stand-in): a GPT-2-shaped model with and without a KV cache and a Llama-shaped one (GQA, untied
// head, chat template). With real ORT (WASM): greedy with the cache equals greedy without it token for
// token, and both equal the recipe's PyTorch continuation; the chat template renders as transformers does.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubLocation } from '../../src/lib/sources/hub.ts';
import {
  DEFAULT_GENERATION_SETTINGS,
  type GenerationSettings,
} from '../../src/lib/tasks/text-generation/generation-settings.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import { nodeGenerationService } from '../support/node-generation-service.ts';

interface Golden {
  prompt: string;
  input_ids: number[];
  greedy: { maxNewTokens: number; ids: number[] };
  chat?: { rendered: string; input_ids: number[]; greedy: { maxNewTokens: number; ids: number[] } };
}

const golden = (repo: string): Golden =>
  JSON.parse(
    readFileSync(resolve(REPO_ROOT, 'tests/fixtures/hub/glassbox', repo, 'reference.json'), 'utf8'),
  ) as Golden;

const greedy = (maxNewTokens: number, useChatTemplate = false): GenerationSettings => ({
  ...DEFAULT_GENERATION_SETTINGS,
  mode: 'greedy',
  maxNewTokens,
  useChatTemplate,
});

let server: HubServer;
beforeAll(async () => {
  server = await startHubServer({ root: REPO_ROOT });
});
afterAll(async () => {
  await server.close();
});

async function loaded(repo: string) {
  const service = nodeGenerationService(globalThis.fetch.bind(globalThis));
  const result = await service.load(hubLocation(server.url, `glassbox/${repo}`, 'main', 'fp32'), 'wasm');
  return { service, info: result.info };
}

describe.each([['tiny-random-gpt2'], ['tiny-random-llama']])('%s from the hub (WASM)', (repo) => {
  it('generates the golden greedy continuation, with the KV cache and without it', async () => {
    const { service, info } = await loaded(repo);
    expect(info.cache).toBe('kv');
    const reference = golden(repo);
    const request = {
      prompt: reference.prompt,
      settings: greedy(reference.greedy.maxNewTokens),
      forcedIds: [],
    };
    const cached = await service.generate('wasm', { ...request, useCache: true });
    const uncached = await service.generate('wasm', { ...request, useCache: false });
    expect(cached.promptTokens.map((token) => token.id)).toEqual(reference.input_ids);
    expect(cached.tokens.map((token) => token.id)).toEqual(reference.greedy.ids);
    expect(uncached.tokens.map((token) => token.id)).toEqual(reference.greedy.ids);
    await service.release();
  });
});

describe('tiny-random-llama: grouped-query attention and the chat template', () => {
  it('reads 2 key/value heads for 4 attention heads, and renders the chat template as transformers does', async () => {
    const { service, info } = await loaded('tiny-random-llama');
    expect([info.kvHeads, info.headDim, info.hasChatTemplate]).toEqual([2, 8, true]);
    const chat = golden('tiny-random-llama').chat!;
    const result = await service.generate('wasm', {
      prompt: 'What is the capital of France?',
      settings: greedy(chat.greedy.maxNewTokens, true),
      forcedIds: [],
      useCache: true,
    });
    expect(result.promptTokens.map((token) => token.id)).toEqual(chat.input_ids);
    const expected = chat.greedy.ids;
    const end = expected.indexOf(2);
    // The model's end-of-turn token (<|im_end|>, id 2) ends the generation there.
    expect(result.tokens.map((token) => token.id)).toEqual(
      end === -1 ? expected : expected.slice(0, end + 1),
    );
    await service.release();
  });
});

describe('tiny-random-gpt2-no-cache: a model without a KV cache', () => {
  it('generates the same tokens, slower, and says so', async () => {
    const { service, info } = await loaded('tiny-random-gpt2-no-cache');
    expect(info.cache).toBe('none');
    expect(info.reason).toMatch(/without a key\/value cache/);
    const reference = golden('tiny-random-gpt2-no-cache');
    const result = await service.generate('wasm', {
      prompt: reference.prompt,
      settings: greedy(reference.greedy.maxNewTokens),
      forcedIds: [],
      useCache: true,
    });
    expect(result.tokens.map((token) => token.id)).toEqual(reference.greedy.ids);
    expect(result.notices.join(' ')).toMatch(/no key\/value cache.*slower/);
    expect(result.cacheBytes).toBe(0);
    await service.release();
  });
});
