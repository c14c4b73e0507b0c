// The written forms of the segmentation and depth occlusion maps' settings (pure), shared by lesson steps
// and links: a segmentation class by its label or index, and a depth region as one of the 3 × 3 cells by
// name ("bottom-left", "centre") or as x,y,w,h fractions of the image. Both are written by someone else, so
// each parser refuses what it cannot use with one sentence, and a region must lie inside the image.
import { clampRegion, gridRegion, MIN_REGION_SIDE, type DepthRegion } from './depth-region.ts';

/** The longest class label accepted; real models' labels are far shorter. */
export const MAX_CLASS_LABEL = 64;
/** The largest class index accepted (ADE20K has 150 classes, COCO-Stuff 182). */
export const MAX_CLASS_INDEX = 999;

/** A class as named: its label (lower case, matched against the model's labels) or its index. */
export type SegmentClassName = { label: string } | { index: number };

/** The 3 × 3 cells by name, row by row. */
export const REGION_CELLS = [
  'top-left',
  'top-centre',
  'top-right',
  'middle-left',
  'centre',
  'middle-right',
  'bottom-left',
  'bottom-centre',
  'bottom-right',
] as const;

type Report = (problem: string) => void;

const quoted = (value: string): string => `“${Array.from(value).slice(0, 40).join('')}”`;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** "circle", "Circle" or "2" (an index); report(problem) and null when it is neither. */
export function parseSegmentClass(value: string, report: Report): SegmentClassName | null {
  const text = value.trim();
  if (/^\d{1,3}$/.test(text)) return { index: Number(text) };
  if (/^\d+$/.test(text) || text === '' || Array.from(text).length > MAX_CLASS_LABEL || CONTROL.test(text)) {
    report(
      `${quoted(value)} is not a class: give its label (1 to ${MAX_CLASS_LABEL} printable characters) or its index (0 to ${MAX_CLASS_INDEX}).`,
    );
    return null;
  }
  return { label: text.toLowerCase() };
}

/** The class's index among the model's labels, or null when the model has no such class. */
export function resolveSegmentClass(name: SegmentClassName, labels: readonly string[]): number | null {
  if ('index' in name) return name.index < labels.length ? name.index : null;
  const index = labels.findIndex((label) => label.toLowerCase() === name.label);
  return index < 0 ? null : index;
}

/** How a class is written back: its label when the model has one, else its index. */
export function formatSegmentClass(index: number, labels: readonly string[]): string {
  const label = labels[index];
  // A label that reads as a number, or one the parser would refuse, is written as the index instead.
  const usable = label !== undefined && parseSegmentClass(label, () => {}) !== null && !/^\d+$/.test(label);
  return usable && labels.findIndex((l) => l.toLowerCase() === label.toLowerCase()) === index
    ? label
    : String(index);
}

/** A cell's name → its region. */
export function cellRegion(cell: (typeof REGION_CELLS)[number]): DepthRegion {
  const at = REGION_CELLS.indexOf(cell);
  return gridRegion(Math.floor(at / 3), at % 3);
}

/** "bottom-left", "centre", or "x,y,w,h" (fractions 0..1 of the image, the region inside it). */
export function parseRegion(value: string, report: Report): DepthRegion | null {
  const text = value.trim().toLowerCase();
  const cell = REGION_CELLS.find((name) => name === text);
  if (cell) return cellRegion(cell);
  const parts = text.split(',').map((part) => part.trim());
  const numbers = parts.map((part) => (/^\d*\.?\d+$/.test(part) ? Number(part) : NaN));
  const [x = NaN, y = NaN, width = NaN, height = NaN] = numbers;
  const inside =
    parts.length === 4 &&
    numbers.every((n) => Number.isFinite(n) && n >= 0 && n <= 1) &&
    width >= MIN_REGION_SIDE - 1e-9 &&
    height >= MIN_REGION_SIDE - 1e-9 &&
    x + width <= 1 + 1e-9 &&
    y + height <= 1 + 1e-9;
  if (!inside) {
    report(
      `${quoted(value)} is not a region: name a cell (${REGION_CELLS.join(', ')}) or give x,y,w,h as fractions of the image (each side at least ${MIN_REGION_SIDE}, inside the image).`,
    );
    return null;
  }
  return clampRegion({ x, y, width, height });
}

/** How a region is written: its cell's name when it is one, else x,y,w,h to three decimals. */
export function formatRegion(region: DepthRegion): string {
  const near = (a: number, b: number): boolean => Math.abs(a - b) < 1e-6;
  const cell = REGION_CELLS.find((name) => {
    const r = cellRegion(name);
    return (
      near(r.x, region.x) &&
      near(r.y, region.y) &&
      near(r.width, region.width) &&
      near(r.height, region.height)
    );
  });
  if (cell) return cell;
  const { x, y, width, height } = region;
  // Rounded down (past float noise), so a region at the image's edge still lies inside it when read back.
  return [x, y, width, height].map((n) => String(Math.floor(n * 1000 + 1e-6) / 1000)).join(',');
}
