// The keyboard cursor of a heatmap (token × feature, query × key): which cell an arrow, Home, End,
// PageUp or PageDown moves to, so that values can be read without a pointer.

export interface GridCell {
  row: number;
  column: number;
}

/** The cell a key moves to (clamped to the grid), or null when the key does not move the cursor. */
export function stepCell(cell: GridCell | null, key: string, rows: number, columns: number): GridCell | null {
  if (rows <= 0 || columns <= 0) return null;
  const from = cell ?? { row: 0, column: 0 };
  const jump = Math.max(1, Math.round(columns / 8));
  const moves: Record<string, GridCell> = {
    ArrowRight: { row: from.row, column: from.column + 1 },
    ArrowLeft: { row: from.row, column: from.column - 1 },
    ArrowDown: { row: from.row + 1, column: from.column },
    ArrowUp: { row: from.row - 1, column: from.column },
    Home: { row: from.row, column: 0 },
    End: { row: from.row, column: columns - 1 },
    PageDown: { row: from.row, column: from.column + jump },
    PageUp: { row: from.row, column: from.column - jump },
  };
  const to = moves[key];
  if (!to) return null;
  if (!cell) return from;
  return {
    row: Math.min(rows - 1, Math.max(0, to.row)),
    column: Math.min(columns - 1, Math.max(0, to.column)),
  };
}
