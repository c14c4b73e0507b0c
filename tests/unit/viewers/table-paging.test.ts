// Table paging and row-major multi-indices (offset by a slice's start).
import { describe, expect, it } from 'vitest';
import { formatIndex, multiIndex, tablePage } from '../../../src/lib/viewers/table-paging.ts';

describe('table paging', () => {
  it('pages by 50 and clamps', () => {
    expect(tablePage(120, 0)).toEqual({ start: 0, end: 50, page: 0, pages: 3 });
    expect(tablePage(120, 2)).toEqual({ start: 100, end: 120, page: 2, pages: 3 });
    expect(tablePage(120, 7).page).toBe(2);
    expect(tablePage(120, Number.NaN).page).toBe(0);
    expect(tablePage(0, 0)).toEqual({ start: 0, end: 0, page: 0, pages: 1 });
  });

  it('gives the row-major index of a flat position', () => {
    expect(multiIndex(0, [2, 3, 4])).toEqual([0, 0, 0]);
    expect(multiIndex(23, [2, 3, 4])).toEqual([1, 2, 3]);
    expect(multiIndex(13, [2, 3, 4])).toEqual([1, 0, 1]);
    expect(multiIndex(0, [])).toEqual([]);
    expect(formatIndex(multiIndex(5, [2, 3]))).toBe('[1, 2]');
  });

  it('adds where a slice starts inside the whole value', () => {
    expect(multiIndex(5, [2, 3], [0, 10])).toEqual([1, 12]);
  });
});
