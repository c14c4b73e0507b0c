import { describe, expect, it } from 'vitest';
import { LESSON_VIEWS, parseCheck } from '../../../src/lib/lessons/lesson-format.ts';

describe('lesson checks of the image-classification view', () => {
  it('reads the classify view’s checks, labels lower-cased', () => {
    const problems: string[] = [];
    const report = (problem: string): void => {
      problems.push(problem);
    };
    expect(LESSON_VIEWS).toContain('classify');
    expect(parseCheck('image class is Circle', report)).toEqual({ kind: 'image-class', label: 'circle' });
    expect(parseCheck('explained class is star', report)).toEqual({ kind: 'explained-class', label: 'star' });
    expect(parseCheck('class activation map shown', report)).toEqual({ kind: 'cam-shown' });
    expect(problems).toEqual([]);
    expect(parseCheck('class activation map drawn', report)).toBeNull();
    expect(problems[0]).toContain('class activation map shown');
  });
});
