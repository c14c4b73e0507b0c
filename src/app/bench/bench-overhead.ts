// Measures the playground path against the bare call on one benchmark worker: interleaved pairs on the
// same session and input, the bare run timed in the worker, the path (comlink call, tensors transferred
// both ways) timed here. Interleaving keeps drift (thermal, other load) from favouring either side.
import { summarizeOverhead } from '../../lib/bench/overhead.ts';
import type { OverheadResult } from '../../lib/bench/result-types.ts';
import { transferablesOf, type TensorData } from '../../lib/tensor.ts';
import { withTransfer, type BenchWorkerHandle } from './bench-worker.ts';

/** Least time between progress reports: repainting the page is main-thread work that would delay replies. */
const REPORT_INTERVAL_MS = 1000;

function copyFeeds(feeds: Record<string, TensorData>): Record<string, TensorData> {
  const copy: Record<string, TensorData> = {};
  for (const [name, tensor] of Object.entries(feeds)) {
    copy[name] = { ...tensor, data: tensor.data.slice() } as TensorData;
  }
  return copy;
}

export async function measureOverhead(
  handle: BenchWorkerHandle,
  key: string,
  pairs: number,
  hooks: { now(): number; cancelled(): boolean; report(done: number, total: number): void },
): Promise<OverheadResult> {
  const feeds = await handle.call((service) => service.inputFeeds());
  const bareMs: number[] = [];
  const pathMs: number[] = [];
  let reported = hooks.now();
  for (let i = 0; i < pairs && !hooks.cancelled(); i++) {
    bareMs.push(await handle.call((service) => service.bareRun()));
    // The copy is made before the clock starts: the playground makes its tensors before calling too.
    const copy = copyFeeds(feeds);
    const started = hooks.now();
    await handle.call((service) =>
      service.playgroundRun(withTransfer(copy, transferablesOf(Object.values(copy)))),
    );
    pathMs.push(hooks.now() - started);
    if (hooks.now() - reported > REPORT_INTERVAL_MS || i + 1 === pairs) {
      hooks.report(i + 1, pairs);
      reported = hooks.now();
    }
  }
  return summarizeOverhead(key, bareMs, pathMs);
}
