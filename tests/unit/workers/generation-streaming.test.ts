// The pieces between a decode step and the page: the yield for a Stop every few ms (not every step), the
// tokens sent a batch per frame, and the packed form a result and a batch cross the worker boundary in.
import { describe, expect, it } from 'vitest';
import { throttledYield } from '../../../workers/shared/throttled-yield.ts';
import { TokenBatcher } from '../../../workers/generation/token-batches.ts';
import {
  installGenerationTransfer,
  isPackable,
  packTokens,
  unpackTokens,
  type TokenBatch,
} from '../../../src/contracts/generation-transfer.ts';
import { transferHandlers } from 'comlink';
import type { GeneratedToken } from '../../../src/lib/tasks/text-generation/generation-loop.ts';
import type { GenerationResult } from '../../../src/contracts/generation.ts';

function token(index: number, candidates = 20): GeneratedToken {
  const list = (offset: number) =>
    Array.from({ length: candidates }, (_, i) => ({
      id: (index * 7 + i * 3 + offset) % 50,
      probability: 1 / (i + 2) + index * 1e-9,
      text: `t${(index * 7 + i * 3 + offset) % 50}`,
    }));
  return {
    index,
    id: index * 11,
    text: index % 2 ? ' é' : 'x',
    before: list(0),
    after: list(1),
    probability: 0.25 + index / 100,
    stepMs: 0.5 + index,
  };
}

describe('throttledYield', () => {
  it('yields only once the interval has passed since the last yield', async () => {
    let clock = 0;
    let yields = 0;
    const pause = throttledYield(
      8,
      () => clock,
      async () => void yields++,
    );
    for (let step = 0; step < 20; step++) {
      clock += 1; // a step of 1 ms
      await pause();
    }
    // 20 ms of steps, a yield every 8 ms.
    expect(yields).toBe(2);
  });

  it('yields at every step when each step is longer than the interval', async () => {
    let clock = 0;
    let yields = 0;
    const pause = throttledYield(
      8,
      () => clock,
      async () => void yields++,
    );
    for (let step = 0; step < 5; step++) {
      clock += 30;
      await pause();
    }
    expect(yields).toBe(5);
  });
});

describe('TokenBatcher', () => {
  it('sends the first token at once, then a batch per interval, and the rest on flush, in order', () => {
    let clock = 0;
    const batches: number[][] = [];
    const batcher = new TokenBatcher(
      (batch) => batches.push(batch.tokenBatch.map((t) => t.index)),
      16,
      () => clock,
    );
    for (let i = 0; i < 40; i++) {
      batcher.add(token(i));
      clock += 1;
    }
    batcher.flush();
    batcher.flush(); // nothing left: nothing sent
    expect(batches[0]).toEqual([0]);
    expect(batches.flat()).toEqual(Array.from({ length: 40 }, (_, i) => i));
    // 40 tokens at 1 ms each: the first alone, then one batch per 16 ms, then the rest.
    expect(batches.length).toBe(4);
    expect(batches.every((batch) => batch.length > 0)).toBe(true);
  });
});

describe('packed tokens', () => {
  it('unpack gives back the tokens exactly: ids, probabilities, texts and candidate order', () => {
    const tokens = [token(0), token(1, 3), token(2, 0), token(3)];
    const again = unpackTokens(structuredClone(packTokens(tokens)));
    expect(again).toEqual(tokens);
    expect(Object.keys(again[0]!)).toEqual(Object.keys(tokens[0]!));
    expect(Object.keys(again[0]!.before[0]!)).toEqual(Object.keys(tokens[0]!.before[0]!));
  });

  it('packs only the loop tokens exactly (a token with another field crosses as it is)', () => {
    expect(isPackable([token(0)])).toBe(true);
    expect(isPackable([{ ...token(0), extra: 1 }])).toBe(false);
    expect(isPackable([{ ...token(0), before: [{ id: 1, probability: 0.5 }] }])).toBe(false);
    expect(isPackable('tokens')).toBe(false);
  });

  it('the comlink handlers take a result and a batch and give them back whole', () => {
    installGenerationTransfer();
    const result: GenerationResult = {
      tokens: [token(0), token(1)],
      text: 'x é',
      finish: 'max-tokens',
      finishSentence: 'Stopped after 2 new tokens (the maximum set).',
      timings: { promptTokens: 3, prefillMs: 1, firstTokenMs: 2, decodeTokens: 1, decodeMs: 0.5 },
      backend: 'wasm',
      promptTokens: [{ id: 1, text: 'In' }],
      notices: [],
      cacheBytes: 1024,
    };
    const batch: TokenBatch = { tokenBatch: [token(5)] };
    const handlers = [...transferHandlers.entries()].filter(([name]) => name.startsWith('glassbox-'));
    for (const value of [result, batch]) {
      const matching = handlers.filter(([, handler]) => handler.canHandle(value));
      expect(matching).toHaveLength(1);
      const [wire, transfer] = matching[0]![1].serialize(value);
      expect(transfer.length).toBeGreaterThan(0);
      expect(matching[0]![1].deserialize(structuredClone(wire, { transfer }))).toEqual(value);
    }
    // Other values are left to comlink's own cloning.
    expect(handlers.some(([, handler]) => handler.canHandle({ tokens: [] }))).toBe(false);
  });
});
