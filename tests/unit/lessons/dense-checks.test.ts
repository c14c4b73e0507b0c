// The segmentation and depth views' lesson checks: parsed from their sentences (a near miss is refused with
// the forms listed), and judged on the views' state: the legend of the image on screen, and a depth map of
// an image that is not a sample (the shipped lessons using them parse in lesson-format.test.ts).
import { describe, expect, it } from 'vitest';
import { denseCheckPassed, type DenseLessonViews } from '../../../src/app/lessons/lesson-dense.ts';
import { CHECK_FORMS, LESSON_VIEWS, parseCheck } from '../../../src/lib/lessons/lesson-format.ts';
import type { DenseCheck } from '../../../src/lib/lessons/dense-fields.ts';

function parsed(written: string): { check: unknown; problems: string[] } {
  const problems: string[] = [];
  return { check: parseCheck(written, (problem) => problems.push(problem)), problems };
}

/** Just what the checks read of the playgrounds. */
function views(state: {
  legend?: string[];
  depth?: { run: boolean; sample: string | null };
}): DenseLessonViews {
  const segment = state.legend ? { run: { legend: state.legend.map((label) => ({ label })) } } : null;
  const depth = state.depth ? { run: state.depth.run ? {} : null, sample: state.depth.sample } : null;
  return { segment, depth } as unknown as DenseLessonViews;
}

describe('lesson checks of the segmentation and depth views', () => {
  it('reads them, labels lower-cased, and lists them among the forms', () => {
    expect(LESSON_VIEWS).toEqual(expect.arrayContaining(['segment', 'depth']));
    expect(parsed('segments include Star')).toEqual({
      check: { kind: 'segments-include', label: 'star' },
      problems: [],
    });
    expect(parsed('depth map of your own image').check).toEqual({ kind: 'depth-of-own-image' });
    expect(CHECK_FORMS).toEqual(
      expect.arrayContaining(['segments include LABEL', 'depth map of your own image']),
    );
    const miss = parsed('segments includes star');
    expect(miss.check).toBeNull();
    expect(miss.problems[0]).toContain('segments include LABEL');
  });

  it('segments include LABEL: the legend of the image on screen lists it', () => {
    const star: DenseCheck = { kind: 'segments-include', label: 'star' };
    expect(denseCheckPassed(star, views({ legend: ['background', 'circle', 'Star'] }))).toBe(true);
    expect(denseCheckPassed(star, views({ legend: ['background', 'circle', 'square'] }))).toBe(false);
    expect(denseCheckPassed(star, views({}))).toBe(false);
  });

  it('depth map of your own image: a map shown, of an image that is not a sample', () => {
    const own: DenseCheck = { kind: 'depth-of-own-image' };
    expect(denseCheckPassed(own, views({ depth: { run: true, sample: null } }))).toBe(true);
    expect(denseCheckPassed(own, views({ depth: { run: true, sample: 'depth-1.png' } }))).toBe(false);
    // A file opened but not yet run: no map yet.
    expect(denseCheckPassed(own, views({ depth: { run: false, sample: null } }))).toBe(false);
  });
});
