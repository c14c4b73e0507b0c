// Exports of the inspector's graph view: the drawn SVG as a standalone file (the whole graph at scale 1,
// not just the part on screen), the same drawing as PNG, and downloads of any blob.
import { notADeviceName } from '../../lib/download-name.ts';
import type { Box } from './inspector-viewport.svelte.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MARGIN = 16;
/** Chromium refuses canvases beyond 16,384 px a side or ~268 M pixels; stay well inside. */
const MAX_PNG_SIDE = 16_000;
const MAX_PNG_PIXELS = 120_000_000;

/**
 * The canvas's SVG as a standalone document: pan/zoom removed, viewBox around the whole drawing. The canvas
 * draws with presentation attributes (not page CSS), so the file looks the same outside the page.
 */
export function standaloneSvg(svg: SVGSVGElement, bounds: Box): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const width = Math.ceil(bounds.width + 2 * MARGIN);
  const height = Math.ceil(bounds.height + 2 * MARGIN);
  copy.setAttribute('xmlns', SVG_NS);
  copy.setAttribute('viewBox', `${bounds.x - MARGIN} ${bounds.y - MARGIN} ${width} ${height}`);
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  for (const attribute of ['tabindex', 'role', 'aria-label', 'aria-activedescendant', 'class', 'style']) {
    copy.removeAttribute(attribute);
  }
  copy.querySelector('[data-viewport]')?.removeAttribute('transform');
  const background = copy.querySelector('[data-background]');
  background?.setAttribute('x', String(bounds.x - MARGIN));
  background?.setAttribute('y', String(bounds.y - MARGIN));
  background?.setAttribute('width', String(width));
  background?.setAttribute('height', String(height));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

/** Rasterises standalone SVG markup, at up to 2 px per unit while the canvas stays within browser limits. */
export async function svgToPng(markup: string, width: number, height: number): Promise<Blob> {
  const scale = Math.min(
    2,
    MAX_PNG_SIDE / Math.max(width, height),
    Math.sqrt(MAX_PNG_PIXELS / (width * height)),
  );
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas context');
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no PNG'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Size in px of the standalone SVG of a drawing with these bounds. */
export function exportSize(bounds: Box): { width: number; height: number } {
  return { width: Math.ceil(bounds.width + 2 * MARGIN), height: Math.ceil(bounds.height + 2 * MARGIN) };
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = notADeviceName(fileName);
  link.click();
  // The download has started reading the URL by the next task; revoke a little later to be safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "nanodet-coco/onnx/model.onnx" → "model"; keeps letters, digits, dots, dashes and underscores. */
export function exportBaseName(modelName: string): string {
  const last = modelName.split('/').filter(Boolean);
  const file = last[last.length - 1] ?? 'model';
  const stem = file.replace(/\.onnx$/i, '');
  const base = last.length > 2 && stem === 'model' ? (last[0] ?? stem) : stem;
  return notADeviceName(base.replace(/[^\w.-]+/g, '_') || 'model');
}
