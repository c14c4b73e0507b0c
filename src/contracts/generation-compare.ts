// What crosses the text-generation worker's boundary for "Compare WASM and WebGPU": the request, the
// stages it reports while it works, and its result (the token comparison, and for a step where the
// backends part, the node-by-node comparison of that step), as plain data.
import type { Backend } from '../lib/runtime/backend.ts';
import type { ValueDivergence } from '../lib/capture/capture-types.ts';
import type { TokenAgreement } from '../lib/tasks/text-generation/backend-agreement.ts';
import type { GenerationSettings } from '../lib/tasks/text-generation/generation-settings.ts';

export interface CompareGenerationRequest {
  prompt: string;
  /** The view's settings; the comparison generates greedily whatever their mode. */
  settings: GenerationSettings;
}

export type CompareStage =
  | { phase: 'prepare'; backend: Backend }
  | { phase: 'generate'; backend: Backend; made: number; of: number }
  | { phase: 'capture'; backend: Backend; step: number }
  | { phase: 'compare'; step: number };

/** One side's greedy generation, as the page lists it. */
export interface ComparedGeneration {
  backend: Backend;
  /** What the run is called in sentences ("WASM (CPU)"). */
  label: string;
  tokens: Array<{ id: number; text: string }>;
  finishSentence: string;
  /** Decode tokens per second (null with a single token). */
  decodeTokensPerSecond: number | null;
}

/** The node-by-node comparison of the step where the runs part. */
export interface StepComparison {
  /** 1-based: the step that produced token `step`. */
  step: number;
  /** How the step was captured, then what the comparison found (the inspector's wording). */
  sentences: string[];
  firstDivergent: ValueDivergence | null;
  values: number;
  divergent: number;
}

export interface GenerationComparisonResult {
  /** Tokens asked of each side (the view's maximum of new tokens). */
  asked: number;
  runs: [ComparedGeneration, ComparedGeneration];
  agreement: TokenAgreement;
  /** The one-sentence verdict on the tokens. */
  sentence: string;
  /** Set when the runs part (and the comparison was not stopped before it). */
  step: StepComparison | null;
  /** Stop was pressed: the result holds what was done. */
  stopped: boolean;
}
