// The WASM thread choice: candidates per device, the FLOPs-per-node rule, the choice from calibration
// timings (recorded in this project's headless Chromium on the 2-core VM, and the shared GPU notes'
// 16-core figures), and stored values read defensively.
import { describe, expect, it } from 'vitest';
import {
  chooseFromCalibration,
  describeThreads,
  maxThreads,
  parseStoredChoice,
  ruleThreads,
  threadCandidates,
  threadChoiceKey,
} from '../../../src/lib/runtime/thread-choice.ts';

/**
 * Medians recorded on this 2-core VM, by thread count. calibrated: the view's own calibrations (one median
 * per calibration, scripts/measure-threads.ts, load average 10–18 from other test suites); idle: the bench
 * lab at load average ≤ 1.5 (docs/benchmark.md, synthetic input at sequence 128 / the model's image size).
 */
const RECORDED = {
  calibratedTinyBert: { 1: [1.86, 1.8, 1.955, 2.185], 2: [1.92, 2.05, 2.775, 1.67] },
  calibratedShapes: { 1: [41.345, 42.885], 2: [91.895, 40.995] },
  idleTinyBert: { 1: [3.88], 2: [12.5] },
  idleShapes: { 1: [17.9], 2: [11.2] },
  idleNanodet: { 1: [135.6], 2: [78.7] },
};

describe('thread candidates', () => {
  it('offers 1, 2, 4 up to the cores, and never more than 4', () => {
    expect(threadCandidates(2, true)).toEqual([1, 2]);
    expect(threadCandidates(3, true)).toEqual([1, 2, 3]);
    expect(threadCandidates(16, true)).toEqual([1, 2, 4]);
    expect(threadCandidates(1, true)).toEqual([1]);
  });

  it('offers only 1 thread without cross-origin isolation or with a nonsense core count', () => {
    expect(threadCandidates(8, false)).toEqual([1]);
    expect(maxThreads(Number.NaN, true)).toBe(1);
    expect(maxThreads(0, true)).toBe(1);
  });
});

describe('the rule from FLOPs per node', () => {
  it('gives the tiny BERT 1 thread and the detectors every thread (FLOPs per node of the embedded models)', () => {
    expect(ruleThreads(133_688, 2, true)).toBe(1); // tiny BERT at sequence 128
    expect(ruleThreads(1_573_286, 2, true)).toBe(2); // shapes-yolov8, 256 × 256
    expect(ruleThreads(38_113_132, 16, true)).toBe(4); // nanodet-coco, 416 × 416, capped at 4
  });

  it('falls back to 1 thread when the work is unknown or the page cannot use more', () => {
    expect(ruleThreads(Number.NaN, 8, true)).toBe(1);
    expect(ruleThreads(38_113_132, 8, false)).toBe(1);
  });
});

describe('choosing from calibration timings', () => {
  it('keeps 1 thread for the tiny BERT: its calibrations here tie (1.91 vs 1.99 ms), and idle 1 is 3.2× faster', () => {
    const choice = chooseFromCalibration(RECORDED.calibratedTinyBert);
    expect(choice?.threads).toBe(1);
    expect(choice?.source).toBe('measured');
    expect(choice?.medians?.['1']).toBeCloseTo(1.9075, 4);
    expect(chooseFromCalibration(RECORDED.idleTinyBert)?.threads).toBe(1);
  });

  it('takes 2 threads for both detectors on the idle machine, 1 for the shapes detector under load', () => {
    expect(chooseFromCalibration(RECORDED.idleShapes)?.threads).toBe(2);
    expect(chooseFromCalibration(RECORDED.idleNanodet)?.threads).toBe(2);
    expect(chooseFromCalibration(RECORDED.calibratedShapes)?.threads).toBe(1);
  });

  it('takes 1 thread for the tiny BERT with the GPU machine’s 16-core timings (34.4 ms on 16 vs 7.8 on 1)', () => {
    expect(chooseFromCalibration({ 1: [7.8, 7.9, 7.7], 4: [12, 12.5], 16: [34.4, 35] })?.threads).toBe(1);
  });

  it('gives the choice within 10 % of the best single count on every recorded model', () => {
    for (const timings of Object.values(RECORDED)) {
      const choice = chooseFromCalibration(timings);
      const medians = Object.values(choice?.medians ?? {});
      const chosen = choice?.medians?.[String(choice.threads)] ?? Infinity;
      expect(chosen).toBeLessThanOrEqual(Math.min(...medians) * 1.1);
    }
  });

  it('keeps the count in use unless another is more than 10 % faster (noise on a busy machine)', () => {
    // Recorded here under load average 12–14: 2 threads 9 % faster than the rule's 1 — kept at 1.
    expect(chooseFromCalibration({ 1: [2.185], 2: [2.0] }, 1)?.threads).toBe(1);
    // The tiny BERT once measured 2 threads 24 % faster under load: switched.
    expect(chooseFromCalibration({ 1: [2.185], 2: [1.67] }, 1)?.threads).toBe(2);
    // NanoDet under load average ~12: 1 thread 356 ms vs 2 threads 527 ms — the rule's 2 gives way.
    expect(chooseFromCalibration({ 1: [355.6], 2: [526.8] }, 2)?.threads).toBe(1);
    expect(chooseFromCalibration(RECORDED.idleShapes, 2)?.threads).toBe(2);
  });

  it('ignores timings that are not numbers and returns null when none is usable', () => {
    expect(chooseFromCalibration({ 1: [Number.NaN, -1], 2: [] })).toBeNull();
    expect(chooseFromCalibration({ 1: [Number.NaN, 3], 2: [Infinity, 2] })?.threads).toBe(2);
  });
});

describe('stored choices', () => {
  const candidates = [1, 2];

  it('keys the choice by device cores and model', () => {
    expect(threadChoiceKey('embedded:tiny-sentiment-bert', 2)).toBe(
      'glassbox.threads.v1:2:embedded:tiny-sentiment-bert',
    );
  });

  it('reads back a stored choice with its medians', () => {
    const stored = JSON.stringify({ threads: 2, source: 'measured', medians: { 1: 18, 2: 12.6 } });
    expect(parseStoredChoice(stored, candidates)).toEqual({
      threads: 2,
      source: 'measured',
      medians: { 1: 18, 2: 12.6 },
    });
  });

  it('treats corrupt or unusable values as nothing stored', () => {
    for (const text of [
      null,
      '',
      '{not json',
      'null',
      '42',
      '"2"',
      '[]',
      JSON.stringify({ threads: 8, source: 'user' }), // more than this device gives
      JSON.stringify({ threads: 1.5, source: 'user' }),
      JSON.stringify({ threads: '1', source: 'user' }),
      JSON.stringify({ threads: 1, source: 'single' }),
      JSON.stringify({ threads: 1, source: '<img src=x onerror=alert(1)>' }),
      JSON.stringify({ threads: 1 }),
    ]) {
      expect(parseStoredChoice(text, candidates), String(text)).toBeNull();
    }
  });

  it('drops medians that are not finite numbers of a candidate count', () => {
    const stored = JSON.stringify({ threads: 1, source: 'measured', medians: { 1: 'x', 3: 5, 2: 4 } });
    expect(parseStoredChoice(stored, candidates)?.medians).toEqual({ 2: 4 });
  });
});

describe('the sentence a view shows', () => {
  it('says the count and why', () => {
    expect(describeThreads({ threads: 1, source: 'measured' })).toBe('1 thread (fastest measured here)');
    expect(describeThreads({ threads: 2, source: 'user' })).toBe('2 threads (your choice)');
    expect(describeThreads({ threads: 2, source: 'rule' })).toBe(
      '2 threads (much work per node: threads usually help)',
    );
  });
});
