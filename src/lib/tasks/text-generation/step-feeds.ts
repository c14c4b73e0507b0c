// The tensors of one decoder step, batch 1: the new token ids, the attention mask over past and new
// tokens, their positions, the merged decoder's branch flag, and (first step, or every step without a
// cache) an empty past of length 0 for every cache input.
import type { TensorData } from '../../tensor.ts';
import type { DecoderLayout } from './decoder-layout.ts';

/** A cache input with no tokens yet: [1, kvHeads, 0, headDim] of the cache's type (no data). */
export interface EmptyPast {
  name: string;
  type: string;
  dims: [number, number, number, number];
}

function integers(layout: DecoderLayout, values: readonly number[]): TensorData {
  const dims = [1, values.length];
  return layout.idType === 'int64'
    ? { type: 'int64', dims, data: BigInt64Array.from(values, (value) => BigInt(value)) }
    : { type: 'int32', dims, data: Int32Array.from(values) };
}

/**
 * The feeds other than the cache for ids that follow pastLength tokens already in the cache (0 on the
 * first step, and on every step of a run without the cache, which feeds the whole sequence).
 */
export function stepFeeds(
  layout: DecoderLayout,
  ids: readonly number[],
  pastLength: number,
): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = { [layout.inputIds]: integers(layout, ids) };
  const total = pastLength + ids.length;
  if (layout.attentionMask) feeds[layout.attentionMask] = integers(layout, new Array<number>(total).fill(1));
  if (layout.positionIds) {
    feeds[layout.positionIds] = integers(
      layout,
      ids.map((_, i) => pastLength + i),
    );
  }
  if (layout.useCacheBranch) {
    feeds[layout.useCacheBranch] = { type: 'bool', dims: [1], data: Uint8Array.of(pastLength > 0 ? 1 : 0) };
  }
  return feeds;
}

/** An empty past for every cache input (first step, or a run without the cache). */
export function emptyPast(layout: DecoderLayout): EmptyPast[] {
  const dims: EmptyPast['dims'] = [1, layout.kvHeads, 0, layout.headDim];
  return layout.layers.flatMap((layer) => [
    { name: layer.pastKey, type: layout.cacheType, dims },
    { name: layer.pastValue, type: layout.cacheType, dims },
  ]);
}

/** Which output becomes which input for the next step: present.N.key → past_key_values.N.key, …. */
export function presentToPast(layout: DecoderLayout): Array<[present: string, past: string]> {
  return layout.layers.flatMap((layer): Array<[string, string]> => [
    [layer.presentKey, layer.pastKey],
    [layer.presentValue, layer.pastValue],
  ]);
}

/** The logits of the last position, from a [1, seq, vocab] (or [1, vocab]) output. */
export function lastLogits(logits: { dims: readonly number[]; data: Float32Array }): Float32Array {
  const vocab = logits.dims[logits.dims.length - 1] ?? logits.data.length;
  const positions = logits.data.length / vocab;
  return logits.data.subarray((positions - 1) * vocab, positions * vocab);
}
