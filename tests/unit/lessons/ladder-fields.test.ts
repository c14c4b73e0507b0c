// The precision ladder's lesson fields and checks: parsed from a step, refused with a sentence naming the
// step and field, and the shipped lesson "What does quantisation cost?" parses with them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCheck, parseLesson } from '../../../src/lib/lessons/lesson-format.ts';

const CONTEXT = { modelIds: ['tiny-sentiment-bert'], sampleNames: [] };

function lesson(step: string): string {
  return `---\nid: l\ntitle: L\n---\n\n## Try it: S\n\n${step}\n\nWords.\n`;
}

describe('ladder lesson fields', () => {
  it('reads variants, threshold and paint', () => {
    const parsed = parseLesson(
      lesson('view: text\nvariants: fp16, q4\nthreshold: 65\npaint: fp16\ncheck: fp16 error painted'),
      CONTEXT,
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const step = parsed.lesson.steps[0];
    expect(step?.ladder).toEqual({ variants: ['fp16', 'q4'], thresholdDb: 65, paint: 'fp16' });
    expect(step?.check).toEqual({ kind: 'variant-painted', variant: 'fp16' });
  });

  it('names the step and field of each bad value', () => {
    const parsed = parseLesson(
      lesson('variants: fp16, int3\nthreshold: loud\npaint: fp8\ncheck: ladder measured'),
      CONTEXT,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      'Step 1 (“Try it: S”), field variants: “int3” is not one of fp16, fp16-simulated, int8-weights, int8-dynamic, q4.',
      'Step 1 (“Try it: S”), field threshold: “loud” is not a number of dB from 0 to 120.',
      'Step 1 (“Try it: S”), field paint: “fp8” is not one of fp16, fp16-simulated, int8-weights, int8-dynamic, q4.',
    ]);
  });

  it('parses every ladder check and refuses a bad kind or percentage', () => {
    const report = (problem: string) => problems.push(problem);
    const problems: string[] = [];
    expect(parseCheck('Ladder measured', report)).toEqual({ kind: 'ladder-done' });
    expect(parseCheck('q4 agrees on at least 90%', report)).toEqual({
      kind: 'variant-agrees',
      variant: 'q4',
      percent: 90,
    });
    expect(parseCheck('fp16 size at most 55% of the reference', report)).toEqual({
      kind: 'variant-size-at-most',
      variant: 'fp16',
      percent: 55,
    });
    expect(parseCheck('int8-weights has no node under the threshold', report)).toEqual({
      kind: 'variant-clean',
      variant: 'int8-weights',
    });
    expect(parseCheck('fp16 has a node under the threshold', report)).toEqual({
      kind: 'variant-past',
      variant: 'fp16',
    });
    expect(problems).toEqual([]);
    expect(parseCheck('int3 agrees on at least 90%', report)).toBeNull();
    expect(parseCheck('fp16 agrees on at least 140%', report)).toBeNull();
    expect(problems).toEqual([
      '“int3” is not one of fp16, fp16-simulated, int8-weights, int8-dynamic, q4.',
      '“fp16 agrees on at least 140%” needs a percentage from 0 to 100.',
    ]);
  });

  it('ships "What does quantisation cost?" with ladder steps', () => {
    const source = readFileSync(new URL('../../../lessons/quantisation-cost.md', import.meta.url), 'utf8');
    const parsed = parseLesson(source, CONTEXT);
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.lesson.title).toBe('What does quantisation cost?');
    expect(parsed.lesson.steps.filter((step) => step.ladder.variants !== null)).toHaveLength(2);
    expect(parsed.lesson.steps.filter((step) => step.tryIt).map((step) => step.check?.kind)).toEqual([
      'variant-agrees',
      'variant-painted',
      'variant-past',
      'variant-agrees',
    ]);
  });
});
