// Where a task reads its answer, for the attention panel: a classifier reads [CLS], a masked LM the mask,
// a token classifier an entity's own tokens, a question answerer the answer span's tokens. Several tokens
// are shown as the mean of their rows (each row adds up to 1, so the mean does too). For a pair input
// (premise and hypothesis, question and context) the row's weight is split by segment.
import { attentionRow } from '../viewers/attention-matrix.ts';

/** A choice of where to read from: its name on screen and the token positions read. */
export interface AttentionReader {
  name: string;
  positions: number[];
}

/** The mean of the rows of positions (one head or the heads' mean); positions outside the tokens are skipped. */
export function readerRow(
  data: ArrayLike<number>,
  dims: readonly number[],
  batch: number,
  head: number | 'mean',
  positions: readonly number[],
  tokens: number,
): number[] {
  const inside = [...new Set(positions)].filter((p) => Number.isInteger(p) && p >= 0 && p < tokens);
  if (inside.length === 0) return attentionRow(data, dims, batch, head, 0, tokens);
  const rows = inside.map((query) => attentionRow(data, dims, batch, head, query, tokens));
  const first = rows[0] ?? [];
  return first.map((_, k) => rows.reduce((sum, row) => sum + (row[k] ?? 0), 0) / rows.length);
}

/** A row's weight on the two texts of a pair and on the template's own tokens ([CLS], [SEP]…). */
export interface PairShares {
  first: number;
  second: number;
  special: number;
}

/**
 * Splits a row over a pair's tokens: `[CLS] A [SEP] B [SEP]` (BERT) or `<s> A </s></s> B </s>` (RoBERTa).
 * The separator is the sequence's last token; the first text runs up to its first occurrence, the second
 * after the last separator of that first run. Null when the tokens are not a pair.
 */
export function pairShares(tokens: readonly string[], row: readonly number[]): PairShares | null {
  const sep = tokens.at(-1);
  if (sep === undefined || tokens.length < 4) return null;
  const firstSep = tokens.indexOf(sep);
  if (firstSep <= 0 || firstSep >= tokens.length - 1) return null;
  let secondStart = firstSep + 1;
  while (secondStart < tokens.length - 1 && tokens[secondStart] === sep) secondStart++;
  const shares: PairShares = { first: 0, second: 0, special: 0 };
  tokens.forEach((_, index) => {
    const weight = row[index] ?? 0;
    if (index > 0 && index < firstSep) shares.first += weight;
    else if (index >= secondStart && index < tokens.length - 1) shares.second += weight;
    else shares.special += weight;
  });
  return shares;
}
