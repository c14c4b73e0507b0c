// The duration estimate before a run and the time-weighted progress with its ETA, replayed on timings
// recorded here (docs/benchmark.md: NanoDet on WASM 1 and 2 threads and WebGPU on SwiftShader).
import { describe, expect, it } from 'vitest';
import {
  estimatePlan,
  expectedRunMs,
  formatDuration,
  type AdapterFacts,
  type EstimateStage,
  type ModelCost,
} from '../../../src/lib/bench/estimate.ts';
import type { BenchPlan } from '../../../src/lib/bench/plan.ts';
import { ProgressEstimator, type ProgressReading } from '../../../src/lib/bench/progress-estimate.ts';
import { MODEL_CATALOG } from '../../../src/lib/catalog/model-catalog.ts';
import { ESTIMATE_ERROR } from '../../../src/lib/bench/time-left.ts';

const SOFTWARE: AdapterFacts = { cores: 2, webgpuSoftware: true };
const NANODET: ModelCost = { flops: 4_192_444_516, fileBytes: 15_206_362 };

function plan(overrides: Partial<BenchPlan> = {}): BenchPlan {
  return {
    modelId: 'nanodet-coco',
    input: 'synthetic',
    backends: [
      { backend: 'wasm', threads: 1 },
      { backend: 'wasm', threads: 2 },
      { backend: 'webgpu', threads: 2 },
    ],
    protocol: { warmUp: 3, stop: { kind: 'time', budgetMs: 6000, maxIterations: 200 } },
    profileRuns: 0,
    overheadPairs: 0,
    ...overrides,
  };
}

interface RecordedConfig {
  startMs: number;
  fetchMs: number;
  createSessionMs: number;
  firstRunMs: number;
  runsMs: number[];
}

/** The recorded NanoDet run: cold stages and per-run medians of the table, warm-up 3, budget 6 s. */
const RECORDED: RecordedConfig[] = [
  { startMs: 300, fetchMs: 120, createSessionMs: 808, firstRunMs: 596, runsMs: Array(3 + 44).fill(135.6) },
  { startMs: 300, fetchMs: 60, createSessionMs: 925, firstRunMs: 712, runsMs: Array(3 + 71).fill(84.6) },
  { startMs: 300, fetchMs: 60, createSessionMs: 458, firstRunMs: 14_120, runsMs: Array(3 + 1).fill(9640) },
];

interface Replayed {
  readings: Array<ProgressReading & { at: number; configIndex: number; stage: EstimateStage }>;
  totalMs: number;
}

/** Feeds the recorded run to the estimator as the runner would, with a fake clock. */
function replay(recorded: RecordedConfig[], warmUp = 3): Replayed {
  let clock = 0;
  const estimator = new ProgressEstimator(plan(), NANODET, SOFTWARE, () => clock);
  const readings: Replayed['readings'] = [];
  const observe = (
    configIndex: number,
    stage: EstimateStage,
    done: number,
    total: number | null,
    extra: { newSamplesMs?: number[]; stageElapsedMs?: number } = {},
  ): void => {
    readings.push({
      ...estimator.observe({ configIndex, stage, done, total, ...extra }),
      at: clock,
      configIndex,
      stage,
    });
  };
  recorded.forEach((config, index) => {
    observe(index, 'starting', 0, null);
    clock += config.startMs;
    observe(index, 'fetch', 0, NANODET.fileBytes);
    clock += config.fetchMs;
    observe(index, 'fetch', NANODET.fileBytes, NANODET.fileBytes);
    observe(index, 'create-session', 0, null);
    clock += config.createSessionMs;
    observe(index, 'first-run', 0, null);
    clock += config.firstRunMs;
    let phaseStart = clock;
    config.runsMs.slice(0, warmUp).forEach((ms, i) => {
      clock += ms;
      observe(index, 'warm-up', i + 1, warmUp, { stageElapsedMs: clock - phaseStart });
    });
    phaseStart = clock;
    config.runsMs.slice(warmUp).forEach((ms, i) => {
      clock += ms;
      observe(index, 'measure', i + 1, null, { newSamplesMs: [ms], stageElapsedMs: clock - phaseStart });
    });
  });
  return { readings, totalMs: clock };
}

describe('the duration estimate', () => {
  it('puts a run within 2× of the measured medians on WASM and SwiftShader', () => {
    const wasm1 = expectedRunMs({ backend: 'wasm', threads: 1 }, NANODET, SOFTWARE);
    const wasm2 = expectedRunMs({ backend: 'wasm', threads: 2 }, NANODET, SOFTWARE);
    const gpu = expectedRunMs({ backend: 'webgpu', threads: 2 }, NANODET, SOFTWARE);
    for (const [estimate, measured] of [
      [wasm1, 135.6],
      [wasm2, 78.7],
      [gpu, 9640],
    ] as const) {
      expect(estimate / measured).toBeGreaterThan(0.5);
      expect(estimate / measured).toBeLessThan(2);
    }
    // More threads than cores do not help.
    expect(expectedRunMs({ backend: 'wasm', threads: 8 }, NANODET, SOFTWARE)).toBe(wasm2);
    // A hardware adapter is not a CPU rasteriser.
    expect(
      expectedRunMs({ backend: 'webgpu', threads: 2 }, NANODET, { cores: 2, webgpuSoftware: false }),
    ).toBeLessThan(wasm1);
  });

  it('estimates the recorded plan within 2× and gives WebGPU most of it, as it took', () => {
    const estimate = estimatePlan(plan(), NANODET, SOFTWARE);
    const { totalMs } = replay(RECORDED);
    expect(estimate.totalMs / totalMs).toBeGreaterThan(0.5);
    expect(estimate.totalMs / totalMs).toBeLessThan(2);
    expect(estimate.configs.map((c) => c.key)).toEqual(['wasm-1', 'wasm-2', 'webgpu']);
    expect(estimate.configs[2]!.totalMs / estimate.totalMs).toBeGreaterThan(0.6);
    expect(estimate.basis).toBe('flops');
  });

  it('counts every stage of the plan: iterations, warm-up, profile and overhead pairs', () => {
    const base = plan({ protocol: { warmUp: 0, stop: { kind: 'iterations', count: 10 } } });
    const more = plan({
      protocol: { warmUp: 5, stop: { kind: 'iterations', count: 20 } },
      profileRuns: 3,
      overheadPairs: 10,
    });
    const a = estimatePlan(base, NANODET, SOFTWARE).configs[0]!;
    const b = estimatePlan(more, NANODET, SOFTWARE).configs[0]!;
    expect(a.stages.measure).toBeCloseTo(10 * a.runMs);
    expect(b.stages.measure).toBeCloseTo(20 * a.runMs);
    expect(b.stages['warm-up']).toBeCloseTo(5 * a.runMs);
    expect(a.stages.profile).toBe(0);
    expect(b.stages.profile).toBeGreaterThan(3 * a.runMs);
    expect(b.stages.overhead).toBeGreaterThan(20 * a.runMs);
  });

  it('stops a time budget at its cap, and always makes at least one run', () => {
    const capped = plan({
      protocol: { warmUp: 0, stop: { kind: 'time', budgetMs: 60_000, maxIterations: 5 } },
    });
    const wasm = estimatePlan(capped, NANODET, SOFTWARE).configs[0]!;
    expect(wasm.stages.measure).toBeCloseTo(5 * wasm.runMs);
    const gpu = estimatePlan(plan(), NANODET, SOFTWARE).configs[2]!;
    expect(gpu.stages.measure).toBeCloseTo(gpu.runMs);
  });

  it('guesses from the file size when the FLOPs are not counted, and says so', () => {
    const estimate = estimatePlan(plan(), { flops: null, fileBytes: 267_000_000 }, SOFTWARE);
    expect(estimate.basis).toBe('file-size');
    expect(estimate.totalMs).toBeGreaterThan(0);
  });

  it('knows the FLOPs of every embedded model', () => {
    for (const entry of MODEL_CATALOG) expect(entry.flops).toBeGreaterThan(1e6);
  });

  it('formats durations in round words', () => {
    expect(formatDuration(4_200)).toBe('4 s');
    expect(formatDuration(43_000)).toBe('45 s');
    expect(formatDuration(95_000)).toBe('1 min 40 s');
    expect(formatDuration(120_000)).toBe('2 min');
    expect(formatDuration(25 * 60_000)).toBe('25 min');
    expect(formatDuration(65 * 60_000)).toBe('1 h 5 min');
  });
});

describe('progress weighted by expected time', () => {
  it('never moves backwards and ends near 100 %', () => {
    const { readings } = replay(RECORDED);
    for (let i = 1; i < readings.length; i++) {
      expect(readings[i]!.fraction).toBeGreaterThanOrEqual(readings[i - 1]!.fraction);
    }
    expect(readings.at(-1)!.fraction).toBeGreaterThan(0.85);
  });

  it('is at the share of time spent, not of stages, when the slow WebGPU configuration begins', () => {
    const { readings, totalMs } = replay(RECORDED);
    const gpuStart = readings.find((r) => r.configIndex === 2)!;
    const spent = gpuStart.at / totalMs; // 0.23 of the time (2 of 3 configurations by stage count)
    expect(Math.abs(gpuStart.fraction - spent)).toBeLessThan(0.12);
    expect(gpuStart.fraction).toBeLessThan(0.4);
  });

  it('gives an ETA that the measured run times correct', () => {
    const { readings, totalMs } = replay(RECORDED);
    // After WebGPU's first warm-up run the estimator knows its real run time.
    const warm = readings.find((r) => r.configIndex === 2 && r.stage === 'warm-up')!;
    const actualLeft = totalMs - warm.at;
    expect(warm.remainingMs! / actualLeft).toBeGreaterThan(0.75);
    expect(warm.remainingMs! / actualLeft).toBeLessThan(1.33);
    // Half-way through WASM 1 thread's budget: the rest of it plus two configurations' worth.
    const mid = readings.find((r) => r.configIndex === 0 && r.stage === 'measure' && r.at > 6000)!;
    const left = totalMs - mid.at;
    expect(mid.remainingMs! / left).toBeGreaterThan(0.5);
    expect(mid.remainingMs! / left).toBeLessThan(2);
  });

  it('scales a later configuration by what an earlier one of the same backend measured', () => {
    let clock = 0;
    const estimator = new ProgressEstimator(plan(), NANODET, SOFTWARE, () => clock);
    const before = estimator.runMs(1);
    estimator.observe({
      configIndex: 0,
      stage: 'measure',
      done: 1,
      total: null,
      newSamplesMs: [2 * expectedRunMs({ backend: 'wasm', threads: 1 }, NANODET, SOFTWARE)],
    });
    expect(estimator.runMs(1)).toBeCloseTo(2 * before);
    // WebGPU is another kind of backend: WASM's timings say nothing about it.
    expect(estimator.runMs(2)).toBe(expectedRunMs({ backend: 'webgpu', threads: 2 }, NANODET, SOFTWARE));
    clock += 1;
  });

  it('keeps expecting some time when a stage runs past its estimate', () => {
    let clock = 0;
    const estimator = new ProgressEstimator(
      plan({ backends: [{ backend: 'webgpu', threads: 2 }] }),
      NANODET,
      SOFTWARE,
      () => clock,
    );
    estimator.observe({ configIndex: 0, stage: 'first-run', done: 0, total: null });
    clock += 10 * 60_000;
    const late = estimator.reading();
    expect(late.remainingMs).toBeGreaterThan(0);
    expect(late.fraction).toBeLessThan(1);
  });
});

describe('the time left shown while the recorded run replays', () => {
  it('rises in total by no more than the estimate’s stated error, even when WebGPU is 5× slower than recorded', () => {
    // The recorded run with SwiftShader 5× slower: the re-estimates climb far past the stated error.
    const slower = RECORDED.map((config, index) =>
      index === 2
        ? { ...config, firstRunMs: 5 * config.firstRunMs, runsMs: config.runsMs.map((ms) => 5 * ms) }
        : config,
    );
    const { readings } = replay(slower);
    const shown = readings.map((r) => r.remainingMs ?? 0);
    const first = readings[0]!;
    const initial = first.elapsedMs + (first.rawRemainingMs ?? 0);
    let rise = 0;
    for (let i = 1; i < shown.length; i++) rise += Math.max(0, shown[i]! - shown[i - 1]!);
    expect(rise).toBeLessThanOrEqual(ESTIMATE_ERROR * initial + 1e-6);
    // The raw re-estimate did rise by more than that, so the bound did its work.
    const raw = readings.map((r) => r.rawRemainingMs ?? 0);
    let rawRise = 0;
    for (let i = 1; i < raw.length; i++) rawRise += Math.max(0, raw[i]! - raw[i - 1]!);
    expect(rawRise).toBeGreaterThan(ESTIMATE_ERROR * initial);
    // It ran past its estimate and error: the display says so rather than showing a new figure.
    expect(readings.some((r) => r.overEstimate)).toBe(true);
  });
});
