// A classifier's output row → probabilities and the top classes with their labels (pure).
import { visibleText } from '../../visible-text.ts';

export interface ClassScore {
  index: number;
  label: string;
  probability: number;
  logit: number;
}

/** How many classes the view lists. */
export const TOP_K = 5;

/**
 * Probabilities from one output row: the row itself when it already is a distribution (a model that
 * ends in Softmax), else its softmax. Which one it was is returned, for the view to say.
 */
export function toProbabilities(row: ArrayLike<number>): {
  probabilities: number[];
  softmaxApplied: boolean;
} {
  const values = Array.from(row, Number);
  const sum = values.reduce((total, v) => total + v, 0);
  if (values.length > 1 && values.every((v) => v >= 0 && v <= 1) && Math.abs(sum - 1) < 1e-3) {
    return { probabilities: values, softmaxApplied: false };
  }
  const max = Math.max(...values.filter((v) => Number.isFinite(v)), -Infinity);
  const exps = values.map((v) => (Number.isFinite(v) ? Math.exp(v - max) : 0));
  const total = exps.reduce((a, b) => a + b, 0) || 1;
  return { probabilities: exps.map((e) => e / total), softmaxApplied: true };
}

/** id2label's names by class index (author's text made visible); "class N" where it has none. */
export function labelsFrom(config: Record<string, unknown> | null, classes: number): string[] {
  const id2label = config?.id2label;
  const named =
    typeof id2label === 'object' && id2label !== null ? (id2label as Record<string, unknown>) : {};
  return Array.from({ length: classes }, (_, i) => {
    const name = named[String(i)];
    return typeof name === 'string' && name !== '' ? visibleText(name) : `class ${i}`;
  });
}

/** The k most probable classes, most probable first (ties keep class order). */
export function topClasses(logits: ArrayLike<number>, labels: readonly string[], k = TOP_K): ClassScore[] {
  const { probabilities } = toProbabilities(logits);
  return probabilities
    .map((probability, index) => ({
      index,
      probability,
      logit: Number(logits[index]),
      label: labels[index] ?? `class ${index}`,
    }))
    .sort((a, b) => b.probability - a.probability || a.index - b.index)
    .slice(0, k);
}
