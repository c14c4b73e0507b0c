import { describe, expect, it } from 'vitest';
import {
  firstDifference,
  firstDisagreement,
  formatSpread,
  GENERATION_TABLE_HEADER,
  generationRow,
  spreadOf,
  summarizeGeneration,
} from '../../../src/lib/bench/generation-summary.ts';
import { generationSpeed } from '../../../src/lib/tasks/text-generation/generation-speed.ts';

describe('generation benchmark figures', () => {
  it('median, range and interquartile range of the finite values', () => {
    expect(spreadOf([4, 1, 3, 2, null, Number.NaN])).toEqual({
      count: 4,
      median: 2.5,
      min: 1,
      max: 4,
      iqr: 1.5,
    });
    expect(spreadOf([null])).toBeNull();
    expect(spreadOf([])).toBeNull();
  });

  it('summarises time to first token and the rates of repeated generations', () => {
    const summary = summarizeGeneration([
      { firstTokenMs: 2, prefillTokensPerSecond: 1000, decodeTokensPerSecond: 400 },
      { firstTokenMs: 4, prefillTokensPerSecond: 3000, decodeTokensPerSecond: 600 },
      { firstTokenMs: 3, prefillTokensPerSecond: null, decodeTokensPerSecond: 500 },
    ]);
    expect(summary.firstTokenMs).toMatchObject({ median: 3, min: 2, max: 4, count: 3 });
    expect(summary.prefillTokensPerSecond).toMatchObject({ median: 2000, count: 2 });
    expect(summary.decodeTokensPerSecond).toMatchObject({ median: 500, min: 400, max: 600 });
  });

  it('rates from the loop’s timings: tokens × 1000 / ms, none for no tokens or no time', () => {
    expect(
      generationSpeed({ promptTokens: 5, prefillMs: 2.5, firstTokenMs: 3, decodeTokens: 31, decodeMs: 62 }),
    ).toEqual({ firstTokenMs: 3, prefillTokensPerSecond: 2000, decodeTokensPerSecond: 500 });
    expect(
      generationSpeed({ promptTokens: 5, prefillMs: 0, firstTokenMs: 3, decodeTokens: 0, decodeMs: 0 }),
    ).toMatchObject({ prefillTokensPerSecond: null, decodeTokensPerSecond: null });
  });

  it('finds where token sequences first differ', () => {
    expect(firstDifference([1, 2, 3], [1, 2, 3])).toBeNull();
    expect(firstDifference([1, 2, 3], [1, 5, 3])).toBe(1);
    // A sequence that ends early differs where it ends.
    expect(firstDifference([1, 2, 3], [1, 2])).toBe(2);
    expect(
      firstDisagreement([
        [1, 2],
        [1, 2],
        [1, 3],
      ]),
    ).toEqual({ sequence: 2, position: 1 });
    expect(firstDisagreement([[7], [7]])).toBeNull();
    expect(firstDisagreement([])).toBeNull();
  });

  it('writes a Markdown row with medians and ranges', () => {
    expect(formatSpread(spreadOf([400, 500, 600]))).toBe('500 (400–600)');
    expect(formatSpread(spreadOf([1.25]), 1)).toBe('1.3');
    expect(formatSpread(null)).toBe('—');
    const row = generationRow({
      model: 'tiny-bible-gpt',
      configuration: 'WASM 1 thread',
      threads: 1,
      summary: summarizeGeneration([
        { firstTokenMs: 2, prefillTokensPerSecond: 2000, decodeTokensPerSecond: 500 },
      ]),
      repeats: 1,
      cacheBytes: '48.0 KB',
      weightsBytes: '6.27 MB',
    });
    expect(row).toBe('| tiny-bible-gpt | WASM 1 thread | 1 | 2.0 | 2000 | 500 | 1 | 48.0 KB | 6.27 MB |');
    expect(row.split('|').length).toBe(GENERATION_TABLE_HEADER[0]!.split('|').length);
  });
});
