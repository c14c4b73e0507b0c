// Two greedy generations of the same prompt (WASM and WebGPU, or any two runs) compared token by token:
// the first index where they part, each side's pick with its probability and its lead over the next
// candidate, and the sentences the page shows. Also the first value holding a NaN in a captured step.
// Pure, so the wording is tested once.
import type { CapturedValueSummary } from '../../capture/capture-types.ts';
import { formatDiff } from '../../capture/capture-text.ts';
import { visibleText } from '../../visible-text.ts';
import type { GeneratedToken } from './generation-loop.ts';

/** One side's token at the index where the two runs part. */
export interface TokenPick {
  id: number;
  text: string;
  /** Its probability in the distribution it was picked from (greedy: the processed one). */
  probability: number;
  /** ln p(pick) − ln p(runner-up) = the logit margin over the next candidate; null when there is none. */
  margin: number | null;
  /** The runner-up's text, when there is one. */
  runnerUp: string | null;
  /** The probability this side gave the other side's pick (null when it is not among its candidates). */
  probabilityOfOther: number | null;
}

export type TokenAgreement =
  /** Both made the same `count` tokens. */
  | { kind: 'same'; count: number }
  /** The runs pick different tokens at `index` (0-based); picks[0] is the first run's. */
  | { kind: 'differ'; index: number; picks: [TokenPick, TokenPick] }
  /** Equal up to `index`, where run `ended` (0 or 1) made no more tokens while the other went on. */
  | { kind: 'ended'; index: number; ended: 0 | 1 };

function probabilityOf(token: GeneratedToken, id: number): number | null {
  return token.after.find((candidate) => candidate.id === id)?.probability ?? null;
}

function pickOf(token: GeneratedToken, otherId: number): TokenPick {
  const runnerUp = token.after.find((candidate) => candidate.id !== token.id) ?? null;
  const margin =
    runnerUp && runnerUp.probability > 0 && token.probability > 0
      ? Math.log(token.probability) - Math.log(runnerUp.probability)
      : null;
  return {
    id: token.id,
    text: token.text,
    probability: token.probability,
    margin,
    runnerUp: runnerUp?.text ?? null,
    probabilityOfOther: probabilityOf(token, otherId),
  };
}

/** Where two token streams first part, or that they are the same. */
export function compareTokenStreams(
  first: readonly GeneratedToken[],
  second: readonly GeneratedToken[],
): TokenAgreement {
  const shared = Math.min(first.length, second.length);
  for (let index = 0; index < shared; index++) {
    const a = first[index]!;
    const b = second[index]!;
    if (a.id !== b.id) return { kind: 'differ', index, picks: [pickOf(a, b.id), pickOf(b, a.id)] };
  }
  if (first.length === second.length) return { kind: 'same', count: shared };
  return { kind: 'ended', index: shared, ended: first.length < second.length ? 0 : 1 };
}

const quoted = (text: string): string => `“${visibleText(text)}”`;
const probability = (value: number): string => value.toFixed(3);

function pickPhrase(label: string, pick: TokenPick, otherLabel: string): string {
  const lead =
    pick.margin === null ? '' : `, ${formatDiff(pick.margin)} logits ahead of ${quoted(pick.runnerUp ?? '')}`;
  const other =
    pick.probabilityOfOther === null
      ? ''
      : `; it gave ${otherLabel}’s pick ${probability(pick.probabilityOfOther)}`;
  return `${label} picks ${quoted(pick.text)} (id ${pick.id}, probability ${probability(pick.probability)}${lead}${other})`;
}

/**
 * "WASM (CPU) and WebGPU generate the same 8 greedy tokens." or where they first differ, with both picks;
 * labels name the two runs, endings say why a run made no more tokens.
 */
export function agreementSentence(
  agreement: TokenAgreement,
  labels: readonly [string, string],
  endings: readonly [string, string] = ['', ''],
): string {
  const [a, b] = labels;
  switch (agreement.kind) {
    case 'same':
      return `${a} and ${b} generate the same ${agreement.count} greedy token${agreement.count === 1 ? '' : 's'}.`;
    case 'differ':
      return (
        `${a} and ${b} first differ at token ${agreement.index + 1}: ` +
        `${pickPhrase(a, agreement.picks[0], b)}, ${pickPhrase(b, agreement.picks[1], a)}.`
      );
    case 'ended': {
      const ended = labels[agreement.ended];
      const went = labels[1 - agreement.ended];
      const why = endings[agreement.ended] ? ` (${endings[agreement.ended]})` : '';
      return (
        `${a} and ${b} agree on the first ${agreement.index} token${agreement.index === 1 ? '' : 's'}, ` +
        `then ${ended} made no more${why} while ${went} went on.`
      );
    }
  }
}

/**
 * Said when the captured step agrees within the tolerance although the picks differ: the two best
 * candidates were so close that rounding within the tolerance chose between them.
 */
export function nearTieSentence(agreement: TokenAgreement): string | null {
  if (agreement.kind !== 'differ') return null;
  const margins = agreement.picks.map((pick) => pick.margin).filter((margin) => margin !== null);
  const smallest = margins.length > 0 ? Math.min(...margins) : null;
  return (
    'Every value of that step agrees within the tolerance, so the two best candidates were a near tie' +
    `${smallest === null ? '' : ` (${formatDiff(smallest)} logits apart)`} that float rounding decided.`
  );
}

/** How the step was captured, for the sentence under the comparison. */
export function stepCaptureNote(step: number, tokens: number): string {
  return `Step ${step} was captured on both backends as one pass over its ${tokens} token${tokens === 1 ? '' : 's'} from an empty cache.`;
}

/** The first value, in topological order, that holds a NaN; null when none does. */
export function firstNaNValue(values: readonly CapturedValueSummary[]): CapturedValueSummary | null {
  let first: CapturedValueSummary | null = null;
  for (const value of values)
    if (value.nanCount > 0 && (first === null || value.producerIndex < first.producerIndex)) first = value;
  return first;
}

/** What a capture of the NaN step found, in one sentence. */
export function nanNodeSentence(step: number, value: CapturedValueSummary | null, captured: number): string {
  if (!value)
    return `A capture of step ${step} found no NaN in any of its ${captured} values (the NaN came from a step the capture does not replay exactly).`;
  const node =
    value.producer === '' ? `the ${value.producerOpType} node producing ${value.name}` : value.producer;
  return (
    `A capture of step ${step} finds the first NaN at node ${visibleText(node)} (${value.producerOpType}): ` +
    `${value.nanCount} of ${value.elementCount} values of ${visibleText(value.name)} are NaN.`
  );
}
