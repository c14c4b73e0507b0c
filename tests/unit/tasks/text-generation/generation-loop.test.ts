import { describe, expect, it } from 'vitest';
import {
  fitPrompt,
  generateTokens,
  type GenerationRequest,
  type TokenStepper,
} from '../../../../src/lib/tasks/text-generation/generation-loop.ts';
import {
  DEFAULT_GENERATION_SETTINGS,
  normalizeGenerationSettings,
} from '../../../../src/lib/tasks/text-generation/generation-settings.ts';

const VOCAB = ['<eos>', 'a', 'b', 'c', '\n', 'é'];

/** A hand-made "model": the next token is always (last id + 1) mod 5 skipping <eos>, unless told otherwise. */
function countingStepper(
  override: (sequence: number[]) => Float32Array | null = () => null,
): TokenStepper & { sequence: number[] } {
  const sequence: number[] = [];
  const logitsFor = (): Float32Array => {
    const given = override(sequence);
    if (given) return given;
    const logits = new Float32Array(VOCAB.length).fill(-5);
    logits[((sequence[sequence.length - 1] ?? 0) % 4) + 1] = 5;
    return logits;
  };
  return {
    sequence,
    prefill: async (ids) => {
      sequence.push(...ids);
      return logitsFor();
    },
    next: async (id) => {
      sequence.push(id);
      return logitsFor();
    },
  };
}

function request(overrides: Partial<GenerationRequest> = {}): GenerationRequest {
  let clock = 0;
  return {
    promptIds: [1],
    forcedIds: [],
    settings: { ...DEFAULT_GENERATION_SETTINGS, maxNewTokens: 5 },
    eosIds: new Set([0]),
    contextLength: 100,
    decode: (ids) => ids.map((id) => VOCAB[id]).join(''),
    tokenText: (id) => VOCAB[id] ?? '',
    now: () => (clock += 10),
    onToken: () => {},
    shouldStop: () => false,
    yieldBetweenSteps: async () => {},
    ...overrides,
  };
}

describe('generateTokens', () => {
  it('streams each token with its candidates and times prefill and decode apart', async () => {
    const seen: string[] = [];
    const stepper = countingStepper();
    const out = await generateTokens(stepper, request({ onToken: (token) => seen.push(token.text) }));
    expect(seen).toEqual(['b', 'c', '\n', 'a', 'b']);
    expect(out.text).toBe('bc\nab');
    expect(out.finish).toBe('max-tokens');
    expect(out.tokens[0]!.before[0]!.id).toBe(2);
    expect(out.tokens[0]!.before[0]!.text).toBe('b');
    expect(out.tokens[0]!.after).toHaveLength(6);
    // the last token is not fed back: 1 prompt + 4 fed tokens
    expect(stepper.sequence).toEqual([1, 2, 3, 4, 1]);
    expect(out.timings.decodeTokens).toBe(4);
    expect(out.timings.prefillMs).toBe(10);
    expect(out.timings.firstTokenMs).toBeGreaterThan(0);
  });

  it('ends at the end-of-sequence token, leaving it out of the text', async () => {
    const eosAfterB = (sequence: number[]): Float32Array | null =>
      sequence.at(-1) === 2 ? Float32Array.of(9, 0, 0, 0, 0, 0) : null;
    const out = await generateTokens(countingStepper(eosAfterB), request());
    expect(out.tokens.map((token) => token.id)).toEqual([2, 0]);
    expect(out.text).toBe('b');
    expect(out.finish).toBe('eos');
  });

  it('stops at a stop sequence that spans tokens and cuts it from the text', async () => {
    const out = await generateTokens(
      countingStepper(),
      request({ settings: { ...DEFAULT_GENERATION_SETTINGS, maxNewTokens: 9, stopSequences: ['c\na'] } }),
    );
    expect(out.finish).toBe('stop-sequence');
    expect(out.text).toBe('b');
    expect(out.finishSentence).toContain('c\\na');
  });

  it('stops between steps when asked, and at the end of the context', async () => {
    let asked = 0;
    const stopped = await generateTokens(countingStepper(), request({ shouldStop: () => ++asked >= 2 }));
    expect(stopped.finish).toBe('stopped');
    expect(stopped.tokens).toHaveLength(2);
    const full = await generateTokens(countingStepper(), request({ contextLength: 3 }));
    expect(full.finish).toBe('context-full');
    expect(full.tokens).toHaveLength(2);
  });

  it('stops with a sentence on NaN logits', async () => {
    const out = await generateTokens(
      countingStepper((sequence) => (sequence.length > 2 ? Float32Array.of(0, NaN, 0, 0, 0, 0) : null)),
      request(),
    );
    expect(out.finish).toBe('nan');
    expect(out.finishSentence).toMatch(/step 3 .*NaN, first at token id 1/);
    expect(out.tokens).toHaveLength(2);
  });

  it('continues a branch after forced tokens, which count in the text', async () => {
    const stepper = countingStepper();
    const out = await generateTokens(
      stepper,
      request({ forcedIds: [4], settings: { ...DEFAULT_GENERATION_SETTINGS, maxNewTokens: 2 } }),
    );
    expect(stepper.sequence.slice(0, 2)).toEqual([1, 4]);
    expect(out.tokens[0]!.index).toBe(1);
    expect(out.text).toBe('\nab');
  });

  it('streams pieces that join into the whole text when characters span tokens (byte tokens)', async () => {
    // A byte-level vocabulary: token id = one UTF-8 byte; the "model" spells out a text byte by byte.
    const bytes = [...new TextEncoder().encode('é 😀 ok')];
    const spelling = (sequence: number[]): Float32Array => {
      const logits = new Float32Array(256).fill(-5);
      logits[bytes[sequence.length - 1] ?? 32]! = 5;
      return logits;
    };
    const stepper = countingStepper(spelling);
    const decode = (ids: readonly number[]) => new TextDecoder().decode(Uint8Array.from(ids));
    const pieces: string[] = [];
    const out = await generateTokens(
      stepper,
      request({
        promptIds: [32],
        eosIds: new Set(),
        decode,
        tokenText: (id) => decode([id]),
        settings: { ...DEFAULT_GENERATION_SETTINGS, mode: 'greedy', maxNewTokens: bytes.length },
        onToken: (token) => pieces.push(token.text),
      }),
    );
    expect(out.tokens.map((token) => token.id)).toEqual(bytes);
    expect(out.text).toBe('é 😀 ok');
    expect(pieces.join('')).toBe(out.text);
    expect(pieces.filter((piece) => piece === '').length).toBe(bytes.length - 'é 😀 ok'.length + 1);
  });

  it('gives the same sampled text for the same seed', async () => {
    const flat = (): Float32Array | null => Float32Array.of(-9, 0, 0.1, 0.2, 0, 0);
    const sample = async (seed: number): Promise<string> =>
      (
        await generateTokens(
          countingStepper(flat),
          request({ settings: { ...DEFAULT_GENERATION_SETTINGS, mode: 'sample', seed, maxNewTokens: 12 } }),
        )
      ).text;
    expect(await sample(5)).toBe(await sample(5));
    expect(await sample(5)).not.toBe(await sample(6));
  });
});

describe('fitPrompt and settings', () => {
  it('keeps the end of a prompt that is too long, with a sentence', () => {
    expect(fitPrompt([1, 2, 3], 10, 4)).toEqual({ ids: [1, 2, 3], notice: null });
    const cut = fitPrompt([1, 2, 3, 4, 5, 6, 7, 8], 8, 4);
    expect(cut.ids).toEqual([5, 6, 7, 8]);
    expect(cut.notice).toMatch(/8 tokens .* at most 8.* first 4 tokens/);
  });

  it('normalises hostile settings to bounds and defaults', () => {
    const settings = normalizeGenerationSettings({
      mode: 'evil',
      temperature: '0',
      topK: 1e9,
      topP: 'x',
      seed: -4,
      maxNewTokens: 1e6,
      stopSequences: ['', 'x'.repeat(100), 3],
    });
    expect(settings.mode).toBe('greedy');
    expect(settings.temperature).toBe(0.05);
    expect(settings.topK).toBe(1000);
    expect(settings.topP).toBe(DEFAULT_GENERATION_SETTINGS.topP);
    expect(settings.seed).toBe(0);
    expect(settings.maxNewTokens).toBe(512);
    expect(settings.stopSequences).toEqual(['x'.repeat(64)]);
  });
});
