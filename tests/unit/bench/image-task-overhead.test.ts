// The image tasks' overhead summary (scripts/measure-image-task-overhead.ts): medians per stage, what the
// call adds over the bare run, where it goes, and the WASM ÷ WebGPU ratio of the bare runs.
import { describe, expect, it } from 'vitest';
import {
  formatRatio,
  summarizeImageTask,
  wasmOverWebGpu,
  type ImageTaskRounds,
} from '../../../src/lib/bench/image-task-overhead.ts';

function rounds(overrides: Partial<ImageTaskRounds> = {}): ImageTaskRounds {
  return {
    call: [20, 22, 21],
    bare: [5, 6, 5],
    hop: [0.5, 0.4, 0.6],
    decode: [1, 1, 1],
    preprocess: [2, 2, 2],
    inference: [5, 5, 6],
    postprocess: [10, 11, 10],
    colour: [],
    ...overrides,
  };
}

describe('summarizeImageTask', () => {
  it('takes the median of each stage and the call over the bare run', () => {
    const s = summarizeImageTask(rounds());
    expect(s.callMs).toBe(21);
    expect(s.bareMs).toBe(5);
    expect(s.hopMs).toBe(0.5);
    expect(s.inferenceMs).toBe(5);
    expect(s.postprocessMs).toBe(10);
    expect(s.ratio?.ratio).toBeCloseTo(21 / 5, 10);
    expect(s.ratio!.low).toBeLessThanOrEqual(s.ratio!.ratio);
    expect(s.ratio!.high).toBeGreaterThanOrEqual(s.ratio!.ratio);
  });

  it('counts the task’s own work as call − hop − bare, and names post-processing when it is the largest part', () => {
    const s = summarizeImageTask(rounds());
    expect(s.ownMs).toBeCloseTo(21 - 0.5 - 5, 10);
    // call − hop − (decode + preprocess + run + post-processing): 20.5 − 18 = 2.5 ms of copies.
    expect(s.unaccountedMs).toBeCloseTo(2.5, 10);
    expect(s.colourMs).toBeNaN();
    expect(s.largest).toEqual({ stage: 'post-processing', ms: 10 });
  });

  it('adds the page’s colouring to the own work, and names it when it outweighs the rest', () => {
    const s = summarizeImageTask(rounds({ colour: [30, 31, 29] }));
    expect(s.colourMs).toBe(30);
    expect(s.ownMs).toBeCloseTo(21 - 0.5 - 5 + 30, 10);
    expect(s.largest).toEqual({ stage: 'colouring', ms: 30 });
  });

  it('names the copies when the stages leave most of the call unaccounted for', () => {
    const s = summarizeImageTask(rounds({ call: [100, 100, 100] }));
    expect(s.unaccountedMs).toBeCloseTo(100 - 0.5 - 18, 10);
    expect(s.largest.stage).toBe('copies');
  });

  it('ignores non-finite stage times (a round whose run had no such stage) instead of turning NaN', () => {
    const s = summarizeImageTask(rounds({ decode: [NaN, 1, NaN] }));
    expect(s.decodeMs).toBe(1);
    expect(Number.isFinite(s.unaccountedMs)).toBe(true);
  });

  it('gives no ratio without bare runs', () => {
    const s = summarizeImageTask(rounds({ bare: [] }));
    expect(s.ratio).toBeNull();
    expect(formatRatio(s.ratio)).toBe('n/a');
  });
});

describe('wasmOverWebGpu', () => {
  it('is above 1 when WebGPU is faster, and below when it is slower (a software adapter)', () => {
    expect(wasmOverWebGpu([10, 10, 10], [2, 2, 2])?.ratio).toBe(5);
    const slower = wasmOverWebGpu([2, 2, 2], [400, 400, 400]);
    expect(slower?.ratio).toBe(0.005);
    expect(formatRatio(slower)).toBe('0.00500× (0.00500–0.00500)');
  });

  it('formats large and middling factors without false precision', () => {
    expect(formatRatio(wasmOverWebGpu([250], [1]))).toBe('250× (250–250)');
    expect(formatRatio(wasmOverWebGpu([12.34], [1]))).toBe('12.3× (12.3–12.3)');
    expect(formatRatio(wasmOverWebGpu([1.234], [1]))).toBe('1.23× (1.23–1.23)');
  });
});
