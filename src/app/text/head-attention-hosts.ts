// The entities, answer and zero-shot views as the attention panel reads them (AttentionHost): which task's
// run to capture, the input as one string (a change makes the capture stale), whether the last run is of
// that input on the loaded backend, and where each view reads its answer (AttentionReader): an entity at
// the tokens its score is read from, an answer at its span's tokens; zero-shot reads [CLS] of each pair.
import type { AttentionReader } from '../../lib/capture/attention-readers.ts';
import { formatPercent } from '../../lib/format.ts';
import type { AnswerPlayground } from '../answer/answer-playground.svelte.ts';
import type { EntitiesPlayground } from '../entities/entities-playground.svelte.ts';
import { attentionHost, type AttentionHost } from './text-attention.svelte.ts';
import type { ZeroShotPlayground } from '../zero-shot/zero-shot-playground.svelte.ts';

export function entitiesAttentionHost(playground: EntitiesPlayground): AttentionHost {
  return attentionHost(
    playground,
    'token-classification',
    () => playground.text,
    () => {
      const run = playground.runStatus.kind === 'done' ? playground.runStatus.run : null;
      return run !== null && run.text === playground.text && run.backend === playground.slot.loaded?.backend;
    },
  );
}

/** The question and the context, as one string: either changing makes a capture stale. */
const answerInput = (question: string, context: string) => `${question}\n${context}`;

export function answerAttentionHost(playground: AnswerPlayground): AttentionHost {
  const input = () => answerInput(playground.question, playground.context);
  return attentionHost(playground, 'question-answering', input, () => {
    const run = playground.runStatus.kind === 'done' ? playground.runStatus.run : null;
    return (
      run !== null &&
      answerInput(run.question, run.context) === input() &&
      run.backend === playground.slot.loaded?.backend
    );
  });
}

/** The text, the labels and the template: any of them changing makes a capture stale. */
const zeroShotInput = (text: string, labels: readonly string[], template: string) =>
  [text, labels.join('\n'), template].join('\n\n');

export function zeroShotAttentionHost(playground: ZeroShotPlayground): AttentionHost {
  const input = () => zeroShotInput(playground.text, playground.parsedLabels, playground.template);
  return attentionHost(playground, 'zero-shot', input, () => {
    const run = playground.status.kind === 'done' ? playground.status.run : null;
    if (run === null || run.backend !== playground.slot.loaded?.backend) return false;
    const labels = run.pairs.map((pair) => pair.label);
    return zeroShotInput(run.premise, labels, run.template) === input();
  });
}

/** Each entity of the strategy shown, read at the tokens its score comes from. */
export function entityReaders(playground: EntitiesPlayground): AttentionReader[] {
  return playground.entities.map((entity) => ({
    name: `${entity.label} “${entity.word}”`,
    positions: [...new Set(entity.parts.flatMap((part) => part.scored))].sort((a, b) => a - b),
  }));
}

/**
 * The answers found in the window the capture replays (the best answer's: see question-answerer.ts), each
 * read at its span's tokens; the empty answer has no span and is left out.
 */
export function answerReaders(playground: AnswerPlayground): AttentionReader[] {
  const run = playground.runStatus.kind === 'done' ? playground.runStatus.run : null;
  const answers = run?.answers ?? [];
  const shown = Math.max(0, answers[0]?.window ?? 0);
  return answers
    .filter(
      (answer) => answer.window === shown && answer.startToken >= 0 && answer.endToken >= answer.startToken,
    )
    .map((answer) => ({
      name: `“${answer.answer}” (${formatPercent(answer.score)})`,
      positions: Array.from(
        { length: answer.endToken - answer.startToken + 1 },
        (_, i) => answer.startToken + i,
      ),
    }));
}
