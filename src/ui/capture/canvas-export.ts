// Canvas helpers of the value viewers: paint values through a colour map in one ImageData pass, and build
// the PNG of a view (canvas.toBlob; heatmaps get their token labels drawn beside them).
import { paintValues, type ValueScale } from '../../lib/viewers/color-maps.ts';

/** Paints a rows × columns block of values (C order, from `offset`) onto the canvas at 1 px per value. */
export function paintHeatmap(
  canvas: HTMLCanvasElement,
  data: ArrayLike<number>,
  offset: number,
  rows: number,
  columns: number,
  scale: ValueScale,
): void {
  const width = Math.max(1, columns);
  const height = Math.max(1, rows);
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(width, height);
  paintValues(data, offset, rows * columns, scale, image.data);
  context.putImageData(image, 0, 0);
}

export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('The canvas gave no PNG.'))),
      'image/png',
    ),
  );
}

const LABEL_FONT = '14px system-ui, sans-serif';
const PAD = 8;

/** A design token's colour (the PNG has the page's ink on the page's panel colour). */
function tokenColor(name: '--ink' | '--panel'): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || (name === '--ink' ? 'black' : 'white');
}

/**
 * A heatmap scaled up to `cell` px per value with its row labels on the left (and column labels on top,
 * written vertically), on a white background: what the PNG download of a heatmap view holds.
 */
export function labelledHeatmap(
  heatmap: HTMLCanvasElement,
  rowLabels: readonly string[],
  columnLabels: readonly string[] | null,
  cellWidth: number,
  cellHeight: number,
): HTMLCanvasElement {
  const measure = document.createElement('canvas').getContext('2d');
  if (measure) measure.font = LABEL_FONT;
  const textWidth = (labels: readonly string[]): number =>
    Math.ceil(Math.max(0, ...labels.map((label) => measure?.measureText(label).width ?? label.length * 8)));
  const left = textWidth(rowLabels) + 2 * PAD;
  const top = columnLabels ? textWidth(columnLabels) + 2 * PAD : PAD;
  const width = heatmap.width * cellWidth;
  const height = heatmap.height * cellHeight;
  const canvas = document.createElement('canvas');
  canvas.width = left + width + PAD;
  canvas.height = top + height + PAD;
  const context = canvas.getContext('2d');
  if (!context) return heatmap;
  context.fillStyle = tokenColor('--panel');
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.imageSmoothingEnabled = false;
  context.drawImage(heatmap, left, top, width, height);
  context.font = LABEL_FONT;
  context.fillStyle = tokenColor('--ink');
  context.textBaseline = 'middle';
  context.textAlign = 'right';
  rowLabels.forEach((label, row) => context.fillText(label, left - PAD, top + (row + 0.5) * cellHeight));
  columnLabels?.forEach((label, column) => {
    context.save();
    context.translate(left + (column + 0.5) * cellWidth, top - PAD);
    context.rotate(-Math.PI / 2);
    context.textAlign = 'left';
    context.fillText(label, 0, 0);
    context.restore();
  });
  return canvas;
}

/** Lines of monospace text on a white canvas (the PNG of a table page). */
export function textCanvas(lines: readonly string[]): HTMLCanvasElement {
  const lineHeight = 20;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  context.font = '14px ui-monospace, monospace';
  const width = Math.ceil(Math.max(1, ...lines.map((line) => context.measureText(line).width)));
  canvas.width = width + 2 * PAD;
  canvas.height = lines.length * lineHeight + 2 * PAD;
  context.fillStyle = tokenColor('--panel');
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.font = '14px ui-monospace, monospace';
  context.fillStyle = tokenColor('--ink');
  context.textBaseline = 'middle';
  lines.forEach((line, index) => context.fillText(line, PAD, PAD + (index + 0.5) * lineHeight));
  return canvas;
}

/** The cell of a rows × columns heatmap under the pointer, or null outside it. */
export function pointerCell(
  event: PointerEvent,
  canvas: HTMLCanvasElement,
  rows: number,
  columns: number,
): { row: number; column: number } | null {
  const box = canvas.getBoundingClientRect();
  const row = Math.floor(((event.clientY - box.top) / box.height) * rows);
  const column = Math.floor(((event.clientX - box.left) / box.width) * columns);
  return row >= 0 && row < rows && column >= 0 && column < columns ? { row, column } : null;
}
