// The text-generation service with real ONNX Runtime (WASM, Node) on the embedded language model: the
// recipe's PyTorch goldens, greedy with the KV cache equal to greedy without it token for token, seeded
// sampling that repeats, stop sequences, Stop between steps, and a prompt longer than the context.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_GENERATION_SETTINGS,
  type GenerationSettings,
} from '../../src/lib/tasks/text-generation/generation-settings.ts';
import type { GenerationService } from '../../workers/generation/generation-service.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { nodeGenerationService, repoModelLocation } from '../support/node-generation-service.ts';

interface Reference {
  prompt: string;
  input_ids: number[];
  greedy: { maxNewTokens: number; ids: number[]; text: string };
}

const MODEL = 'tiny-bible-gpt';
const reference = JSON.parse(
  readFileSync(resolve(REPO_ROOT, 'models', MODEL, 'reference.json'), 'utf8'),
) as Reference;

const greedy = (maxNewTokens: number, extra: Partial<GenerationSettings> = {}): GenerationSettings => ({
  ...DEFAULT_GENERATION_SETTINGS,
  mode: 'greedy',
  maxNewTokens,
  ...extra,
});

let service: GenerationService;

beforeAll(async () => {
  service = nodeGenerationService();
  const loaded = await service.load(repoModelLocation(MODEL), 'wasm');
  expect(loaded.info.cache).toBe('kv');
  expect(loaded.info.layers).toBeGreaterThan(0);
  expect(loaded.info.weightsBytes).toBeGreaterThan(1_000_000);
}, 60_000);

describe(`text generation on ${MODEL} (WASM)`, () => {
  it('reads the prompt as the recipe tokenizes it, and continues it as the PyTorch golden does', async () => {
    const result = await service.generate('wasm', {
      prompt: reference.prompt,
      settings: greedy(reference.greedy.maxNewTokens),
      forcedIds: [],
      useCache: true,
    });
    expect(result.promptTokens.map((token) => token.id)).toEqual(reference.input_ids);
    expect(result.tokens.map((token) => token.id)).toEqual(reference.greedy.ids);
    expect(result.text).toBe(reference.greedy.text);
    expect(result.cacheBytes).toBeGreaterThan(0);
    expect(result.timings.decodeTokens).toBe(reference.greedy.maxNewTokens - 1);
    // Every step keeps 20 candidates, before and after processing, and the picked token is the top one.
    for (const token of result.tokens) {
      expect(token.before).toHaveLength(20);
      expect(token.after[0]!.id).toBe(token.id);
    }
  });

  it('gives the same greedy tokens with the KV cache as without it', async () => {
    const prompts = ['And the LORD said', 'Blessed are'];
    for (const prompt of prompts) {
      const request = { prompt, settings: greedy(24), forcedIds: [] };
      const cached = await service.generate('wasm', { ...request, useCache: true });
      const uncached = await service.generate('wasm', { ...request, useCache: false });
      expect(cached.tokens.map((token) => token.id)).toEqual(uncached.tokens.map((token) => token.id));
      expect(uncached.cacheBytes).toBe(0);
      // The scores agree too, not only the argmax.
      for (let i = 0; i < cached.tokens.length; i++) {
        expect(cached.tokens[i]!.before[0]!.probability).toBeCloseTo(
          uncached.tokens[i]!.before[0]!.probability,
          4,
        );
      }
    }
  });

  it('samples the same text for the same seed, another for another seed', async () => {
    const sample = async (seed: number): Promise<string> =>
      (
        await service.generate('wasm', {
          prompt: 'In the beginning',
          settings: {
            ...DEFAULT_GENERATION_SETTINGS,
            mode: 'sample',
            temperature: 1.2,
            topK: 0,
            topP: 1,
            seed,
            maxNewTokens: 16,
          },
          forcedIds: [],
          useCache: true,
        })
      ).text;
    const first = await sample(11);
    expect(await sample(11)).toBe(first);
    expect(await sample(12)).not.toBe(first);
  });

  it('continues a branch after forced tokens as the model would from that text', async () => {
    const base = await service.generate('wasm', {
      prompt: 'In the beginning',
      settings: greedy(6),
      forcedIds: [],
      useCache: true,
    });
    const forced = base.tokens.slice(0, 3).map((token) => token.id);
    const branch = await service.generate('wasm', {
      prompt: 'In the beginning',
      settings: greedy(3),
      forcedIds: forced,
      useCache: true,
    });
    expect([...forced, ...branch.tokens.map((token) => token.id)]).toEqual(
      base.tokens.map((token) => token.id),
    );
    expect(branch.tokens[0]!.index).toBe(3);
  });

  it('stops at a stop sequence, and when asked between steps', async () => {
    const first = await service.generate('wasm', {
      prompt: 'In the beginning',
      settings: greedy(8),
      forcedIds: [],
      useCache: true,
    });
    const stopAt = first.text.slice(2, 4);
    const stopped = await service.generate('wasm', {
      prompt: 'In the beginning',
      settings: greedy(8, { stopSequences: [stopAt] }),
      forcedIds: [],
      useCache: true,
    });
    expect(stopped.finish).toBe('stop-sequence');
    expect(stopped.text).toBe(first.text.slice(0, first.text.indexOf(stopAt)));

    // Tokens reach the page a batch per frame; a Stop asked once 3 are seen ends the generation after
    // the step of the last token seen: not one more token is made.
    let seen = 0;
    const asked = await service.generate(
      'wasm',
      { prompt: 'In the beginning', settings: greedy(200), forcedIds: [], useCache: true },
      ({ tokenBatch }) => {
        seen += tokenBatch.length;
        if (seen >= 3) service.stop();
      },
    );
    expect(asked.finish).toBe('stopped');
    expect(asked.tokens).toHaveLength(seen);
    expect(seen).toBeLessThan(200);
  });

  it('takes a Stop that arrives as a message while it generates (the worker yields for it)', async () => {
    // The page's Stop is a message: the loop yields for messages every few ms, not every step, so the
    // message is taken at the next yield and the generation ends there, long before its 200 tokens.
    // (That it ends at the very next step once taken is the test above; the yield's interval is
    // throttled-yield.test.ts's.)
    let madeWhenStopped = -1;
    let seen = 0;
    const asked = await service.generate(
      'wasm',
      { prompt: 'In the beginning', settings: greedy(200), forcedIds: [], useCache: true },
      ({ tokenBatch }) => {
        seen += tokenBatch.length;
        if (madeWhenStopped >= 0 || seen > 1) return;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          madeWhenStopped = seen;
          service.stop();
        };
        channel.port2.postMessage(null);
      },
    );
    expect(asked.finish).toBe('stopped');
    expect(madeWhenStopped).toBeGreaterThan(0);
    expect(asked.tokens.length).toBeGreaterThanOrEqual(madeWhenStopped);
    expect(asked.tokens.length).toBeLessThan(200);
  });

  it('keeps the end of a prompt longer than the context, with a sentence', async () => {
    const long = 'And God said, Let there be light: and there was light. '.repeat(40);
    const result = await service.generate('wasm', {
      prompt: long,
      settings: greedy(4),
      forcedIds: [],
      useCache: true,
    });
    expect(result.notices.join(' ')).toMatch(/first \d+ tokens were left out/);
    expect(result.promptTokens.length).toBeLessThanOrEqual(256);
    expect(result.tokens.length).toBe(4);
  });
});

describe(`the logit lens in the generation worker (${MODEL})`, () => {
  it('gives a layers × positions grid whose last layer predicts what greedy generation picked', async () => {
    const result = await service.generate('wasm', {
      prompt: reference.prompt,
      settings: greedy(4),
      forcedIds: [],
      useCache: true,
    });
    const ids = [...result.promptTokens.map((token) => token.id), ...result.tokens.map((token) => token.id)];
    const lens = await service.logitLens('wasm', ids);
    if (!lens.ok) throw new Error(lens.reason);
    expect(lens.layers).toBe(4);
    expect(lens.cells).toHaveLength(4);
    expect(lens.tokens).toHaveLength(ids.length);
    const output = lens.cells[3]!;
    // At the position before each generated token, the output layer's top token is that token.
    result.tokens.forEach((token, i) => {
      const position = result.promptTokens.length - 1 + i;
      expect(output[position]!.tokenText).toBe(token.text);
    });
  });
});
