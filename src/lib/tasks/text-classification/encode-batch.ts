// Tokenized sequences → the three BERT input tensors, [batch, sequence] int64, padded to the longest.
import type { TensorData } from '../../tensor.ts';

/** What the model sees for one line: WordPiece tokens with their ids, [CLS] … [SEP] included. */
export interface TokenizedSequence {
  ids: number[];
  tokens: string[];
  /** Tokens the tokenizer produced before truncation, special tokens included. */
  fullLength: number;
  truncated: boolean;
}

export interface SpecialToken {
  id: number;
  token: string;
}

/**
 * Cuts a sequence that is longer than maxLength, keeping the closing special token last, as Hugging Face
 * truncation does for a single sequence ([CLS] w1 … wk [SEP]).
 */
export function truncateSequence(
  ids: readonly number[],
  tokens: readonly string[],
  maxLength: number,
  closing: SpecialToken,
): TokenizedSequence {
  if (ids.length <= maxLength) {
    return { ids: [...ids], tokens: [...tokens], fullLength: ids.length, truncated: false };
  }
  return {
    ids: [...ids.slice(0, maxLength - 1), closing.id],
    tokens: [...tokens.slice(0, maxLength - 1), closing.token],
    fullLength: ids.length,
    truncated: true,
  };
}

export interface BertInputs {
  input_ids: TensorData;
  attention_mask: TensorData;
  token_type_ids: TensorData;
}

/** Pads every sequence with padId to the longest one; padded positions get attention_mask 0. */
export function toBertInputs(sequences: readonly TokenizedSequence[], padId: number): BertInputs {
  const batch = sequences.length;
  const length = Math.max(1, ...sequences.map((s) => s.ids.length));
  const inputIds = new BigInt64Array(batch * length).fill(BigInt(padId));
  const attentionMask = new BigInt64Array(batch * length);
  sequences.forEach((sequence, row) => {
    sequence.ids.forEach((id, column) => {
      inputIds[row * length + column] = BigInt(id);
      attentionMask[row * length + column] = 1n;
    });
  });
  const dims = [batch, length];
  return {
    input_ids: { type: 'int64', dims, data: inputIds },
    attention_mask: { type: 'int64', dims: [...dims], data: attentionMask },
    // Single-sentence classification: every token belongs to segment 0.
    token_type_ids: { type: 'int64', dims: [...dims], data: new BigInt64Array(batch * length) },
  };
}
