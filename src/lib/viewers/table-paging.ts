// Paging of a tensor listed as a table: which flat (row-major) indices a page holds, and each index's
// multi-dimensional position, offset by where a slice starts inside the whole value.

export const TABLE_ROWS_PER_PAGE = 50;

export interface TablePage {
  /** Flat indices [start, end) on this page. */
  start: number;
  end: number;
  page: number;
  pages: number;
}

export function tablePage(total: number, page: number, perPage = TABLE_ROWS_PER_PAGE): TablePage {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const clamped = Math.min(pages - 1, Math.max(0, Math.floor(Number.isFinite(page) ? page : 0)));
  const start = clamped * perPage;
  return { start, end: Math.min(total, start + perPage), page: clamped, pages };
}

/** Row-major position of a flat index in dims, plus the slice's start when the tensor is a slice. */
export function multiIndex(
  flat: number,
  dims: readonly number[],
  sliceStart: readonly number[] | null = null,
): number[] {
  const index = new Array<number>(dims.length).fill(0);
  let rest = flat;
  for (let axis = dims.length - 1; axis >= 0; axis--) {
    const dim = dims[axis] as number;
    index[axis] = dim > 0 ? rest % dim : 0;
    rest = dim > 0 ? Math.floor(rest / dim) : 0;
  }
  return sliceStart ? index.map((value, axis) => value + (sliceStart[axis] ?? 0)) : index;
}

export function formatIndex(index: readonly number[]): string {
  return `[${index.join(', ')}]`;
}
