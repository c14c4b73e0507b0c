// Which words of the text a zero-shot label depends on: occlusion of the text's tokens (one at a time, and
// runs of 2 and 3) inside the (text, hypothesis) pair of that label, scored by the pair's entailment
// probability — the label's own score before the labels are compared. The occlusion and attribution core
// is the text view's (lib/explain/token-occlusion.ts); only the text's tokens are hidden, never the
// hypothesis or the special tokens.
import type { TokenAttributionRun } from '../../../src/contracts/inference.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import {
  attributionsFromRuns,
  occlusionVariants,
  SMOOTHING_WINDOWS,
} from '../../../src/lib/explain/token-occlusion.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { EncodedPair } from '../../../src/lib/tasks/zero-shot/pair-encoding.ts';
import { hypothesisFor } from '../../../src/lib/tasks/zero-shot/zero-shot-input.ts';
import { MAX_TOKENS_PER_RUN } from './token-attribution.ts';
import type { ZeroShotClassifier } from '../tasks/zero-shot-classifier.ts';

export async function explainZeroShot(
  classifier: ZeroShotClassifier,
  backend: Backend,
  premise: string,
  label: string,
  template: string,
): Promise<TokenAttributionRun> {
  if (premise.trim() === '' || label.trim() === '') {
    throw new GlassboxError({
      code: 'empty-input',
      message: 'There is no text or no label to explain.',
      remedy: 'Score the text against its labels first, then ask which words decided one.',
    });
  }
  const pair = classifier.encodePair(premise, hypothesisFor(template, label));
  // Only the text's own tokens are hidden: not the hypothesis, not the special tokens.
  const { start, length } = pair.premise;
  const explainable = pair.ids.map((_, i) => i >= start && i < start + length);
  const variants = occlusionVariants(pair, explainable, SMOOTHING_WINDOWS, classifier.mask);
  const asPair = (ids: number[], tokens: string[], hidden: number): EncodedPair => {
    // A removed token shortens the text only: the tokens after it keep their types, shifted left.
    const removed = ids.length < pair.ids.length ? hidden : 0;
    const typeIds = ids.map((_, i) =>
      i < start + length - removed ? (pair.typeIds[i] ?? 0) : (pair.typeIds[i + removed] ?? 0),
    );
    return { ids, tokens, typeIds, truncated: false, premise: { start, length: length - removed } };
  };
  const all = [
    pair,
    ...variants.map((variant) => asPair(variant.ids, variant.tokens, variant.hidden.length)),
  ];
  const perRun = Math.max(1, Math.floor(MAX_TOKENS_PER_RUN / Math.max(1, pair.ids.length)));
  const started = performance.now();
  const rows: number[][] = [];
  let modelRuns = 0;
  for (let start = 0; start < all.length; start += perRun) {
    rows.push(...(await classifier.classProbabilities(backend, all.slice(start, start + perRun))));
    modelRuns++;
  }
  const [probabilities = [], ...variantRows] = rows;
  return {
    ...attributionsFromRuns(probabilities, variants, variantRows, pair.ids.length),
    text: premise,
    tokens: pair.tokens.map((token, i) => ({ token, id: pair.ids[i] ?? -1 })),
    explainable,
    labels: classifier.info.classes,
    probabilities,
    predicted: classifier.info.entailmentId,
    occlusion: classifier.mask ? 'mask' : 'remove',
    maskToken: classifier.mask?.token ?? null,
    sequences: all.length,
    modelRuns,
    truncated: pair.truncated,
    inferenceMs: performance.now() - started,
  };
}
