// Logits → probabilities → labelled predictions for sequence classification.

export interface LabelProbability {
  label: string;
  probability: number;
}

/** Numerically stable softmax over one row of logits. */
export function softmax(logits: ArrayLike<number>): number[] {
  if (logits.length === 0) return [];
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] ?? -Infinity);
  const exps: number[] = [];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp((logits[i] ?? 0) - max);
    exps.push(e);
    sum += e;
  }
  return exps.map((e) => e / sum);
}

/**
 * Names the class indices with the model config's id2label ({"0": "negative", ...}); an index the config
 * does not name becomes "LABEL_i", as Hugging Face does.
 */
export function labelFor(index: number, id2label: Readonly<Record<string, string>>): string {
  return id2label[String(index)] ?? `LABEL_${index}`;
}

/**
 * Splits flat logits [batch, classes] into per-row probabilities, keeping the model's class order.
 * logits: row-major, length batch × classes.
 */
export function classifyLogits(
  logits: ArrayLike<number>,
  batch: number,
  id2label: Readonly<Record<string, string>>,
): LabelProbability[][] {
  if (batch <= 0) return [];
  const classes = logits.length / batch;
  if (!Number.isInteger(classes) || classes < 1) {
    throw new RangeError(`logits of length ${logits.length} do not split into ${batch} rows`);
  }
  const rows: LabelProbability[][] = [];
  for (let b = 0; b < batch; b++) {
    const row = Array.from({ length: classes }, (_, c) => logits[b * classes + c] ?? 0);
    rows.push(softmax(row).map((probability, c) => ({ label: labelFor(c, id2label), probability })));
  }
  return rows;
}

/** The most probable entry of a row (first one on ties, so the order is deterministic). */
export function topPrediction(row: readonly LabelProbability[]): LabelProbability {
  const first = row[0];
  if (!first) throw new RangeError('cannot pick the top of an empty prediction row');
  return row.reduce((best, entry) => (entry.probability > best.probability ? entry : best), first);
}
