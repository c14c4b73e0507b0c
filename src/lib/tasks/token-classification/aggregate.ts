// Labels per token → entities, exactly as Hugging Face's TokenClassificationPipeline does it
// (transformers/pipelines/token_classification.py: gather_pre_entities, aggregate, aggregate_words,
// group_entities): softmax per token, special tokens skipped, the strategies none, simple, first, average
// and max, BIO/IOB2 tags grouped (a B- starts an entity; a plain label continues one like I-), and the
// labels in ignoreLabels ("O") left out. Each entity also records which tokens it covers and which of
// their probabilities make its score, so an explanation can recompute the score on occluded input.

import type { TokenSpan } from './token-offsets.ts';

export const AGGREGATION_STRATEGIES = ['none', 'simple', 'first', 'average', 'max'] as const;
export type AggregationStrategy = (typeof AGGREGATION_STRATEGIES)[number];

/** How the pipeline tells a word's continuation pieces (gather_pre_entities). */
export type SubwordRule =
  /** The tokenizer marks continuations (WordPiece's "##"): a piece whose text differs in length from its span. */
  | 'prefix'
  /** No marker (BPE, SentencePiece): a piece not preceded by a space in the text (the pipeline's fallback). */
  | 'space';

export interface TokenizedText {
  text: string;
  ids: readonly number[];
  tokens: readonly string[];
  /** [CLS], [SEP], [PAD]: never an entity. */
  special: readonly boolean[];
  spans: readonly TokenSpan[];
}

export interface AggregationOptions {
  strategy: AggregationStrategy;
  subwordRule: SubwordRule;
  /** The id of the unknown token: its word is the text it covers, and it is never a continuation. */
  unknownId: number | null;
  /** The tokenizer's convert_tokens_to_string (WordPiece: "##" pieces glued, others spaced). */
  joinTokens: (tokens: readonly string[]) => string;
  /** Labels (or groups) left out; the pipeline's default is ["O"]. */
  ignoreLabels?: readonly string[];
}

/** One part of an entity's score: the probability of label at the scored tokens, averaged. */
export interface ScorePart {
  label: number;
  scored: number[];
}

export interface Entity {
  /** "B-PER" for strategy none (the token's own label), else the group's "PER". */
  label: string;
  score: number;
  word: string;
  start: number | null;
  end: number | null;
  /** Positions of the tokens it covers, in the model's sequence. */
  tokens: number[];
  /** The entity's score is the mean over parts of each part's mean probability (entityScore). */
  parts: ScorePart[];
}

interface PreEntity {
  word: string;
  scores: number[];
  start: number | null;
  end: number | null;
  index: number;
  isSubword: boolean;
}

interface WordEntity {
  label: number;
  score: number;
  word: string;
  start: number | null;
  end: number | null;
  tokens: number[];
  parts: ScorePart[];
}

/** Softmax of each row of [positions, labels] logits. */
export function softmaxRows(logits: ArrayLike<number>, positions: number, labels: number): number[][] {
  return Array.from({ length: positions }, (_, row) => {
    const values = Array.from({ length: labels }, (_, k) => Number(logits[row * labels + k]));
    const max = Math.max(...values);
    const exps = values.map((value) => Math.exp(value - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    return exps.map((value) => value / sum);
  });
}

function argmax(values: readonly number[]): number {
  let best = 0;
  values.forEach((value, i) => {
    if (value > (values[best] ?? -Infinity)) best = i;
  });
  return best;
}

/** An entity's score from probabilities [position][label]: mean over its parts of their mean probability. */
export function entityScore(
  probabilities: readonly (readonly number[])[],
  parts: readonly ScorePart[],
): number {
  const values = parts.map(
    (part) =>
      part.scored.reduce((sum, position) => sum + (probabilities[position]?.[part.label] ?? 0), 0) /
      Math.max(1, part.scored.length),
  );
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

export function gatherPreEntities(
  input: TokenizedText,
  probabilities: readonly (readonly number[])[],
  options: Pick<AggregationOptions, 'subwordRule' | 'unknownId'>,
): PreEntity[] {
  const pre: PreEntity[] = [];
  probabilities.forEach((scores, index) => {
    if (index >= input.ids.length || input.special[index] === true) return;
    let word = input.tokens[index] ?? '';
    const { start, end } = input.spans[index] ?? { start: null, end: null };
    let isSubword = false;
    if (start !== null && end !== null) {
      const wordRef = input.text.slice(start, end);
      isSubword =
        options.subwordRule === 'prefix'
          ? word.length !== wordRef.length
          : start > 0 && !input.text.slice(start - 1, start + 1).includes(' ');
      if (input.ids[index] === options.unknownId) {
        word = wordRef;
        isSubword = false;
      }
    }
    pre.push({ word, scores: [...scores], start, end, index, isSubword });
  });
  return pre;
}

function aggregateWord(
  group: readonly PreEntity[],
  strategy: 'first' | 'average' | 'max',
  joinTokens: AggregationOptions['joinTokens'],
): WordEntity {
  const first = group[0] as PreEntity;
  const last = group[group.length - 1] as PreEntity;
  const positions = group.map((entity) => entity.index);
  let label: number;
  let scored: number[];
  if (strategy === 'first') {
    label = argmax(first.scores);
    scored = [first.index];
  } else if (strategy === 'max') {
    // The first piece with the highest probability of any label (Python's max keeps the first of ties).
    let best = first;
    for (const entity of group) if (Math.max(...entity.scores) > Math.max(...best.scores)) best = entity;
    label = argmax(best.scores);
    scored = [best.index];
  } else {
    const labels = first.scores.length;
    const average = Array.from(
      { length: labels },
      (_, k) => group.reduce((sum, entity) => sum + (entity.scores[k] ?? 0), 0) / group.length,
    );
    label = argmax(average);
    scored = positions;
  }
  const parts = [{ label, scored }];
  const score =
    scored.reduce((sum, position) => sum + (group.find((e) => e.index === position)?.scores[label] ?? 0), 0) /
    scored.length;
  return {
    label,
    score,
    word: joinTokens(group.map((entity) => entity.word)),
    start: first.start,
    end: last.end,
    tokens: positions,
    parts,
  };
}

function aggregateWords(
  pre: readonly PreEntity[],
  strategy: 'first' | 'average' | 'max',
  joinTokens: AggregationOptions['joinTokens'],
): WordEntity[] {
  const words: WordEntity[] = [];
  let group: PreEntity[] = [];
  for (const entity of pre) {
    if (group.length > 0 && !entity.isSubword) {
      words.push(aggregateWord(group, strategy, joinTokens));
      group = [];
    }
    group.push(entity);
  }
  if (group.length > 0) words.push(aggregateWord(group, strategy, joinTokens));
  return words;
}

/** ("B", "PER") for B-PER, ("I", "PER") for I-PER, and ("I", label) for a label with neither prefix. */
export function bioTag(label: string): { bi: 'B' | 'I'; tag: string } {
  if (label.startsWith('B-')) return { bi: 'B', tag: label.slice(2) };
  if (label.startsWith('I-')) return { bi: 'I', tag: label.slice(2) };
  return { bi: 'I', tag: label };
}

function groupEntities(
  entities: readonly WordEntity[],
  labels: readonly string[],
  joinTokens: AggregationOptions['joinTokens'],
): Entity[] {
  const groups: Entity[] = [];
  let current: WordEntity[] = [];
  const close = (): void => {
    const first = current[0] as WordEntity;
    const last = current[current.length - 1] as WordEntity;
    const name = labels[first.label] ?? String(first.label);
    groups.push({
      // The pipeline's group name: the label after its first "-" (B-PER → PER, O → O).
      label: name.includes('-') ? name.slice(name.indexOf('-') + 1) : name,
      score: current.reduce((sum, entity) => sum + entity.score, 0) / current.length,
      word: joinTokens(current.map((entity) => entity.word)),
      start: first.start,
      end: last.end,
      tokens: current.flatMap((entity) => entity.tokens),
      parts: current.flatMap((entity) => entity.parts),
    });
  };
  for (const entity of entities) {
    if (current.length === 0) {
      current.push(entity);
      continue;
    }
    const { bi, tag } = bioTag(labels[entity.label] ?? '');
    const last = bioTag(labels[(current[current.length - 1] as WordEntity).label] ?? '');
    if (tag === last.tag && bi !== 'B') {
      current.push(entity);
    } else {
      close();
      current = [entity];
    }
  }
  if (current.length > 0) close();
  return groups;
}

/** The pipeline's output for one text: entities (strategy none: one per token) without the ignored labels. */
export function aggregateEntities(
  input: TokenizedText,
  probabilities: readonly (readonly number[])[],
  labels: readonly string[],
  options: AggregationOptions,
): Entity[] {
  const ignore = options.ignoreLabels ?? ['O'];
  const pre = gatherPreEntities(input, probabilities, options);
  const { strategy, joinTokens } = options;
  const words: WordEntity[] =
    strategy === 'none' || strategy === 'simple'
      ? pre.map((entity) => {
          const label = argmax(entity.scores);
          return {
            label,
            score: entity.scores[label] ?? 0,
            word: entity.word,
            start: entity.start,
            end: entity.end,
            tokens: [entity.index],
            parts: [{ label, scored: [entity.index] }],
          };
        })
      : aggregateWords(pre, strategy, joinTokens);
  const entities: Entity[] =
    strategy === 'none'
      ? words.map((word) => ({ ...word, label: labels[word.label] ?? String(word.label) }))
      : groupEntities(words, labels, joinTokens);
  return entities.filter((entity) => !ignore.includes(entity.label));
}

/**
 * What WordPiece's decoder (convert_tokens_to_string) makes of tokens: "##" pieces glued to the one
 * before, others after a space, then the tokenizer's clean-up of spaces before punctuation.
 */
export function joinWordPieces(tokens: readonly string[], prefix = '##'): string {
  return tokens
    .map((token, i) => {
      const piece = i === 0 ? token : token.startsWith(prefix) ? token.slice(prefix.length) : ` ${token}`;
      return cleanUpTokenization(piece);
    })
    .join('');
}

/** transformers' clean_up_tokenization: no space before . ? ! , and English contractions. */
export function cleanUpTokenization(text: string): string {
  return text
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}
