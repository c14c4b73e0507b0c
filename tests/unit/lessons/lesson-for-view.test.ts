// The header's lesson picker offers the lesson of the view on screen first (the shipped lessons, parsed).
import { describe, expect, it } from 'vitest';
import { lessonForView } from '../../../src/lib/lessons/lesson-for-view.ts';
import { BUNDLED_LESSONS } from '../../../src/app/lessons/bundled-lessons.ts';
import type { Lesson } from '../../../src/lib/lessons/lesson-format.ts';

const lessons: Lesson[] = BUNDLED_LESSONS.flatMap((parsed) => (parsed.ok ? [parsed.lesson] : []));

describe('lessonForView', () => {
  it('offers the lesson that opens on the view shown', () => {
    expect(lessonForView(lessons, 'bench')).toBe('cpu-or-gpu');
    expect(lessonForView(lessons, 'segment')).toBe('segmenter-pixels');
    expect(lessonForView(lessons, 'generate')).toBe('lm-next-word');
    // Two open on the text view: the introduction first, though "quantisation-cost" sorts before it.
    expect(lessonForView(lessons, 'text')).toBe('tiny-bert-reads');
  });

  it('falls back to the first lesson for a view no lesson opens on, and to nothing with no lessons', () => {
    expect(lessonForView(lessons, 'tensors')).toBe(lessons[0]?.id);
    expect(lessonForView([], 'bench')).toBe('');
  });
});
