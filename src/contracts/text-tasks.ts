// What crosses the inference worker's boundary for the entities and question-answering views: what a
// load answers, a run's result and an attribution's, as plain data (structured clone).
import type { ModelFacts } from '../lib/loading/model-facts.ts';
import type { Backend } from '../lib/runtime/backend.ts';
import type { ValueInfo } from '../lib/runtime/onnx-runtime.ts';
import type { AggregationStrategy, Entity } from '../lib/tasks/token-classification/aggregate.ts';
import type { Answer, SpanSettings } from '../lib/tasks/question-answering/spans.ts';
import type { WindowPlan } from '../lib/tasks/question-answering/windows.ts';

export interface TokenClassifierInfo {
  modelKey: string;
  /** id2label in id order. */
  labels: string[];
  maxLength: number;
  facts: ModelFacts;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

/** One token as the entities view shows it: where it is in the text and its own best label. */
export interface LabelledToken {
  token: string;
  id: number;
  start: number | null;
  end: number | null;
  special: boolean;
  /** Its most probable label and that probability (the pipeline's strategy "none", O included). */
  label: string;
  score: number;
}

export interface TokenClassificationRun {
  backend: Backend;
  text: string;
  tokens: LabelledToken[];
  /** The entities of every strategy, so switching strategy needs no run. */
  entities: Record<AggregationStrategy, Entity[]>;
  truncated: boolean;
  /** Tokens before truncation, special tokens included. */
  fullTokenCount: number;
  maxLength: number;
  tokenizeMs: number;
  inferenceMs: number;
}

/** Which tokens one entity's score depends on: occlusion of each token against that score. */
export interface EntityAttributionRun {
  text: string;
  tokens: Array<{ token: string; start: number | null; end: number | null }>;
  explainable: boolean[];
  /** The entity's score on the unchanged text. */
  baseline: number;
  /** Per token: baseline − score with that token hidden ([MASK]); 0 where not explainable. */
  drops: number[];
  maskToken: string;
  sequences: number;
  modelRuns: number;
  inferenceMs: number;
}

export interface QuestionAnswererInfo {
  modelKey: string;
  maxLength: number;
  /** The windows a long context is cut into: max_seq_len tokens, doc_stride shared between neighbours. */
  windowPlan: WindowPlan;
  facts: ModelFacts;
  inputs: ValueInfo[];
  outputs: ValueInfo[];
}

export interface QaWindowSummary {
  /** Context tokens this window holds, from contextStart. */
  contextStart: number;
  contextLength: number;
  /** Characters of the context it covers. */
  charStart: number;
  charEnd: number;
}

export interface QuestionAnsweringRun {
  backend: Backend;
  question: string;
  context: string;
  answers: Answer[];
  settings: SpanSettings;
  windowPlan: WindowPlan;
  windows: QaWindowSummary[];
  questionTokens: number;
  contextTokens: number;
  tokenizeMs: number;
  inferenceMs: number;
}

/** Which tokens of its window an answer's score depends on: occlusion against p_start · p_end. */
export interface AnswerAttributionRun {
  answer: Answer;
  /** The tokens of the answer's window; start/end are offsets in the context for context tokens. */
  tokens: Array<{ token: string; start: number | null; end: number | null; inContext: boolean }>;
  explainable: boolean[];
  baseline: number;
  drops: number[];
  maskToken: string;
  sequences: number;
  modelRuns: number;
  inferenceMs: number;
}

export type { AggregationStrategy, Entity, Answer, SpanSettings, WindowPlan };
