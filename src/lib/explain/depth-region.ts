// The region a depth occlusion map explains, and its score (pure): a rectangle in fractions of the image
// (0..1, so it fits any map resolution), kept inside the image and never thinner than a tenth of it; the
// score is the mean predicted depth of the map's cells inside it.

/** A rectangle in fractions of the image's width and height. */
export interface DepthRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The default: the centre third of the image. */
export const CENTRE_THIRD: DepthRegion = { x: 1 / 3, y: 1 / 3, width: 1 / 3, height: 1 / 3 };

/** The smallest side a region keeps (a tenth of the image's side), so it always holds a cell. */
export const MIN_REGION_SIDE = 0.1;

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

/**
 * The region brought inside the image: sides between MIN_REGION_SIDE and 1, then moved (not shrunk) to
 * fit; a region with a non-finite number is the centre third.
 */
export function clampRegion(region: DepthRegion): DepthRegion {
  const { x, y, width, height } = region;
  if (![x, y, width, height].every(Number.isFinite)) return { ...CENTRE_THIRD };
  const w = clamp(width, MIN_REGION_SIDE, 1);
  const h = clamp(height, MIN_REGION_SIDE, 1);
  return { x: clamp(x, 0, 1 - w), y: clamp(y, 0, 1 - h), width: w, height: h };
}

/** One of the 3 × 3 grid's regions (row and column 0..2), the accessible way to pick one. */
export function gridRegion(row: number, column: number): DepthRegion {
  return clampRegion({ x: column / 3, y: row / 3, width: 1 / 3, height: 1 / 3 });
}

/** The region between two points (fractions, any corner order), as a drag gives it. */
export function regionBetween(a: { x: number; y: number }, b: { x: number; y: number }): DepthRegion {
  return clampRegion({
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    width: Math.abs(a.x - b.x),
    height: Math.abs(a.y - b.y),
  });
}

/** Moved by dx, dy (fractions), kept inside the image: the arrow keys. */
export function moveRegion(region: DepthRegion, dx: number, dy: number): DepthRegion {
  return clampRegion({ ...region, x: region.x + dx, y: region.y + dy });
}

/** Each side grown by delta (fractions; negative shrinks) around the centre: the + and − keys. */
export function resizeRegion(region: DepthRegion, delta: number): DepthRegion {
  const width = clamp(region.width + delta, MIN_REGION_SIDE, 1);
  const height = clamp(region.height + delta, MIN_REGION_SIDE, 1);
  return clampRegion({
    x: region.x + (region.width - width) / 2,
    y: region.y + (region.height - height) / 2,
    width,
    height,
  });
}

/** The map cells [x0, x1) × [y0, y1) whose centres lie in the region; at least the one under its centre. */
export function regionCells(
  region: DepthRegion,
  width: number,
  height: number,
): { x0: number; y0: number; x1: number; y1: number } {
  const r = clampRegion(region);
  const span = (start: number, side: number, cells: number): [number, number] => {
    // A cell i is in when its centre (i + 0.5) / cells lies in [start, start + side).
    let from = Math.ceil(start * cells - 0.5);
    let to = Math.ceil((start + side) * cells - 0.5);
    from = clamp(from, 0, cells);
    to = clamp(to, 0, cells);
    if (to <= from) {
      const centre = clamp(Math.floor((start + side / 2) * cells), 0, cells - 1);
      return [centre, centre + 1];
    }
    return [from, to];
  };
  const [x0, x1] = span(r.x, r.width, width);
  const [y0, y1] = span(r.y, r.height, height);
  return { x0, y0, x1, y1 };
}

/** The mean of the finite depth values inside the region; map: row-major width × height values. */
export function regionMeanDepth(
  map: ArrayLike<number>,
  width: number,
  height: number,
  region: DepthRegion,
): number {
  const { x0, y0, x1, y1 } = regionCells(region, width, height);
  let sum = 0;
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const value = map[y * width + x] ?? Number.NaN;
      if (!Number.isFinite(value)) continue;
      sum += value;
      count++;
    }
  }
  return count === 0 ? 0 : sum / count;
}

/** The region's place in words ("the centre", "the top left"), for the map's sentence. */
export function describeRegion(region: DepthRegion): string {
  const r = clampRegion(region);
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  const third = (value: number): number => clamp(Math.floor(value * 3), 0, 2);
  const rows = ['top', 'middle', 'bottom'];
  const columns = ['left', 'centre', 'right'];
  const row = rows[third(cy)] ?? 'middle';
  const column = columns[third(cx)] ?? 'centre';
  if (row === 'middle' && column === 'centre') return 'the centre';
  if (row === 'middle') return `the middle ${column}`;
  return column === 'centre' ? `the ${row} centre` : `the ${row} ${column}`;
}
