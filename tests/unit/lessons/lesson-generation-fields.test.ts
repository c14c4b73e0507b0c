// The Generate view's lesson fields and checks, and tables in a step's words: read into the step, and every
// broken value refused with the step and the field named.
import { describe, expect, it } from 'vitest';
import { parseCheck, parseLesson } from '../../../src/lib/lessons/lesson-format.ts';
import { CONTEXT, lesson, problemsOf } from './lesson-fixtures.ts';

describe('the Generate view’s step fields', () => {
  it('reads the prompt, the decoding settings, the shown token, a branch and the lens', () => {
    const parsed = parseLesson(
      lesson(
        [
          '## Sample\nview: generate\nmodel: tiny-bible-gpt\nprompt: God rested: on the seventh\ndecoding: sample\ntemperature: 1.5\ntopk: 40\ntopp: 0.9\nseed: 42\ntokens: 10\naction: generate\ntoken: 1\n\nWords.',
          '## Branch\nview: generate\nbranch: token 3, candidate 2\nlens: on\n\nWords.',
          '## Nothing\nview: generate\n\nWords.',
        ].join('\n\n'),
      ),
      CONTEXT,
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const [sample, branch, nothing] = parsed.lesson.steps;
    expect(sample).toMatchObject({ view: 'generate', model: 'tiny-bible-gpt', action: 'generate' });
    expect(sample?.generate).toEqual({
      prompt: 'God rested: on the seventh',
      decoding: 'sample',
      temperature: 1.5,
      topK: 40,
      topP: 0.9,
      seed: 42,
      maxNewTokens: 10,
      token: 1,
      branch: null,
      lens: false,
    });
    expect(branch?.generate).toMatchObject({ branch: { token: 3, candidate: 2 }, lens: true, prompt: null });
    expect(nothing?.generate).toEqual({
      prompt: null,
      decoding: null,
      temperature: null,
      topK: null,
      topP: null,
      seed: null,
      maxNewTokens: null,
      token: null,
      branch: null,
      lens: false,
    });
  });

  it('names the step and the field of every bad value', () => {
    const problems = problemsOf(
      '## Bad\nview: generate\ndecoding: creative\ntemperature: 9\ntopk: -1\ntopp: 0\nseed: 1.5\ntokens: 0\ntoken: many\nbranch: token 1, candidate 1\nlens: yes\n\nWords.',
    );
    const where = 'Step 1 (“Bad”), field';
    expect(problems).toEqual([
      `${where} decoding: “creative” is not one of greedy, sample.`,
      `${where} lens: “yes” is not “on”.`,
      `${where} temperature: “9” is not a number from 0.05 to 5.`,
      `${where} topk: “-1” is not a whole number from 0 to 1000.`,
      `${where} topp: “0” is not a number from 0.01 to 1.`,
      `${where} seed: “1.5” is not a whole number from 0 to 2147483647.`,
      `${where} tokens: “0” is not a whole number from 1 to 512.`,
      `${where} token: “many” is not a whole number from 1 to 512.`,
      expect.stringMatching(
        /^Step 1 \(“Bad”\), field branch: “token 1, candidate 1” is not “token N, candidate C”/,
      ),
    ]);
  });
});

describe('the Generate view’s checks', () => {
  const check = (written: string) => {
    const problems: string[] = [];
    return { check: parseCheck(written, (problem) => problems.push(problem)), problems };
  };

  it('reads each form, keeping the quoted token’s case and spaces', () => {
    expect(check('generated text contains " day, the King"').check).toEqual({
      kind: 'generated-text-contains',
      text: ' day, the King',
    });
    expect(check('Token 2 is " Lord"').check).toEqual({ kind: 'token-is', token: 2, text: ' Lord' });
    expect(check('top candidate at token 1 is """').check).toEqual({
      kind: 'top-candidate-is',
      token: 1,
      text: '"',
    });
    expect(check('lens shows " Armies" for token 1 from layer 4').check).toEqual({
      kind: 'lens-shows',
      text: ' Armies',
      token: 1,
      layer: 4,
    });
    expect(check('branches at least 2').check).toEqual({ kind: 'branches-at-least', count: 2 });
  });

  it('refuses numbers out of range and unquoted tokens, with one sentence each', () => {
    for (const written of [
      'token 0 is "x"',
      'top candidate at token 513 is "x"',
      'lens shows "x" for token 1 from layer 0',
      'branches at least 0',
    ]) {
      const { check: parsed, problems } = check(written);
      expect(parsed).toBeNull();
      expect(problems).toEqual([`“${written}” has a number out of range (tokens and layers count from 1).`]);
    }
    const unquoted = check('token 1 is day');
    expect(unquoted.check).toBeNull();
    expect(unquoted.problems[0]).toMatch(/is not a check; use one of: .*token N is "X"/);
  });

  it('is only valid in a try-it step, like every check', () => {
    expect(problemsOf('## Plain\nview: generate\ncheck: branches at least 2\n\nWords.')).toEqual([
      'Step 1 (“Plain”), field check: only “Try it:” steps have a check; start the title with “Try it:”.',
    ]);
  });
});

describe('tables in a step’s words', () => {
  it('are blocks between the paragraphs, cell by cell', () => {
    const parsed = parseLesson(
      lesson(
        '## Figures\n\nBefore.\n\n| Token | Probability |\n| --- | ---: |\n| ·day | 28.5% |\n| ·month | 19.1% |\n\nAfter.',
      ),
      CONTEXT,
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const [step] = parsed.lesson.steps;
    expect(step?.paragraphs).toEqual(['Before.', 'After.']);
    expect(step?.blocks).toEqual([
      { kind: 'paragraph', text: 'Before.' },
      {
        kind: 'table',
        header: ['Token', 'Probability'],
        rows: [
          ['·day', '28.5%'],
          ['·month', '19.1%'],
        ],
      },
      { kind: 'paragraph', text: 'After.' },
    ]);
  });

  it('name the step of a table without a separator or with a short row', () => {
    expect(problemsOf('## T\n\nWords.\n\n| a | b |\n| c | d |')).toEqual([
      'Step 1 (“T”): a table needs a separator line such as “| --- | --- |” under its header.',
    ]);
    expect(problemsOf('## T\n\nWords.\n\n| a | b |\n| --- | --- |\n| c |')).toEqual([
      'Step 1 (“T”): table row 1 has 1 cells; its header has 2.',
    ]);
    const long = Array.from({ length: 51 }, () => '| x |').join('\n');
    expect(problemsOf(`## T\n\nWords.\n\n| a |\n| --- |\n${long}`)).toEqual([
      'Step 1 (“T”): a table may have 8 columns and 50 rows.',
    ]);
  });
});
