import { describe, expect, it } from 'vitest';
import {
  CLASS_PALETTE,
  classColor,
  contrastRatio,
  readableTextColor,
} from '../../../../src/lib/tasks/object-detection/class-colors.ts';

describe('class colours', () => {
  it('has 20 distinct colours', () => {
    expect(CLASS_PALETTE).toHaveLength(20);
    expect(new Set(CLASS_PALETTE.map((c) => c.toUpperCase())).size).toBe(20);
  });

  it('gives a class the same colour every time and cycles past the palette', () => {
    expect(classColor(3)).toEqual(classColor(3));
    expect(classColor(0).color).toBe(CLASS_PALETTE[0]);
    expect(classColor(20)).toEqual(classColor(0));
    expect(classColor(41)).toEqual(classColor(1));
    expect(classColor(-1)).toEqual(classColor(19));
  });

  it('picks label text with at least WCAG AA contrast on every palette colour', () => {
    for (let i = 0; i < CLASS_PALETTE.length; i++) {
      const { color, textColor } = classColor(i);
      expect(contrastRatio(color, textColor)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('puts black on yellow and white on dark olive', () => {
    expect(readableTextColor('#F3C300')).toBe('#000000');
    expect(readableTextColor('#2B3D26')).toBe('#FFFFFF');
  });

  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 10);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    expect(() => contrastRatio('red', '#FFFFFF')).toThrow(/#RRGGBB/);
  });
});
