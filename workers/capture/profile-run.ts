// Time per node of the plain model on the last run's feeds: ORT's profiler (its trace, printed through
// the console tap installed before WebAssembly started) in a session of its own, aggregated per node.
import { aggregateProfile, parseOrtTrace } from '../../src/lib/bench/profile.ts';
import type { NodeTiming } from '../../src/lib/capture/capture-types.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import { createBenchSession } from '../../src/lib/runtime/onnx-runtime.ts';
import type { CaptureSource } from './last-run.ts';

/** Profiled runs after the first (cold) one, which is dropped. */
export const PROFILED_RUNS = 3;

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
  const summary = aggregateProfile(
    trace.events,
    trace.runs || PROFILED_RUNS,
    'ort-profiler',
    Number.MAX_SAFE_INTEGER,
  );
  return summary.slowestNodes.map((node) => ({
    node: node.node,
    opType: node.opType,
    ms: node.msPerRun,
    provider: node.provider,
  }));
}
