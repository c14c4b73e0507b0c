// The heatmap's keyboard cursor: arrows step, Home/End jump, PageUp/PageDown step an eighth, edges clamp.
import { describe, expect, it } from 'vitest';
import { stepCell } from '../../../src/lib/viewers/grid-cursor.ts';

describe('stepCell', () => {
  it('starts at the first cell on the first key press', () => {
    expect(stepCell(null, 'ArrowDown', 6, 64)).toEqual({ row: 0, column: 0 });
  });

  it('moves with the arrows and clamps at the edges', () => {
    expect(stepCell({ row: 2, column: 3 }, 'ArrowRight', 6, 64)).toEqual({ row: 2, column: 4 });
    expect(stepCell({ row: 2, column: 3 }, 'ArrowUp', 6, 64)).toEqual({ row: 1, column: 3 });
    expect(stepCell({ row: 5, column: 63 }, 'ArrowDown', 6, 64)).toEqual({ row: 5, column: 63 });
    expect(stepCell({ row: 0, column: 0 }, 'ArrowLeft', 6, 64)).toEqual({ row: 0, column: 0 });
  });

  it('jumps to the row ends and by an eighth of the columns', () => {
    expect(stepCell({ row: 1, column: 9 }, 'Home', 6, 64)).toEqual({ row: 1, column: 0 });
    expect(stepCell({ row: 1, column: 9 }, 'End', 6, 64)).toEqual({ row: 1, column: 63 });
    expect(stepCell({ row: 1, column: 9 }, 'PageDown', 6, 64)).toEqual({ row: 1, column: 17 });
    expect(stepCell({ row: 1, column: 60 }, 'PageDown', 6, 64)).toEqual({ row: 1, column: 63 });
  });

  it('ignores other keys and empty grids', () => {
    expect(stepCell({ row: 1, column: 1 }, 'a', 6, 64)).toBeNull();
    expect(stepCell(null, 'ArrowDown', 0, 64)).toBeNull();
  });
});
