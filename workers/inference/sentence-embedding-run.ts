// Many sentences through a sentence embedder: batches in the given order (so a stopped run has embedded a
// first part of them), progress after each batch, a turn of the worker's message queue between batches
// so a Stop lands, then what the view shows — the first sentences' vectors and their cosine similarities,
// and a 2-D map of all of them (PCA, here in the worker). The vectors stay with the model for queries.
import type { EmbeddingRun, NeighbourRun } from '../../src/contracts/inference.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import { project2d } from '../../src/lib/tasks/sentence-embeddings/pca.ts';
import { cosineMatrix, nearestNeighbours } from '../../src/lib/tasks/sentence-embeddings/similarity.ts';
import type { SentenceEmbedder } from './tasks/sentence-embedder.ts';
import { MAX_TOKENS_PER_RUN } from './explain/token-attribution.ts';
import { yieldToMessages } from '../shared/yield-to-messages.ts';

/** Sentences whose vectors and similarities come back for the matrix. */
export const SHOWN_SENTENCES = 12;
/** Sentences per model run: large enough to keep ORT busy, small enough for steady progress. */
export const BATCH_SENTENCES = 32;
/** Neighbours a query gets at most. */
export const MAX_NEIGHBOURS = 50;

export interface LongTaskHooks {
  onProgress: (done: number, total: number) => void;
  isCancelled: () => boolean;
}

/** What a model keeps of its last run, for nearest-neighbour queries. */
export interface EmbeddedSentences {
  sentences: string[];
  vectors: Float32Array[];
}

const kept = new WeakMap<SentenceEmbedder, EmbeddedSentences>();

export async function embedSentences(
  embedder: SentenceEmbedder,
  backend: Backend,
  sentences: readonly string[],
  hooks: LongTaskHooks,
): Promise<EmbeddingRun> {
  if (sentences.length === 0) {
    throw new GlassboxError({
      code: 'empty-input',
      message: 'There are no sentences to embed.',
      remedy: 'Type sentences, one per line.',
    });
  }
  const started = performance.now();
  const vectors: Float32Array[] = [];
  let truncated = 0;
  let batches = 0;
  let inferenceMs = 0;
  let stopped = false;
  const limit = embedder.batchLimit(backend);
  let next = 0;
  while (next < sentences.length) {
    const sequences = embedder.tokenize(sentences.slice(next, next + BATCH_SENTENCES));
    const longest = Math.max(1, ...sequences.map((sequence) => sequence.ids.length));
    const perRun = Math.max(1, Math.min(limit, BATCH_SENTENCES, Math.floor(MAX_TOKENS_PER_RUN / longest)));
    for (let start = 0; start < sequences.length; start += perRun) {
      const chunk = sequences.slice(start, start + perRun);
      const runStarted = performance.now();
      vectors.push(...(await embedder.embed(backend, chunk)));
      inferenceMs += performance.now() - runStarted;
      truncated += chunk.filter((sequence) => sequence.truncated).length;
      batches++;
    }
    next += sequences.length;
    hooks.onProgress(next, sentences.length);
    await yieldToMessages();
    if (hooks.isCancelled() && next < sentences.length) {
      stopped = true;
      break;
    }
  }
  const embedded = sentences.slice(0, vectors.length);
  kept.set(embedder, { sentences: [...embedded], vectors });
  const shownVectors = vectors.slice(0, SHOWN_SENTENCES);
  return {
    backend,
    count: vectors.length,
    total: sentences.length,
    stopped,
    dimensions: vectors[0]?.length ?? 0,
    shown: {
      sentences: embedded.slice(0, SHOWN_SENTENCES),
      embeddings: shownVectors.map((vector) => Array.from(vector)),
      similarity: cosineMatrix(shownVectors),
    },
    map: project2d(vectors),
    truncated,
    batches,
    inferenceMs,
    totalMs: performance.now() - started,
  };
}

/** The k sentences of the last run nearest to query (cosine similarity of their vectors). */
export async function nearestSentences(
  embedder: SentenceEmbedder,
  backend: Backend,
  query: string,
  k: number,
): Promise<NeighbourRun> {
  const last = kept.get(embedder);
  if (!last || last.vectors.length === 0) {
    throw new GlassboxError({
      code: 'no-run-yet',
      message: 'No sentences have been embedded yet, so there is nothing to search.',
      remedy: 'Embed some sentences first, then search them.',
    });
  }
  if (query.trim() === '') {
    throw new GlassboxError({
      code: 'empty-input',
      message: 'The query is empty.',
      remedy: 'Type a sentence to find the embedded sentences nearest to it.',
    });
  }
  const [vector] = await embedder.embed(backend, embedder.tokenize([query]), false);
  const neighbours = nearestNeighbours(
    vector ?? new Float32Array(),
    last.vectors,
    Math.min(k, MAX_NEIGHBOURS),
  );
  return {
    query,
    neighbours: neighbours.map(({ index, similarity }) => ({
      index,
      sentence: last.sentences[index] ?? '',
      similarity,
    })),
  };
}
