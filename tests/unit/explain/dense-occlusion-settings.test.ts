// The written forms of the dense occlusion maps' settings: a class by label or index, resolved against the
// model's labels and written back as its label; a region by a 3 × 3 cell's name or x,y,w,h fractions.
import { describe, expect, it } from 'vitest';
import {
  cellRegion,
  formatRegion,
  formatSegmentClass,
  parseRegion,
  parseSegmentClass,
  resolveSegmentClass,
} from '../../../src/lib/explain/dense-occlusion-settings.ts';
import { CENTRE_THIRD } from '../../../src/lib/explain/depth-region.ts';

const LABELS = ['background', 'circle', 'square', 'triangle', 'star'];
const never = (problem: string) => {
  throw new Error(problem);
};

describe('segment classes', () => {
  it('resolves a label (any case) or an index among the model’s labels; unknown ones are null', () => {
    expect(resolveSegmentClass(parseSegmentClass('Circle', never)!, LABELS)).toBe(1);
    expect(resolveSegmentClass(parseSegmentClass('4', never)!, LABELS)).toBe(4);
    expect(resolveSegmentClass(parseSegmentClass('5', never)!, LABELS)).toBeNull();
    expect(resolveSegmentClass(parseSegmentClass('hexagon', never)!, LABELS)).toBeNull();
  });

  it('writes a class as its label, or as its index when the label would not read back as it', () => {
    expect(formatSegmentClass(2, LABELS)).toBe('square');
    expect(formatSegmentClass(1, ['a', '7', 'b'])).toBe('1');
    expect(formatSegmentClass(2, ['dup', 'x', 'DUP'])).toBe('2');
    expect(formatSegmentClass(9, LABELS)).toBe('9');
  });
});

describe('depth regions', () => {
  it('reads the nine cells by name; the centre is the view’s default region', () => {
    expect(parseRegion('centre', never)).toEqual(CENTRE_THIRD);
    expect(cellRegion('bottom-right')).toEqual(parseRegion('BOTTOM-RIGHT', never));
    expect(formatRegion(cellRegion('top-centre'))).toBe('top-centre');
    expect(formatRegion(CENTRE_THIRD)).toBe('centre');
  });

  it('reads fractions and writes them back, rounded down to three decimals', () => {
    expect(parseRegion(' 0.2, 0.3 ,0.4,0.5 ', never)).toEqual({ x: 0.2, y: 0.3, width: 0.4, height: 0.5 });
    expect(formatRegion({ x: 0.29, y: 0.1, width: 0.7, height: 0.12345 })).toBe('0.29,0.1,0.7,0.123');
  });

  it('refuses a region outside the image or thinner than a tenth, with one sentence', () => {
    const problems: string[] = [];
    expect(parseRegion('0.95,0,0.1,0.5', (p) => problems.push(p))).toBeNull();
    expect(parseRegion('0,0,0.09,0.5', (p) => problems.push(p))).toBeNull();
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('is not a region');
  });
});
