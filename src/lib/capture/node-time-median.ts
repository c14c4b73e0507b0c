// Time per node as the median of N profiled runs: one run's profile is noisy (a single 8 ms Reshape
// from a page fault or a GC pause washes every other box out), and a mean keeps that outlier. Each
// node's time is summed within a run (a node can run several kernels), then the median across runs;
// a run where the node did not appear counts as 0 ms for it.
import type { ProfileEvent } from '../bench/profile.ts';
import { percentile } from '../bench/statistics.ts';
import type { NodeTiming } from './capture-types.ts';

/** Per-node medians over `runs` runs; events without a run index are treated as run 0. */
export function medianNodeTimings(events: readonly ProfileEvent[], runs: number): NodeTiming[] {
  const count = Math.max(1, runs);
  const nodes = new Map<
    string,
    Pick<NodeTiming, 'opType' | 'provider' | 'outputShapes'> & {
      perRun: number[];
      /** The run its order comes from: the earliest that ran it, where the graph's order is the same. */
      orderRun: number;
      order?: number;
    }
  >();
  for (const event of events) {
    const run = Math.min(count - 1, Math.max(0, event.run ?? 0));
    let entry = nodes.get(event.node);
    if (!entry) {
      entry = {
        opType: event.opType,
        provider: event.provider,
        perRun: new Array<number>(count).fill(0),
        orderRun: Number.POSITIVE_INFINITY,
        ...(event.outputShapes ? { outputShapes: event.outputShapes } : {}),
      };
      nodes.set(event.node, entry);
    }
    entry.perRun[run] = (entry.perRun[run] ?? 0) + event.durationMs;
    if (event.order !== undefined && run < entry.orderRun) {
      entry.orderRun = run;
      entry.order = event.order;
    }
  }
  return [...nodes]
    .map(([node, entry]) => ({
      node,
      opType: entry.opType,
      provider: entry.provider,
      ms: percentile(entry.perRun, 50),
      runs: count,
      ...(entry.order !== undefined ? { order: entry.order } : {}),
      ...(entry.outputShapes ? { outputShapes: entry.outputShapes } : {}),
    }))
    .sort((a, b) => b.ms - a.ms);
}
