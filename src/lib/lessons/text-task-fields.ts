// The lesson step fields and checks of the entities, answer, zero-shot and embeddings views (pure): the
// question asked of the step's text, the candidate labels and single/multi-label, the entities'
// aggregation strategy, the sentences to embed and the neighbour query; and the checks on what those views
// show. Each parser returns the value or reports one problem (a sentence without the step's name; the
// format adds it). The segmentation and depth views' checks (dense-fields.ts) are read here too.
import { AGGREGATION_STRATEGIES, type AggregationStrategy } from '../tasks/token-classification/aggregate.ts';
import { DENSE_CHECK_FORMS, parseDenseCheck, type DenseCheck } from './dense-fields.ts';

/** The step keys of these views, as a lesson writes them. */
export const TEXT_TASK_KEYS = ['question', 'labels', 'multilabel', 'strategy', 'sentences', 'query'] as const;

/** The most sentences a lesson embeds: a lesson shows a matrix a person reads, not a corpus. */
export const MAX_LESSON_SENTENCES = 20;

export interface TextTaskFields {
  /** The answer view's question (its text is the step's `text:`). */
  question: string | null;
  /** The zero-shot view's candidate labels, comma-separated as its box takes them. */
  labels: string | null;
  multiLabel: boolean | null;
  /** The entities view's aggregation strategy. */
  strategy: AggregationStrategy | null;
  /** The embeddings view's sentences (written "A | B | C"), one per line in its box. */
  sentences: string[] | null;
  /** The embeddings view's neighbour query. */
  query: string | null;
}

export type TextTaskCheck =
  | { kind: 'entities-at-least'; count: number }
  | { kind: 'strategy-is'; strategy: AggregationStrategy }
  | { kind: 'answer-found' }
  | { kind: 'labels-at-least'; count: number }
  | { kind: 'top-label'; label: string }
  | { kind: 'neighbours-shown' }
  | DenseCheck;

/** The checks as written in a lesson ("N" a whole number, "LABEL" a candidate label). */
export const TEXT_TASK_CHECK_FORMS = [
  'entities at least N',
  'strategy is WORD',
  'answer found',
  'labels at least N',
  'top label is LABEL',
  'neighbours shown',
  ...DENSE_CHECK_FORMS,
] as const;

const quoted = (value: string) => `“${value.slice(0, 40)}”`;

export function parseTextTaskFields(
  settings: ReadonlyMap<string, string>,
  report: (key: string, problem: string) => void,
): TextTaskFields {
  const text = (key: string): string | null => {
    const value = settings.get(key);
    if (value === undefined) return null;
    if (value === '') {
      report(key, 'is empty.');
      return null;
    }
    return value;
  };
  const multi = settings.get('multilabel');
  let multiLabel: boolean | null = null;
  if (multi !== undefined) {
    if (multi === 'on' || multi === 'off') multiLabel = multi === 'on';
    else report('multilabel', `${quoted(multi)} is not on or off.`);
  }
  const written = settings.get('strategy');
  let strategy: AggregationStrategy | null = null;
  if (written !== undefined) {
    if ((AGGREGATION_STRATEGIES as readonly string[]).includes(written))
      strategy = written as AggregationStrategy;
    else report('strategy', `${quoted(written)} is not one of ${AGGREGATION_STRATEGIES.join(', ')}.`);
  }
  const joined = settings.get('sentences');
  let sentences: string[] | null = null;
  if (joined !== undefined) {
    const parts = joined
      .split('|')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    if (parts.length < 2 || parts.length > MAX_LESSON_SENTENCES)
      report('sentences', `give 2 to ${MAX_LESSON_SENTENCES} sentences, separated by “|”.`);
    else sentences = parts;
  }
  return {
    question: text('question'),
    labels: text('labels'),
    multiLabel,
    strategy,
    sentences,
    query: text('query'),
  };
}

/**
 * A check of these views ("entities at least 2"), or null after reporting a malformed one; undefined when
 * the sentence is none of them (the format tries the others). `text` is already trimmed and lower case.
 */
export function parseTextTaskCheck(
  text: string,
  report: (problem: string) => void,
): TextTaskCheck | null | undefined {
  const dense = parseDenseCheck(text);
  if (dense) return dense;
  if (text === 'answer found') return { kind: 'answer-found' };
  if (text === 'neighbours shown') return { kind: 'neighbours-shown' };
  let match: RegExpExecArray | null;
  if ((match = /^top label is (\S.*)$/.exec(text))) return { kind: 'top-label', label: match[1] ?? '' };
  if ((match = /^strategy is (\S+)$/.exec(text))) {
    const strategy = match[1] ?? '';
    if ((AGGREGATION_STRATEGIES as readonly string[]).includes(strategy))
      return { kind: 'strategy-is', strategy: strategy as AggregationStrategy };
    report(`${quoted(strategy)} is not one of ${AGGREGATION_STRATEGIES.join(', ')}.`);
    return null;
  }
  for (const [prefix, kind] of [
    ['entities at least ', 'entities-at-least'],
    ['labels at least ', 'labels-at-least'],
  ] as const) {
    if (!text.startsWith(prefix)) continue;
    const count = Number(text.slice(prefix.length));
    if (/^\d{1,3}$/.test(text.slice(prefix.length)) && Number.isInteger(count)) return { kind, count };
    report(`${quoted(text)} needs a whole number.`);
    return null;
  }
  return undefined;
}
