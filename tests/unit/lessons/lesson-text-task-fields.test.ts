// The entities, answer, zero-shot and embeddings views' lesson fields and checks: read into the step, every
// broken value refused with the step and the field named, and the checks judged on the views' state.
import { describe, expect, it } from 'vitest';
import { textTaskCheckPassed, type TextTaskLessonViews } from '../../../src/app/lessons/lesson-text-tasks.ts';
import { parseCheck, parseLesson } from '../../../src/lib/lessons/lesson-format.ts';
import { CONTEXT, lesson, problemsOf } from './lesson-fixtures.ts';

describe('the text tasks’ step fields', () => {
  it('reads the question, labels, multi-label, strategy, sentences and query', () => {
    const parsed = parseLesson(
      lesson(
        [
          '## Ask\nview: answer\nquestion: Where: here?\ntext: It is here.\naction: answer\n\nWords.',
          '## Labels\nview: zero-shot\nlabels: sports, politics\nmultilabel: on\naction: classify\n\nWords.',
          '## Group\nview: entities\nstrategy: first\naction: find\n\nWords.',
          '## Embed\nview: embeddings\nsentences: A cat. | A dog. |  | A car.\nquery: A pet.\naction: search\n\nWords.',
        ].join('\n\n'),
      ),
      CONTEXT,
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const [ask, labels, group, embed] = parsed.lesson.steps;
    expect(ask?.textTask.question).toBe('Where: here?');
    expect(ask?.action).toBe('answer');
    expect(labels?.textTask).toMatchObject({ labels: 'sports, politics', multiLabel: true });
    expect(group?.textTask.strategy).toBe('first');
    expect(group?.action).toBe('find');
    expect(embed?.textTask.sentences).toEqual(['A cat.', 'A dog.', 'A car.']);
    expect(embed?.textTask.query).toBe('A pet.');
    expect(embed?.view).toBe('embeddings');
  });

  it('refuses broken values, naming the step and the field', () => {
    expect(problemsOf('## S\nview: entities\nstrategy: longest\n\nWords.')).toEqual([
      'Step 1 (“S”), field strategy: “longest” is not one of none, simple, first, average, max.',
    ]);
    expect(problemsOf('## S\nview: zero-shot\nmultilabel: yes\n\nWords.')).toEqual([
      'Step 1 (“S”), field multilabel: “yes” is not on or off.',
    ]);
    expect(problemsOf('## S\nview: embeddings\nsentences: only one\n\nWords.')).toEqual([
      'Step 1 (“S”), field sentences: give 2 to 20 sentences, separated by “|”.',
    ]);
    expect(problemsOf('## S\nview: answer\nquestion:\n\nWords.')).toEqual([
      'Step 1 (“S”), field question: is empty.',
    ]);
  });

  it('parses the checks and refuses malformed ones', () => {
    const parse = (text: string) => {
      const problems: string[] = [];
      return { check: parseCheck(text, (p) => problems.push(p)), problems };
    };
    expect(parse('Entities at least 2').check).toEqual({ kind: 'entities-at-least', count: 2 });
    expect(parse('strategy is max').check).toEqual({ kind: 'strategy-is', strategy: 'max' });
    expect(parse('answer found').check).toEqual({ kind: 'answer-found' });
    expect(parse('labels at least 5').check).toEqual({ kind: 'labels-at-least', count: 5 });
    expect(parse('top label is Public Health').check).toEqual({ kind: 'top-label', label: 'public health' });
    expect(parse('neighbours shown').check).toEqual({ kind: 'neighbours-shown' });
    expect(parse('strategy is longest').problems).toHaveLength(1);
    expect(parse('entities at least many').problems).toHaveLength(1);
  });
});

describe('the text tasks’ checks on the views', () => {
  const run = (text: string, count: number) => ({
    runStatus: { kind: 'done', run: { text } },
    text,
    entities: Array.from({ length: count }, () => ({})),
    strategy: 'simple',
  });

  it('counts the entities of the text on screen only', () => {
    const views = { entities: run('Sarah lives in Paris', 2) } as unknown as TextTaskLessonViews;
    expect(textTaskCheckPassed({ kind: 'entities-at-least', count: 2 }, views)).toBe(true);
    expect(textTaskCheckPassed({ kind: 'entities-at-least', count: 3 }, views)).toBe(false);
    const edited = { entities: { ...run('Sarah lives in Paris', 2), text: 'Other text' } };
    expect(textTaskCheckPassed({ kind: 'entities-at-least', count: 1 }, edited as never)).toBe(false);
    expect(textTaskCheckPassed({ kind: 'strategy-is', strategy: 'simple' }, views)).toBe(true);
    expect(textTaskCheckPassed({ kind: 'strategy-is', strategy: 'first' }, views)).toBe(false);
  });

  it('finds an answer only for the question and text on screen, and not the empty answer', () => {
    const answer = (answers: string[], question = 'Q?') => ({
      answer: {
        question,
        context: 'C.',
        runStatus: {
          kind: 'done',
          run: { question: 'Q?', context: 'C.', answers: answers.map((a) => ({ answer: a })) },
        },
      },
    });
    expect(textTaskCheckPassed({ kind: 'answer-found' }, answer(['Paris']) as never)).toBe(true);
    expect(textTaskCheckPassed({ kind: 'answer-found' }, answer(['']) as never)).toBe(false);
    expect(textTaskCheckPassed({ kind: 'answer-found' }, answer(['Paris'], 'Other?') as never)).toBe(false);
  });

  it('reads zero-shot’s labels and top label, and the neighbours of the query on screen', () => {
    const zeroShot = {
      zeroShot: {
        text: 'T',
        status: { kind: 'done', run: { premise: 'T', scores: [{ label: 'Sports' }, { label: 'politics' }] } },
      },
    } as never;
    expect(textTaskCheckPassed({ kind: 'top-label', label: 'sports' }, zeroShot)).toBe(true);
    expect(textTaskCheckPassed({ kind: 'labels-at-least', count: 2 }, zeroShot)).toBe(true);
    expect(textTaskCheckPassed({ kind: 'labels-at-least', count: 3 }, zeroShot)).toBe(false);
    const neighbours = (query: string) =>
      ({
        embeddings: {
          query,
          neighbours: { kind: 'done', result: { query: 'A pet.', neighbours: [{ sentence: 'A cat.' }] } },
        },
      }) as never;
    expect(textTaskCheckPassed({ kind: 'neighbours-shown' }, neighbours('A pet.'))).toBe(true);
    expect(textTaskCheckPassed({ kind: 'neighbours-shown' }, neighbours('A car.'))).toBe(false);
  });
});
