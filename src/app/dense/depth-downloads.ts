// The depth view's downloads: the map as a PNG, coloured as the view shows it (viridis, at the map's size),
// as a 16-bit greyscale PNG (the values scaled min–max), and the model's own values as .npy. The coloured
// PNG is drawn on an OffscreenCanvas, which workers and pages have.
import type { DepthRun } from '../../contracts/dense-image.ts';
import { depthColours } from '../../lib/tasks/depth-estimation/depth-map.ts';
import { depthFileNames, depthNpy } from '../../lib/tasks/depth-estimation/depth-files.ts';
import { depthPng16 } from '../../lib/tasks/depth-estimation/depth-png16.ts';
import { downloadBlob } from '../inspector/inspector-export.ts';

export async function downloadDepthPng(run: DepthRun, imageName: string | null): Promise<void> {
  const canvas = new OffscreenCanvas(run.width, run.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw the map into a picture (no 2D canvas).');
  const pixels = depthColours(run.depth, run.range, run.largerIsNearer);
  context.putImageData(new ImageData(pixels, run.width, run.height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  downloadBlob(blob, depthFileNames(imageName).png);
}

export function downloadDepthNpy(run: DepthRun, imageName: string | null): void {
  const blob = new Blob([depthNpy(run)], { type: 'application/octet-stream' });
  downloadBlob(blob, depthFileNames(imageName).npy);
}

export function downloadDepthPng16(run: DepthRun, imageName: string | null): void {
  const png = depthPng16(run.depth, run.width, run.height, run.range);
  downloadBlob(new Blob([png], { type: 'image/png' }), depthFileNames(imageName).png16);
}
