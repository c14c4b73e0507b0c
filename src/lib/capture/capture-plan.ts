// The memory budget of a capture: each value's size estimated from ORT's output metadata (symbolic dims
// resolved from the actual feeds) or, where ORT cannot tell before the run, measured by a run that outputs
// only the values' shapes; values over the whole budget left out with a sentence; the rest split into
// chunks scope by scope when they do not fit together.

/** ORT's view of one output: element type and shape (numbers, or symbolic names). */
export interface OutputShape {
  dtype: string;
  shape: ReadonlyArray<number | string>;
}

const BYTES_PER_ELEMENT: Readonly<Record<string, number>> = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
};

/** Symbolic dimension → size, read from the inputs' declared shapes and the feeds' actual dims. */
export function resolveSymbols(
  inputs: ReadonlyArray<{ name: string; shape: ReadonlyArray<number | string> }>,
  feedDims: Readonly<Record<string, readonly number[]>>,
): Map<string, number> {
  const symbols = new Map<string, number>();
  for (const input of inputs) {
    const dims = feedDims[input.name];
    if (!dims || dims.length !== input.shape.length) continue;
    input.shape.forEach((dim, axis) => {
      if (typeof dim === 'string' && dim !== '') symbols.set(dim, dims[axis] ?? 0);
    });
  }
  return symbols;
}

const UNKNOWN_DIM = 2 ** 31;

/** Bytes of a value of this element type and these (actual) dims, or null for a type of unknown width. */
export function bytesOfShape(dtype: string, dims: readonly number[]): number | null {
  const width = BYTES_PER_ELEMENT[dtype];
  return width === undefined ? null : dims.reduce((product, dim) => product * dim, width);
}

/** Bytes of a value of this shape, or null when its type or a dimension is unknown. */
export function estimateBytes(
  output: OutputShape | undefined,
  symbols: ReadonlyMap<string, number>,
): number | null {
  if (!output) return null;
  const width = BYTES_PER_ELEMENT[output.dtype];
  if (width === undefined) return null;
  let elements = 1;
  for (const dim of output.shape) {
    const size = typeof dim === 'number' ? dim : symbols.get(dim);
    // ORT reports a dimension its shape inference could not fix as 2^32 − 1.
    if (size === undefined || size < 0 || size >= UNKNOWN_DIM) return null;
    elements *= size;
  }
  return elements * width;
}

export interface PlannedValue {
  name: string;
  /** Producer's name scope segments, outermost first. */
  scope: readonly string[];
  bytes: number | null;
}

/**
 * Chunks of value names, each within budget: everything at once when it fits; otherwise the values are
 * grouped by top-level scope, a group over budget is split by its next scope level (and, with no finer
 * scope left, value by value), and consecutive groups are packed together. A single value over budget
 * gets a chunk of its own. A value whose size is still unknown (not even a shape run could tell) gets a
 * chunk of its own, after the others: nothing about the rest bounds it (one model's values can differ
 * by 10^8, as an Expand to a shape read from the input shows), so the engine measures each such chunk
 * and stops when one exceeds the budget. Known values keep their topological order.
 */
export function planChunks(values: readonly PlannedValue[], budgetBytes: number): string[][] {
  const known = values.filter((value) => value.bytes !== null);
  const unknown = values.filter((value) => value.bytes === null);
  const total = known.reduce((sum, value) => sum + (value.bytes ?? 0), 0);
  if (total <= budgetBytes && (unknown.length === 0 || values.length === 1)) {
    return values.length > 0 ? [values.map((value) => value.name)] : [];
  }
  const chunks = packGroups(splitByScope(known, 0, budgetBytes), budgetBytes);
  for (const value of unknown) chunks.push([value.name]);
  return chunks;
}

/** The values that fit the budget on their own, and those that alone are larger than all of it. */
export function capPerValue<T extends { bytes: number | null }>(
  values: readonly T[],
  budgetBytes: number,
): { fits: T[]; over: T[] } {
  const fits: T[] = [];
  const over: T[] = [];
  for (const value of values) (value.bytes !== null && value.bytes > budgetBytes ? over : fits).push(value);
  return { fits, over };
}

/** Consecutive groups packed into chunks within budget (a group over budget alone). */
function packGroups(groups: readonly Group[], budgetBytes: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let currentBytes = 0;
  for (const group of groups) {
    if (current.length > 0 && currentBytes + group.bytes > budgetBytes) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(...group.names);
    currentBytes += group.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

interface Group {
  names: string[];
  bytes: number;
}

function splitByScope(values: readonly PlannedValue[], depth: number, budget: number): Group[] {
  const bytesOf = (list: readonly PlannedValue[]): number => list.reduce((sum, v) => sum + (v.bytes ?? 0), 0);
  const total = bytesOf(values);
  if (total <= budget || values.length <= 1) return [{ names: values.map((v) => v.name), bytes: total }];
  // Consecutive runs of the same scope segment at this depth (values without one form their own runs).
  const runs: PlannedValue[][] = [];
  let key: string | undefined;
  for (const value of values) {
    const segment = value.scope[depth];
    if (runs.length === 0 || segment === undefined || segment !== key) runs.push([]);
    (runs[runs.length - 1] as PlannedValue[]).push(value);
    key = segment;
  }
  if (runs.length === 1 && values.some((value) => value.scope[depth] !== undefined)) {
    return splitByScope(values, depth + 1, budget);
  }
  if (runs.length === 1) return values.map((value) => ({ names: [value.name], bytes: value.bytes ?? 0 }));
  return runs.flatMap((run) => splitByScope(run, depth + 1, budget));
}
