// How a generation's result crosses the worker boundary: packed, not as objects. Every token carries its
// 20 + 20 candidates, each an object with its text; structured-cloning 32 such tokens (1,280 small objects,
// serialised in the worker and rebuilt on the page) took longer than a decode step of the embedded model,
// and the page waits for it (docs/benchmark.md, parity with transformers.js). Packed, the candidates are two
// typed arrays and each distinct text is sent once; the page gets back the same objects. Installed on both
// sides (the generation worker and its client), as errors.ts's handler is.
import { transferHandlers, type TransferHandler } from 'comlink';
import type { GenerationResult } from './generation.ts';
import type { GeneratedToken, NamedCandidate } from '../lib/tasks/text-generation/generation-loop.ts';

/** A token's fields, in the order the loop makes them (a token with any other field is not packed). */
const TOKEN_KEYS = ['index', 'id', 'text', 'before', 'after', 'probability', 'stepMs'] as const;
const CANDIDATE_KEYS = ['id', 'probability', 'text'] as const;

export interface PackedTokens {
  count: number;
  /** Per token: index, id (Int32), probability, stepMs (Float64), text. */
  indices: Int32Array<ArrayBuffer>;
  ids: Int32Array<ArrayBuffer>;
  probabilities: Float64Array<ArrayBuffer>;
  stepMs: Float64Array<ArrayBuffer>;
  texts: string[];
  /** Per token: how many candidates before, then after (2 entries a token). */
  candidateCounts: Uint16Array<ArrayBuffer>;
  /** Every candidate, token by token, before then after: its id and probability. */
  candidateIds: Int32Array<ArrayBuffer>;
  candidateProbabilities: Float64Array<ArrayBuffer>;
  /** Each distinct candidate id's text, once. */
  textIds: Int32Array<ArrayBuffer>;
  textTable: string[];
}

function hasExactly(value: object, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key, i) => own[i] === key);
}

function isCandidate(value: unknown): value is NamedCandidate {
  return typeof value === 'object' && value !== null && hasExactly(value, CANDIDATE_KEYS);
}

/** Whether tokens are the loop's tokens exactly (so packing loses nothing). */
export function isPackable(tokens: unknown): tokens is GeneratedToken[] {
  return (
    Array.isArray(tokens) &&
    tokens.every(
      (token: unknown) =>
        typeof token === 'object' &&
        token !== null &&
        hasExactly(token, TOKEN_KEYS) &&
        Array.isArray((token as GeneratedToken).before) &&
        Array.isArray((token as GeneratedToken).after) &&
        (token as GeneratedToken).before.every(isCandidate) &&
        (token as GeneratedToken).after.every(isCandidate),
    )
  );
}

export function packTokens(tokens: readonly GeneratedToken[]): PackedTokens {
  const count = tokens.length;
  let candidates = 0;
  for (const token of tokens) candidates += token.before.length + token.after.length;
  const packed: PackedTokens = {
    count,
    indices: new Int32Array(count),
    ids: new Int32Array(count),
    probabilities: new Float64Array(count),
    stepMs: new Float64Array(count),
    texts: new Array<string>(count),
    candidateCounts: new Uint16Array(count * 2),
    candidateIds: new Int32Array(candidates),
    candidateProbabilities: new Float64Array(candidates),
    textIds: new Int32Array(0),
    textTable: [],
  };
  const textOf = new Map<number, string>();
  let at = 0;
  const put = (list: readonly NamedCandidate[]): void => {
    for (const candidate of list) {
      packed.candidateIds[at] = candidate.id;
      packed.candidateProbabilities[at] = candidate.probability;
      at++;
      if (!textOf.has(candidate.id)) textOf.set(candidate.id, candidate.text);
    }
  };
  tokens.forEach((token, i) => {
    packed.indices[i] = token.index;
    packed.ids[i] = token.id;
    packed.probabilities[i] = token.probability;
    packed.stepMs[i] = token.stepMs;
    packed.texts[i] = token.text;
    packed.candidateCounts[i * 2] = token.before.length;
    packed.candidateCounts[i * 2 + 1] = token.after.length;
    put(token.before);
    put(token.after);
  });
  packed.textIds = Int32Array.from(textOf.keys());
  packed.textTable = [...textOf.values()];
  return packed;
}

export function unpackTokens(packed: PackedTokens): GeneratedToken[] {
  const textOf = new Map<number, string>();
  packed.textIds.forEach((id, i) => textOf.set(id, packed.textTable[i]!));
  const tokens = new Array<GeneratedToken>(packed.count);
  let at = 0;
  const take = (n: number): NamedCandidate[] => {
    const list = new Array<NamedCandidate>(n);
    for (let j = 0; j < n; j++, at++) {
      const id = packed.candidateIds[at]!;
      list[j] = { id, probability: packed.candidateProbabilities[at]!, text: textOf.get(id)! };
    }
    return list;
  };
  for (let i = 0; i < packed.count; i++) {
    const before = take(packed.candidateCounts[i * 2]!);
    const after = take(packed.candidateCounts[i * 2 + 1]!);
    tokens[i] = {
      index: packed.indices[i]!,
      id: packed.ids[i]!,
      text: packed.texts[i]!,
      before,
      after,
      probability: packed.probabilities[i]!,
      stepMs: packed.stepMs[i]!,
    };
  }
  return tokens;
}

function buffersOf(packed: PackedTokens): ArrayBuffer[] {
  return [
    packed.indices.buffer,
    packed.ids.buffer,
    packed.probabilities.buffer,
    packed.stepMs.buffer,
    packed.candidateCounts.buffer,
    packed.candidateIds.buffer,
    packed.candidateProbabilities.buffer,
    packed.textIds.buffer,
  ];
}

/** A generation's result with its tokens packed. */
interface PackedResult {
  result: Omit<GenerationResult, 'tokens'>;
  tokens: PackedTokens;
}

function isGenerationResult(value: unknown): value is GenerationResult {
  if (typeof value !== 'object' || value === null) return false;
  const result = value as Partial<GenerationResult>;
  return (
    typeof result.finishSentence === 'string' &&
    typeof result.cacheBytes === 'number' &&
    Array.isArray(result.promptTokens) &&
    Array.isArray(result.notices) &&
    isPackable(result.tokens)
  );
}

/** A batch of streamed tokens (workers/generation/token-batches.ts), as the page's callback gets it. */
export interface TokenBatch {
  tokenBatch: GeneratedToken[];
}

function isTokenBatch(value: unknown): value is TokenBatch {
  return (
    typeof value === 'object' &&
    value !== null &&
    hasExactly(value, ['tokenBatch']) &&
    isPackable((value as TokenBatch).tokenBatch)
  );
}

const resultHandler: TransferHandler<GenerationResult, PackedResult> = {
  canHandle: isGenerationResult,
  serialize: ({ tokens, ...result }) => {
    const packed = packTokens(tokens);
    return [{ result, tokens: packed }, buffersOf(packed)];
  },
  deserialize: ({ result, tokens }) => ({ ...result, tokens: unpackTokens(tokens) }),
};

const batchHandler: TransferHandler<TokenBatch, PackedTokens> = {
  canHandle: isTokenBatch,
  serialize: ({ tokenBatch }) => {
    const packed = packTokens(tokenBatch);
    return [packed, buffersOf(packed)];
  },
  deserialize: (packed) => ({ tokenBatch: unpackTokens(packed) }),
};

export function installGenerationTransfer(): void {
  transferHandlers.set('glassbox-generation-result', resultHandler as TransferHandler<unknown, unknown>);
  transferHandlers.set('glassbox-token-batch', batchHandler as TransferHandler<unknown, unknown>);
}
