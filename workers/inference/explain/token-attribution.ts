// Token attributions for one sentence on a loaded model that scores labels (a text classifier's classes, a
// masked LM's fillers of one mask): build every occluded variant (pure core), run them with the original
// in as few batched runs as the model allows (one, when the batch axis is dynamic and the batch is not
// huge), and turn the probabilities into per-token attributions.
import type { TokenAttributionRun, AttributionOptions } from '../../../src/contracts/inference.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import {
  attributionsFromRuns,
  occlusionVariants,
  SMOOTHING_WINDOWS,
} from '../../../src/lib/explain/token-occlusion.ts';
import type {
  SpecialToken,
  TokenizedSequence,
} from '../../../src/lib/tasks/text-classification/encode-batch.ts';

/** What occlusion asks of a model: tokens, how to hide one, and each sequence's label probabilities. */
export interface TokenScorer {
  readonly info: { labels: string[] };
  readonly occlusionTokens: { mask: SpecialToken | null; specialIds: ReadonlySet<number> };
  tokenize(texts: readonly string[]): TokenizedSequence[];
  /** Most sequences one run may take. */
  batchLimit(backend: Backend): number;
  probabilities(backend: Backend, sequences: readonly TokenizedSequence[]): Promise<number[][]>;
}

/** Most token positions (sequences × longest) one run takes, so a long text cannot exhaust memory. */
export const MAX_TOKENS_PER_RUN = 16_384;

export async function explainTokens(
  classifier: TokenScorer,
  backend: Backend,
  text: string,
  options: AttributionOptions = {},
): Promise<TokenAttributionRun> {
  const [sequence] = classifier.tokenize([text]) as [TokenizedSequence];
  const { mask, specialIds } = classifier.occlusionTokens;
  const explainable = sequence.ids.map((id) => !specialIds.has(id));
  const variants = occlusionVariants(sequence, explainable, options.windows ?? SMOOTHING_WINDOWS, mask);
  const all: TokenizedSequence[] = [
    sequence,
    ...variants.map((variant) => ({
      ids: variant.ids,
      tokens: variant.tokens,
      fullLength: variant.ids.length,
      truncated: false,
    })),
  ];
  const perRun = Math.max(
    1,
    Math.min(
      classifier.batchLimit(backend),
      Math.floor(MAX_TOKENS_PER_RUN / Math.max(1, sequence.ids.length)),
    ),
  );
  const started = performance.now();
  const rows: number[][] = [];
  let modelRuns = 0;
  for (let start = 0; start < all.length; start += perRun) {
    rows.push(...(await classifier.probabilities(backend, all.slice(start, start + perRun))));
    modelRuns++;
  }
  const inferenceMs = performance.now() - started;
  const [probabilities = [], ...variantRows] = rows;
  const attributions = attributionsFromRuns(probabilities, variants, variantRows, sequence.ids.length);
  const predicted = probabilities.reduce(
    (best, p, i) => (p > (probabilities[best] ?? -Infinity) ? i : best),
    0,
  );
  return {
    ...attributions,
    text,
    tokens: sequence.tokens.map((token, i) => ({ token, id: sequence.ids[i] ?? -1 })),
    explainable,
    labels: classifier.info.labels,
    probabilities,
    predicted,
    occlusion: mask ? 'mask' : 'remove',
    maskToken: mask?.token ?? null,
    sequences: all.length,
    modelRuns,
    truncated: sequence.truncated,
    inferenceMs,
  };
}
