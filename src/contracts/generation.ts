// What crosses the text-generation worker's boundary: a loaded model's facts, a generation request and
// its result, as plain data. The page imports these types from here, never from the worker's modules.
import type { AttentionSite, CapturedTensor } from '../lib/capture/capture-types.ts';
import type { Backend } from '../lib/runtime/backend.ts';
import type { LensCell } from '../lib/tasks/text-generation/logit-lens/lens-cells.ts';
import type { DecoderLayout } from '../lib/tasks/text-generation/decoder-layout.ts';
import type { GenerationOutcome } from '../lib/tasks/text-generation/generation-loop.ts';
import type { GenerationSettings } from '../lib/tasks/text-generation/generation-settings.ts';

export interface TextGeneratorInfo {
  key: string;
  label: string;
  /** Why this is a causal language model, in one sentence. */
  reason: string;
  cache: DecoderLayout['cache'];
  layers: number;
  kvHeads: number;
  headDim: number;
  contextLength: number;
  weightsBytes: number;
  hasChatTemplate: boolean;
}

export interface GenerateRequest {
  prompt: string;
  settings: GenerationSettings;
  /** Token ids generated before, kept ahead of the new ones (a branch continues after them). */
  forcedIds: number[];
  /** false: feed the whole sequence every step, with no cache (slower; for the cache check). */
  useCache: boolean;
}

export interface GenerationResult extends GenerationOutcome {
  backend: Backend;
  /** The prompt as the model read it, token by token. */
  promptTokens: Array<{ id: number; text: string }>;
  /** Sentences about the prompt: truncated, template failed, no cache. */
  notices: string[];
  cacheBytes: number;
}

export interface LoadedGenerator {
  backend: Backend;
  wasmThreads: number | null;
  info: TextGeneratorInfo;
  /** FLOPs per node of a decode step (what the thread rule read); null when they could not be counted. */
  decodeFlopsPerNode: number | null;
  fetchMs: number;
  createSessionMs: number;
}

/** The logit lens of a text: layers × positions of top tokens, or why the model's structure does not suit. */
export type LensAnswer =
  | {
      ok: true;
      layers: number;
      /** Each position's token text (the grid's column headers). */
      tokens: string[];
      /** cells[layer][position]. */
      cells: LensCell[][];
      runMs: number;
    }
  | { ok: false; reason: string };

/** A replayed decode step, as the page names it: its position in the text and its tokens. */
export interface StepFacts {
  /** Tokens in the cache when the step ran (0 for the prefill). */
  pastLength: number;
  /** What the step fed as input_ids, as text. */
  fedTokens: string[];
  /** Every token its attention reads over (the prefix, then the fed token), as text. */
  keyTokens: string[];
}

/**
 * The attention of one decode step, found by structure: per layer its probabilities [1, heads, queries,
 * past + queries] (queries 1 for a cached step; the whole prompt for the prefill), or why there is none.
 */
export type StepAttentionAnswer =
  | {
      ok: true;
      backend: Backend;
      step: StepFacts;
      layers: Array<{ site: AttentionSite; tensor: CapturedTensor }>;
      captureMs: number;
    }
  | { ok: false; reason: string };
