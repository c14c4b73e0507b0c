// How fast this machine does a model's arithmetic right now: a 256 × 256 MatMul on WASM, 1 thread, timed
// for about 0.3 s (many short runs: on a busy machine their median is steadier than a few long ones'). The lab's estimate scales its rates by it (src/lib/bench/estimate.ts), so an
// estimate made on a busy machine — another tab, a class of thirty on one Wi-Fi, CI — is of that machine
// as it is now, not of the quiet machine the rates were fitted on.
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
    const medianMs = percentile(times, 50);
    return { gflops: PROBE_FLOPS / (medianMs * 1e6), runs: times.length, medianMs };
  } finally {
    await session.release();
  }
}
