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

  it('are at least the three the issue asks for', () => {
    expect(files).toEqual(
      expect.arrayContaining(['tiny-bert-reads.md', 'detector-finds-objects.md', 'cpu-or-gpu.md']),
    );
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

  it('reads the attention, feature-map, overlay, benchmark and sweep fields', () => {
    const parsed = parseLesson(
      lesson(
        [
          '## Attention\nview: text\naction: classify\nattention: layer 1, head 0\n\nWords.',
          '## Mean\nattention: layer 0 mean\n\nWords.',
          '## Maps\nview: detection\naction: occlude\npatches: 4\nfeatures: /model/b2/b2.1/cv2/act/Mul_output_0\n\nWords.',
          '## Times\nview: inspect\nmodel: tiny-sentiment-bert\noverlay: time\n\nWords.',
          '## Bench\nview: bench\nconfigs: wasm-1, WASM-4, webgpu\niterations: 10\naction: benchmark\n\nWords.',
          '## Try it: sweep\nview: bench\nsweep: encoder\nsizes: bert-tiny, bert-mini\ncheck: sweep done\n\nWords.',
        ].join('\n\n'),
      ),
      CONTEXT,
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const [attention, mean, maps, times, bench, sweep] = parsed.lesson.steps;
    expect(attention?.attention).toEqual({ layer: 1, head: 0 });
    expect(mean?.attention).toEqual({ layer: 0, head: 'mean' });
    expect(maps).toMatchObject({
      action: 'occlude',
      patches: 4,
      features: '/model/b2/b2.1/cv2/act/Mul_output_0',
    });
    expect(times).toMatchObject({ view: 'inspect', overlay: 'time' });
    expect(bench).toMatchObject({
      action: 'benchmark',
      iterations: 10,
      configs: [{ backend: 'wasm', threads: 1 }, { backend: 'wasm', threads: 4 }, { backend: 'webgpu' }],
    });
    expect(sweep).toMatchObject({
      sweep: 'encoder',
      sizes: ['bert-tiny', 'bert-mini'],
      check: { kind: 'sweep-done' },
    });
  });

  it('names the step and the field of every broken new field', () => {
    const parsed = parseLesson(
      lesson(
        [
          '## A\nattention: layer one\npatches: 5\noverlay: colour\n\nWords.',
          '## B\nconfigs: wasm-0, cuda\niterations: 0\n\nWords.',
          '## C\nsweep: resnet\nsizes: bert-tiny\n\nWords.',
          '## D\nsweep: matmul\nsizes: bert-tiny\nconfigs: webgpu, webgpu\n\nWords.',
          '## E\nsizes: matmul-128\nfeatures: \u0007bell\naction: train\n\nWords.',
          '## Try it: F\ncheck: constructor\n\nWords.',
        ].join('\n\n'),
      ),
      CONTEXT,
    );
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toEqual([
      'Step 1 (“A”), field attention: “layer one” is not “layer N, head H” or “layer N, mean” (N and H from 0 to 255).',
      'Step 1 (“A”), field patches: “5” is not one of 4, 8, 12, 16 (patches per side).',
      'Step 1 (“A”), field overlay: “colour” is not one of mean-abs, std, zero-share, nan-inf, time, divergence, variant-error.',
      'Step 2 (“B”), field configs: “wasm-0” is not wasm-N (N threads, 1 to 64) or webgpu.',
      'Step 2 (“B”), field iterations: “0” is not a whole number from 1 to 1000.',
      'Step 3 (“C”), field sweep: “resnet” is not one of encoder, conv-backbone, matmul.',
      expect.stringMatching(
        /^Step 4 \(“D”\), field sizes: “bert-tiny” is not a size of the matmul sweep; use some of matmul-128/,
      ),
      'Step 4 (“D”), field configs: “webgpu, webgpu” names a configuration twice.',
      expect.stringMatching(
        /^Step 5 \(“E”\), field action: “train” is not one of classify, explain, occlude/,
      ),
      'Step 5 (“E”), field sizes: sizes belong to a sweep; add sweep: (encoder, conv-backbone or matmul).',
      expect.stringMatching(/^Step 5 \(“E”\), field features: “.bell” is not a value name/),
      expect.stringMatching(/^Step 6 \(“Try it: F”\), field check: “constructor” is not a check/),
    ]);
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
    ['attention shown', { kind: 'attention-shown' }],
    ['Feature maps shown', { kind: 'feature-maps-shown' }],
    ['benchmark done', { kind: 'benchmark-done' }],
    ['node times shown', { kind: 'node-times-shown' }],
    ['sweep done', { kind: 'sweep-done' }],
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

describe('a lesson’s words from a file', () => {
  it('show invisible and reordering characters as visible stand-ins, tabs as spaces', () => {
    const parsed = parseLesson(
      lesson(
        '## Step \u202eone\nview: text\n\nHello\u0000 there\u001b,\tfriend.',
        'id: demo\ntitle: Demo\u0007 \u202etxt.exe',
      ),
      CONTEXT,
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.lesson.title).toBe('Demo␇ ⟨U+202E⟩txt.exe');
    expect(parsed.lesson.steps[0]?.title).toBe('Step ⟨U+202E⟩one');
    expect(parsed.lesson.steps[0]?.paragraphs).toEqual(['Hello␀ there␛, friend.']);
  });
});
