// The work of one decode step, which is where a generation spends its time: the input shapes of a step
// on one new token after pastLength cached ones. The thread rule (src/lib/runtime/thread-choice.ts) reads
// FLOPs per node at these shapes, not at the single-run default (a 128-token sequence): a decode step does
// about 1/128 of that work per node, so a model whose full pass is worth threads may decode faster on one.
import { modelFlops } from '../../flops/index.ts';
import type { OnnxModel } from '../../onnx/index.ts';
import type { DecoderLayout } from './decoder-layout.ts';
import { emptyPast, stepFeeds } from './step-feeds.ts';

/** A past as long as a typical mid-generation step (a short prompt and some tokens made). */
export const RULE_PAST_LENGTH = 64;

/** Input shapes of a decode step: one token in, pastLength cached (none for a model without a cache). */
export function decodeStepShapes(layout: DecoderLayout, pastLength: number): Record<string, number[]> {
  const cached = layout.cache === 'kv';
  const past = cached ? pastLength : 0;
  // Without a cache every step reads the whole sequence again.
  const ids = new Array<number>(cached ? 1 : pastLength + 1).fill(0);
  const shapes: Record<string, number[]> = {};
  for (const [name, feed] of Object.entries(stepFeeds(layout, ids, past))) shapes[name] = [...feed.dims];
  if (cached) {
    for (const entry of emptyPast(layout)) shapes[entry.name] = [1, layout.kvHeads, past, layout.headDim];
  }
  return shapes;
}

/** FLOPs per node of a decode step; null when nothing could be counted (shapes lost in the graph). */
export function decodeFlopsPerNode(
  model: OnnxModel,
  layout: DecoderLayout,
  pastLength = RULE_PAST_LENGTH,
): number | null {
  try {
    const flops = modelFlops(model, decodeStepShapes(layout, pastLength));
    const nodes = model.graph.nodes.length;
    return nodes > 0 && flops.total > 0 ? flops.total / nodes : null;
  } catch {
    return null;
  }
}
