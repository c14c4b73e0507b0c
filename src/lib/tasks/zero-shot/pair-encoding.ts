// (premise, hypothesis) → the tokens an NLI model reads: the tokenizer's own pair template ([CLS] premise
// [SEP] hypothesis [SEP] for BERT, with token_type_ids 0 then 1), and when the pair is longer than the
// model takes, only the premise is cut, from its end, as Hugging Face's zero-shot pipeline does
// (truncation="only_first"): every hypothesis stays whole, so the labels are compared on the same text.
import { GlassboxError } from '../../errors.ts';
import type { TensorData } from '../../tensor.ts';
import { readTokenizer, tokenNamed } from '../text-classification/sequence-tokenizer.ts';

export interface EncodedPair {
  ids: number[];
  tokens: string[];
  typeIds: number[];
  /** Premise tokens cut to fit the model. */
  truncated: boolean;
  /** Where the premise's tokens are in ids: [start, start + length). */
  premise: { start: number; length: number };
}

export interface PairTokenizer {
  readonly padId: number;
  readonly maxLength: number;
  /** The vocabulary's mask token ([MASK]), which occlusion puts in a hidden token's place; null if none. */
  readonly mask: { id: number; token: string } | null;
  encodePair(premise: string, hypothesis: string): EncodedPair;
}

export function createPairTokenizer(
  tokenizerJson: unknown,
  tokenizerConfig: Record<string, unknown>,
  maxLength: number,
): PairTokenizer {
  const tokenizer = readTokenizer(tokenizerJson, tokenizerConfig);
  const padToken = tokenNamed(tokenizerConfig, 'pad_token', '[PAD]');
  const padId = tokenizer.token_to_id(padToken) ?? 0;
  const maskToken = tokenNamed(tokenizerConfig, 'mask_token', '[MASK]');
  const maskId = tokenizer.token_to_id(maskToken);
  return {
    padId,
    maxLength,
    mask: maskId === undefined ? null : { id: maskId, token: maskToken },
    encodePair(premise: string, hypothesis: string): EncodedPair {
      const full = tokenizer.encode(premise, { text_pair: hypothesis, return_token_type_ids: true });
      const typeIds = full.token_type_ids ?? full.ids.map(() => 0);
      const content = tokenizer.encode(premise, { add_special_tokens: false }).ids;
      const premiseLength = content.length;
      // The premise sits after the template's leading special tokens ([CLS], <s>): where its text begins
      // in the single-sequence encoding.
      const start = offsetOf(tokenizer.encode(premise).ids, content);
      const overflow = full.ids.length - maxLength;
      if (overflow <= 0) {
        const span = { start, length: premiseLength };
        return { ids: full.ids, tokens: full.tokens, typeIds, truncated: false, premise: span };
      }
      if (overflow > premiseLength) {
        throw new GlassboxError({
          code: 'empty-input',
          message: `The hypothesis alone is longer than the ${maxLength} tokens the model takes.`,
          remedy: 'Use a shorter hypothesis template or shorter labels.',
        });
      }
      const cut = (values: readonly number[]): number[] => [
        ...values.slice(0, start + premiseLength - overflow),
        ...values.slice(start + premiseLength),
      ];
      const tokens = [
        ...full.tokens.slice(0, start + premiseLength - overflow),
        ...full.tokens.slice(start + premiseLength),
      ];
      const span = { start, length: premiseLength - overflow };
      return { ids: cut(full.ids), tokens, typeIds: cut(typeIds), truncated: true, premise: span };
    },
  };
}

/** Where content begins in sequence (its leading special tokens); 0 when it is not found. */
function offsetOf(sequence: readonly number[], content: readonly number[]): number {
  for (let k = 0; k + content.length <= sequence.length; k++) {
    if (content.every((id, i) => sequence[k + i] === id)) return k;
  }
  return 0;
}

/** Pads pairs with padId to the longest; attention_mask 0 and token_type_ids 0 on padding. */
export function toPairInputs(pairs: readonly EncodedPair[], padId: number): Record<string, TensorData> {
  const batch = pairs.length;
  const length = Math.max(1, ...pairs.map((pair) => pair.ids.length));
  const ids = new BigInt64Array(batch * length).fill(BigInt(padId));
  const mask = new BigInt64Array(batch * length);
  const types = new BigInt64Array(batch * length);
  pairs.forEach((pair, row) => {
    pair.ids.forEach((id, column) => {
      ids[row * length + column] = BigInt(id);
      mask[row * length + column] = 1n;
      types[row * length + column] = BigInt(pair.typeIds[column] ?? 0);
    });
  });
  const dims = [batch, length];
  return {
    input_ids: { type: 'int64', dims, data: ids },
    attention_mask: { type: 'int64', dims: [...dims], data: mask },
    token_type_ids: { type: 'int64', dims: [...dims], data: types },
  };
}
