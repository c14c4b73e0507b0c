import { describe, expect, it } from 'vitest';
import { labelTone } from '../../../src/lib/tasks/text-classification/label-tone.ts';

describe('labelTone', () => {
  it('reads sentiment labels by meaning, whatever their case', () => {
    expect(labelTone('POSITIVE')).toBe('positive');
    expect(labelTone('positive')).toBe('positive');
    expect(labelTone('NEGATIVE')).toBe('negative');
    expect(labelTone(' neg ')).toBe('negative');
    expect(labelTone('toxic')).toBe('negative');
    expect(labelTone('non-toxic')).toBe('positive');
  });

  it('leaves labels it does not know neutral', () => {
    expect(labelTone('LABEL_0')).toBe('neutral');
    expect(labelTone('sports')).toBe('neutral');
    expect(labelTone('positively odd')).toBe('neutral');
  });
});
