// Which viewer shows a captured tensor, decided by its shape (and whether it is an attention site or the
// run had text), never by which model produced it.

export type ViewerKind = 'attention' | 'channels' | 'tokens' | 'bars' | 'table';

export interface ViewerChoice {
  kind: ViewerKind;
  /** One sentence saying why, shown above the view. */
  reason: string;
}

/** Up to this many values, any tensor is drawn as bars. */
export const SMALL_TENSOR_VALUES = 64;
/** A 1-D tensor longer than this is a table: a thousand bars are no longer readable. */
export const MAX_BARS = 1024;

export function chooseViewer(
  dims: readonly number[],
  context: { isAttention: boolean; hasTokens: boolean },
): ViewerChoice {
  const count = dims.reduce((product, dim) => product * dim, 1);
  const shape = `[${dims.join(', ')}]`;
  if (count === 0) return { kind: 'table', reason: `The value ${shape} holds no numbers.` };
  const [, second = 0, third = 0, fourth = 0] = dims;
  if (context.isAttention && dims.length === 4 && third === fourth && third > 1) {
    return {
      kind: 'attention',
      reason: `Attention probabilities ${shape}: batch × heads × query tokens × key tokens.`,
    };
  }
  if (dims.length === 4 && third > 1 && fourth > 1) {
    return { kind: 'channels', reason: `Image-like ${shape}: batch × channels × height × width.` };
  }
  if (dims.length === 3 && context.hasTokens && second > 1) {
    return { kind: 'tokens', reason: `Sequence-like ${shape}: batch × tokens × features.` };
  }
  if (count <= SMALL_TENSOR_VALUES)
    return { kind: 'bars', reason: `${count} values ${shape}, one bar each.` };
  if (dims.length <= 1 && count <= MAX_BARS) {
    return { kind: 'bars', reason: `A vector of ${count} values, one bar each.` };
  }
  return { kind: 'table', reason: `${count.toLocaleString('en-US')} values ${shape}, listed in pages.` };
}
