// The estimate scaled by the lab's speed probe: a machine at a quarter of the reference speed takes 4 times
// as long for its runs (a software adapter's WebGPU too) and twice as long to start a worker and a session
// (the square root: see estimate.ts), but no longer for the download or a real GPU's kernels; a probe that failed or read nonsense leaves the reference rates.
import { describe, expect, it } from 'vitest';
import {
  estimatePlan,
  expectedRunMs,
  REFERENCE_PROBE_GFLOPS,
  speedScale,
  type AdapterFacts,
  type ModelCost,
} from '../../../src/lib/bench/estimate.ts';
import type { BenchPlan } from '../../../src/lib/bench/plan.ts';

const BERT: ModelCost = { flops: 34_500_000, fileBytes: 17_600_000 };
const PLAN: BenchPlan = {
  modelId: 'tiny-sentiment-bert',
  input: 'synthetic',
  backends: [{ backend: 'wasm', threads: 1 }],
  protocol: { warmUp: 3, stop: { kind: 'iterations', count: 30 } },
  profileRuns: 3,
  overheadPairs: 20,
};
const QUIET: AdapterFacts = { cores: 2, webgpuSoftware: false };

describe('speedScale', () => {
  it('is the probe’s rate against the reference, 1 without a usable probe, and clamped', () => {
    const probe = (gflops: number) => ({ gflops, runs: 10, medianMs: 5 });
    expect(speedScale(probe(REFERENCE_PROBE_GFLOPS / 2))).toBeCloseTo(0.5);
    expect(speedScale(null)).toBe(1);
    expect(speedScale(probe(0))).toBe(1);
    expect(speedScale(probe(Number.NaN))).toBe(1);
    expect(speedScale(probe(REFERENCE_PROBE_GFLOPS * 100))).toBe(4);
    expect(speedScale(probe(REFERENCE_PROBE_GFLOPS / 1000))).toBe(0.05);
  });
});

describe('the estimate at a measured speed', () => {
  it('at a quarter of the speed: runs take 4 times as long, starting and sessions twice, the download the same', () => {
    const quiet = estimatePlan(PLAN, BERT, QUIET).configs[0]!;
    const busy = estimatePlan(PLAN, BERT, { ...QUIET, speed: 0.25 }).configs[0]!;
    expect(busy.runMs).toBeCloseTo(4 * quiet.runMs);
    for (const stage of ['warm-up', 'measure'] as const)
      expect(busy.stages[stage]).toBeCloseTo(4 * quiet.stages[stage]);
    for (const stage of ['starting', 'create-session'] as const)
      expect(busy.stages[stage]).toBeCloseTo(2 * quiet.stages[stage]);
    expect(busy.stages.fetch).toBe(quiet.stages.fetch);
    expect(busy.totalMs).toBeGreaterThan(2 * quiet.totalMs);
  });

  it('slows a software adapter’s WebGPU with the CPU, not a real GPU’s kernels', () => {
    const webgpu = { backend: 'webgpu' as const, threads: 2 };
    const big: ModelCost = { flops: 4e12, fileBytes: 1e6 };
    const gpuQuiet = expectedRunMs(webgpu, big, QUIET);
    const gpuBusy = expectedRunMs(webgpu, big, { ...QUIET, speed: 0.5 });
    // The kernels (4 TFLOP at 200 GFLOP/s: 20 s) dominate and do not change; only the fixed cost does.
    expect(gpuBusy - gpuQuiet).toBeCloseTo(3);
    const software = { cores: 2, webgpuSoftware: true };
    expect(expectedRunMs(webgpu, BERT, { ...software, speed: 0.5 })).toBeCloseTo(
      2 * expectedRunMs(webgpu, BERT, software),
    );
  });
});
