// Time per node of the plain model on the last run's feeds: ORT's profiler (its trace, printed through
// the console tap installed before WebAssembly started) in a session of its own; each node's time is its
// median over the profiled runs (src/lib/capture/node-time-median.ts says why not the mean).
import { parseOrtTrace } from '../../../src/lib/bench/profile.ts';
import type { NodeTiming } from '../../../src/lib/capture/capture-types.ts';
import { medianNodeTimings } from '../../../src/lib/capture/node-time-median.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import { createBenchSession } from '../../../src/lib/runtime/onnx-runtime.ts';
import type { CaptureSource } from './last-run.ts';

/** Profiled runs after the first (cold) one, which is dropped: an odd count, so the median is a run's. */
export const PROFILED_RUNS = 5;

export async function profileRun(source: CaptureSource, backend: Backend): Promise<NodeTiming[]> {
  const session = await createBenchSession(source.modelBytes, backend, {
    profile: true,
    externalData: source.externalData,
  });
  let lines: string[];
  try {
    // run(), not runBare(): it waits its turn in ORT's queue, so a playground run meanwhile is safe.
    for (let run = 0; run <= PROFILED_RUNS; run++) await session.run(source.lastRun.feeds);
    lines = await session.collectProfile();
  } catch (error) {
    if (error instanceof GlassboxError) throw error;
    throw new GlassboxError({
      code: 'inference-failed',
      message: `Profiling the model on ${backend === 'webgpu' ? 'WebGPU' : 'WASM'} failed.`,
      remedy: 'Run the model again, or profile on WASM.',
      detail: error instanceof Error ? error.message : String(error),
    });
  } finally {
    await session.release();
  }
  const trace = parseOrtTrace(lines, 1);
  if (trace.events.length === 0) {
    throw new GlassboxError({
      code: 'inference-failed',
      message:
        'ONNX Runtime printed no profile: its output can only be read when the tap is installed before WebAssembly starts.',
      remedy: 'Reload the page and profile before anything else runs, or use the Benchmark lab.',
    });
  }
  return medianNodeTimings(trace.events, trace.runs || PROFILED_RUNS);
}
