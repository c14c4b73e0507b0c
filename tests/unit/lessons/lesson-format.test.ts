// The lesson format: the shipped lessons parse against the real catalog and samples, and a broken lesson
// gives one message per problem naming the step and the field.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_CATALOG } from '../../../src/lib/catalog/model-catalog.ts';
import { parseCheck, parseLesson, type LessonContext } from '../../../src/lib/lessons/lesson-format.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const CONTEXT: LessonContext = {
  modelIds: MODEL_CATALOG.map((entry) => entry.id),
  sampleNames: readdirSync(resolve(ROOT, 'public/samples')).filter((file) => /\.(png|jpg)$/.test(file)),
};

function lesson(steps: string, front = 'id: demo\ntitle: Demo'): string {
  return `---\n${front}\n---\n\n${steps}`;
}

describe('the shipped lessons', () => {
  const files = readdirSync(resolve(ROOT, 'lessons')).filter(
    (file) => file.endsWith('.md') && file !== 'README.md',
  );

  it('are at least the two the issue asks for', () => {
    expect(files).toEqual(expect.arrayContaining(['tiny-bert-reads.md', 'detector-finds-objects.md']));
  });

  it.each(files)('%s parses, and every try-it step has a check', (file) => {
    const parsed = parseLesson(readFileSync(resolve(ROOT, 'lessons', file), 'utf8'), CONTEXT, file);
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.lesson.id).toBe(file.replace(/\.md$/, ''));
    expect(parsed.lesson.steps.length).toBeGreaterThanOrEqual(4);
    for (const step of parsed.lesson.steps) {
      expect(step.tryIt).toBe(step.check !== null);
      expect(step.paragraphs.length).toBeGreaterThan(0);
    }
  });
});

describe('parseLesson', () => {
  it('reads settings, the try-it check and the teacher’s paragraphs', () => {
    const parsed = parseLesson(
      lesson(
        '## Start\nview: text\nmodel: tiny-sentiment-bert\ntext: good: very\naction: classify\n\nFirst\nline.\n\nSecond.\n\n## Try it: flip\ncheck: Prediction is negative\n\nDo it.',
      ),
      CONTEXT,
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const [start, tryIt] = parsed.lesson.steps;
    expect(start).toMatchObject({
      view: 'text',
      model: 'tiny-sentiment-bert',
      text: 'good: very',
      action: 'classify',
    });
    expect(start?.paragraphs).toEqual(['First line.', 'Second.']);
    expect(tryIt).toMatchObject({ tryIt: true, check: { kind: 'prediction', label: 'negative' } });
  });

  it('names the step and the field of every problem', () => {
    const parsed = parseLesson(
      lesson(
        '## One\nview: kitchen\nmodel: gpt-9\nscore: 2\n\nWords.\n\n## Try it: nothing to check\n\nWords.\n\n## Three\ncheck: pair flips the label\ncolour: blue\n\nWords.\n\n## Four\ncheck: prediction is\n',
      ),
      CONTEXT,
    );
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Step 1 \(“One”\), field view: “kitchen” is not one of text, detection/),
        expect.stringMatching(/^Step 1 \(“One”\), field model: “gpt-9” is not one of/),
        'Step 1 (“One”), field score: “2” is not a number from 0 to 1.',
        'Step 2 (“Try it: nothing to check”), field check: a “Try it” step needs one, so the player can verify it.',
        expect.stringMatching(/^Step 3 \(“Three”\): “colour: blue” is not a setting/),
        expect.stringMatching(/^Step 3 \(“Three”\), field check: only “Try it:” steps have a check/),
        'Step 4 (“Four”) has no words for the participant.',
      ]),
    );
  });

  it('refuses a file without front matter, id or steps', () => {
    expect(parseLesson('## Step\n\nWords.', CONTEXT)).toEqual({
      ok: false,
      problems: ['the lesson does not start with front matter (a line "---", then id: and title:).'],
    });
    const parsed = parseLesson('---\nid: Bad Id\n---\n', CONTEXT, 'x.md');
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      "The front matter's id “Bad Id” must be lowercase letters, digits and dashes (at most 64).",
      'The front matter has no title.',
      'x.md has no steps: each step starts with a line "## Title".',
    ]);
  });
});

describe('parseCheck', () => {
  it.each([
    ['pair flips the label', { kind: 'pair-flips' }],
    ['occlusion map shown', { kind: 'occlusion-shown' }],
    ['attributions shown', { kind: 'attributions-shown' }],
    ['score threshold at most 0.2', { kind: 'score-threshold-at-most', value: 0.2 }],
    ['IoU threshold at least 0.9', { kind: 'iou-threshold-at-least', value: 0.9 }],
    ['detections at least 3', { kind: 'detections-at-least', count: 3 }],
  ])('reads “%s”', (written, expected) => {
    expect(parseCheck(written, () => undefined)).toEqual(expected);
  });

  it.each(['score threshold at most 7', 'detections at least 1.5', 'the model is happy'])(
    'refuses “%s”',
    (written) => {
      const problems: string[] = [];
      expect(parseCheck(written, (problem) => problems.push(problem))).toBeNull();
      expect(problems).toHaveLength(1);
    },
  );
});
