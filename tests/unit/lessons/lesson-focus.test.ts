// A lesson step's focus: field: a panel, a node or a token is read; anything else is one sentence naming the
// step and the field, and the lesson is refused instead of crashing the player. The shipped lessons use it.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_CATALOG } from '../../../src/lib/catalog/model-catalog.ts';
import { FOCUS_PANELS, focusLabel, parseFocus } from '../../../src/lib/lessons/focus-field.ts';
import { parseLesson, type LessonContext } from '../../../src/lib/lessons/lesson-format.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const CONTEXT: LessonContext = {
  modelIds: MODEL_CATALOG.map((entry) => entry.id),
  sampleNames: readdirSync(resolve(ROOT, 'public/samples')).filter((file) => /\.(png|jpg)$/.test(file)),
};

function oneStep(settings: string): ReturnType<typeof parseLesson> {
  return parseLesson(`---\nid: demo\ntitle: Demo\n---\n\n## Look here\n${settings}\n\nWords.\n`, CONTEXT);
}

describe('the focus: field', () => {
  it('reads a panel, a node and a token', () => {
    const problems: string[] = [];
    const report = (problem: string) => void problems.push(problem);
    expect(parseFocus('attention', report)).toEqual({ kind: 'panel', panel: 'attention' });
    expect(parseFocus('node /bert/encoder/layer.0/attention/self/MatMul', report)).toEqual({
      kind: 'node',
      name: '/bert/encoder/layer.0/attention/self/MatMul',
    });
    expect(parseFocus('token  not ', report)).toEqual({ kind: 'token', text: 'not' });
    expect(problems).toEqual([]);
    expect(focusLabel({ kind: 'panel', panel: 'attention' })).toBe('the attention panel');
    expect(focusLabel({ kind: 'token', text: 'not' })).toBe('the token “not”');
  });

  it('puts it on the step', () => {
    const parsed = oneStep('view: text\nfocus: explanation');
    expect(parsed.ok && parsed.lesson.steps[0]?.focus).toEqual({ kind: 'panel', panel: 'explanation' });
    const none = oneStep('view: text');
    expect(none.ok && none.lesson.steps[0]?.focus).toBeNull();
  });

  it.each([
    ['kitchen', '“kitchen” is not something on screen'],
    ['node', '“node” is not something on screen'],
    ['token \u0007', 'is not something on screen'],
    ['constructor', '“constructor” is not something on screen'],
    [`node ${'x'.repeat(301)}`, 'printable characters'],
  ])('refuses “%s” with a sentence naming the step and the field', (value, sentence) => {
    const parsed = oneStep(`view: text\nfocus: ${value}`);
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('Step 1 (“Look here”), field focus:');
    expect(problems[0]).toContain(sentence);
    // The sentence lists what would do.
    expect(problems[0]).toContain(Object.keys(FOCUS_PANELS).join(', '));
  });

  it('is used by the shipped lessons, every value valid', () => {
    const files = readdirSync(resolve(ROOT, 'lessons')).filter((f) => f.endsWith('.md') && f !== 'README.md');
    let focused = 0;
    for (const file of files) {
      const parsed = parseLesson(readFileSync(resolve(ROOT, 'lessons', file), 'utf8'), CONTEXT, file);
      if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
      focused += parsed.lesson.steps.filter((step) => step.focus !== null).length;
    }
    expect(focused).toBeGreaterThan(files.length);
  });
});
