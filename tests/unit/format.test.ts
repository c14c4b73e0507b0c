import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatPercent, formatShape } from '../../src/lib/format.ts';

describe('format', () => {
  it('formats sizes, durations, shapes and probabilities', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(8_000_000)).toBe('7.63 MB');
    expect(formatMs(3.14159)).toBe('3.14 ms');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(formatShape(['batch_size', 128])).toBe('[batch_size, 128]');
    expect(formatShape([])).toBe('?');
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatBytes(-1)).toBe('—');
  });
});
