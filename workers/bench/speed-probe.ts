// How fast this machine does a model's arithmetic right now: a 256 × 256 MatMul on WASM, 1 thread, for
// about 0.3 s, counting the work done over that time (what a busy machine takes away included). The lab's
// estimate scales its rates by it (src/lib/bench/estimate.ts), so an estimate made on a busy machine —
// another tab, a class of thirty on one Wi-Fi, CI — is of that machine as it is now, not of the quiet
// machine the rates were fitted on.
import { synthesizeInputs } from '../../src/lib/bench/synthetic-input.ts';
import type { SpeedProbeResult } from '../../src/lib/bench/estimate.ts';
import { percentile } from '../../src/lib/bench/statistics.ts';
import { createBenchSession, requestWasmThreads } from '../../src/lib/runtime/onnx-runtime.ts';
import { buildSyntheticModel } from '../../src/lib/synthetic/build-model.ts';

const SIZE = 256;
/** 2·m·k·n multiply-adds of the probe's one MatMul. */
const PROBE_FLOPS = 2 * SIZE * SIZE * SIZE;
const BUDGET_MS = 300;
const MIN_RUNS = 9;

export async function probeSpeed(now: () => number, crossOriginIsolated: boolean): Promise<SpeedProbeResult> {
  requestWasmThreads(1, crossOriginIsolated);
  const bytes = buildSyntheticModel({ kind: 'matmul', spec: { m: SIZE, k: SIZE, n: SIZE } }, 'speed-probe');
  const session = await createBenchSession(bytes, 'wasm', { profile: false });
  try {
    const prepared = await session.prepareFeeds(synthesizeInputs(session.inputs));
    // Two untimed runs: the first allocates and packs the weights.
    await session.runBare(prepared);
    await session.runBare(prepared);
    const times: number[] = [];
    const started = now();
    while (times.length < MIN_RUNS || now() - started < BUDGET_MS) {
      const before = now();
      await session.runBare(prepared);
      times.push(now() - before);
    }
    // Work done over the wall time, not the median run: a busy machine takes the CPU away between and
    // within runs, and a model's longer runs lose that time too (a median of short runs would hide it).
    const elapsedMs = now() - started;
    return {
      gflops: (times.length * PROBE_FLOPS) / (elapsedMs * 1e6),
      runs: times.length,
      medianMs: percentile(times, 50),
    };
  } finally {
    await session.release();
  }
}
