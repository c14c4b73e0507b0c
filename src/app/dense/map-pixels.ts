// The map a dense view draws over the image, as RGBA pixels from its run: each class's colour, or depth on
// the viridis scale. The views draw these, and the image-task benchmark times the same calls on the page
// (window.glassbox.mapPixels), so what it measures is what the view does.
import type { DepthRun, SegmentationRun } from '../../contracts/dense-image.ts';
import { depthColours } from '../../lib/tasks/depth-estimation/depth-map.ts';
import { classMapPixels } from '../../lib/tasks/semantic-segmentation/class-colours.ts';

export function segmentationPixels(run: SegmentationRun): Uint8ClampedArray<ArrayBuffer> {
  return classMapPixels(run.classes);
}

export function depthPixels(run: DepthRun): Uint8ClampedArray<ArrayBuffer> {
  return depthColours(run.depth, run.range, run.largerIsNearer);
}
