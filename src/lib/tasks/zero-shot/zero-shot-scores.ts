// An NLI model's logits for (premise, hypothesis) pairs → zero-shot scores, exactly as Hugging Face's
// ZeroShotClassificationPipeline.postprocess computes them:
// - single-label (several labels): softmax of the entailment logits across the labels (they sum to 1);
// - multi-label, or a single label: per label, softmax of [contradiction, entailment] → entailment's share
//   (each label independent). The contradiction column is 0, or the last one when entailment is 0.
// Labels come back sorted by score, highest first; ties keep numpy's reversed stable argsort order.

/** A label's share of the run; raw logits kept for the glass box. */
export interface ZeroShotScore {
  label: string;
  score: number;
  /** The pair's entailment logit. */
  entailment: number;
  /** The pair's contradiction logit (the column multi-label compares with). */
  contradiction: number;
}

/**
 * The index of the entailment class: the first label (by id) whose name starts with "entail", any case
 * ("entailment", "ENTAIL"), as Hugging Face reads label2id; -1 when none does.
 */
export function entailmentIdOf(id2label: Readonly<Record<string, string>>): number {
  const ids = Object.keys(id2label)
    .map(Number)
    .filter((id) => Number.isInteger(id) && id >= 0)
    .sort((a, b) => a - b);
  for (const id of ids) {
    if ((id2label[String(id)] ?? '').toLowerCase().startsWith('entail')) return id;
  }
  return -1;
}

/** The class multi-label scoring compares entailment with: 0, or the last class when entailment is 0. */
export function contradictionIdOf(entailmentId: number, classes: number): number {
  return entailmentId === 0 ? classes - 1 : 0;
}

function softmax(values: readonly number[]): number[] {
  const max = Math.max(...values);
  const exps = values.map((value) => Math.exp(value - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

/**
 * logits: row-major [labels, classes], one row per candidate label's (premise, hypothesis) pair.
 * multiLabel: score each label on its own (entailment vs contradiction) instead of sharing 1 among them.
 */
export function zeroShotScores(
  logits: ArrayLike<number>,
  labels: readonly string[],
  classes: number,
  entailmentId: number,
  multiLabel: boolean,
): ZeroShotScore[] {
  if (labels.length === 0) return [];
  if (logits.length !== labels.length * classes) {
    throw new RangeError(`${logits.length} logits do not make ${labels.length} rows of ${classes}`);
  }
  if (entailmentId < 0 || entailmentId >= classes) {
    throw new RangeError(`entailment class ${entailmentId} is not among ${classes} classes`);
  }
  const contradictionId = contradictionIdOf(entailmentId, classes);
  const row = (i: number, c: number): number => Number(logits[i * classes + c]);
  const entailment = labels.map((_, i) => row(i, entailmentId));
  const contradiction = labels.map((_, i) => row(i, contradictionId));
  const scores =
    multiLabel || labels.length === 1
      ? labels.map((_, i) => softmax([contradiction[i] ?? 0, entailment[i] ?? 0])[1] ?? 0)
      : softmax(entailment);
  // numpy: reversed(scores.argsort()), argsort being stable for so few labels: ties put the later first.
  const ascending = labels.map((_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0) || a - b);
  return ascending.reverse().map((i) => ({
    label: labels[i] ?? '',
    score: scores[i] ?? 0,
    entailment: entailment[i] ?? 0,
    contradiction: contradiction[i] ?? 0,
  }));
}
