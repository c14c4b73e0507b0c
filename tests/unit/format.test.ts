import { describe, expect, it } from 'vitest';
import { formatBytes, formatList, formatMs, formatPercent, formatShape } from '../../src/lib/format.ts';

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

describe('formatRate and formatTimeLeft', () => {
  it('formats a download speed with one decimal below 10, 1024-based like formatBytes', async () => {
    const { formatRate } = await import('../../src/lib/format.ts');
    expect(formatRate(0)).toBe('0 B/s');
    expect(formatRate(512.4)).toBe('512 B/s');
    expect(formatRate(1024)).toBe('1.0 KB/s');
    expect(formatRate(850 * 1024)).toBe('850 KB/s');
    expect(formatRate(1.2 * 1024 * 1024)).toBe('1.2 MB/s');
    expect(formatRate(9.97 * 1024 * 1024)).toBe('10 MB/s');
    expect(formatRate(12.4 * 1024 * 1024)).toBe('12 MB/s');
    expect(formatRate(3 * 1024 ** 3)).toBe('3.0 GB/s');
    expect(formatRate(-1)).toBe('—');
    expect(formatRate(Number.NaN)).toBe('—');
    expect(formatRate(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('rounds the time left as an estimate: seconds, then minutes, then hours', async () => {
    const { formatTimeLeft } = await import('../../src/lib/format.ts');
    expect(formatTimeLeft(0)).toBe('less than a second left');
    expect(formatTimeLeft(0.4)).toBe('less than a second left');
    expect(formatTimeLeft(1)).toBe('about 1 s left');
    expect(formatTimeLeft(12.3)).toBe('about 12 s left');
    expect(formatTimeLeft(59.4)).toBe('about 59 s left');
    expect(formatTimeLeft(59.6)).toBe('about 1 min left');
    expect(formatTimeLeft(150)).toBe('about 3 min left');
    expect(formatTimeLeft(3599)).toBe('about 1 h left');
    expect(formatTimeLeft(2 * 3600 + 20 * 60)).toBe('about 2 h 20 min left');
    expect(formatTimeLeft(-1)).toBe('—');
    expect(formatTimeLeft(Number.NaN)).toBe('—');
    expect(formatTimeLeft(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatList', () => {
  it('lists every item up to max, then says how many more', () => {
    expect(formatList([], 3)).toBe('');
    expect(formatList(['a', 'b', 'c'], 3)).toBe('a, b, c');
    expect(formatList(['a', 'b', 'c', 'd', 'e'], 3)).toBe('a, b, c and 2 more');
  });
});
