// The segmentation and depth views: the image playground (model, backend, image from file, drop, paste,
// sample or webcam, last run), configured per task; their views differ only in how the map is drawn.
import { catalogModelsOf } from '../../lib/catalog/model-catalog.ts';
import type { DepthRun, SegmentationRun } from '../../contracts/dense-image.ts';
import { ImagePlayground } from '../workbench/image-playground.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';

/** Opened from the Models view when the catalog has none: what the view says before one is open. */
const OPEN_ONE = 'Open one from the Models view (the hub, a link or your own files).';

export type SegmentationPlayground = ImagePlayground<'semantic-segmentation', SegmentationRun>;
export type DepthPlayground = ImagePlayground<'depth-estimation', DepthRun>;

export function segmentationPlayground(workbench: Workbench): SegmentationPlayground {
  return new ImagePlayground(workbench, {
    task: 'semantic-segmentation',
    viewLabel: 'Segment images',
    models: catalogModelsOf('semantic-segmentation'),
    noModel: { message: 'No segmentation model is open yet.', remedy: OPEN_ONE },
    firstSampleOnOpen: true,
    run: (service, modelKey, backend, source) => service.segmentImage(modelKey, backend, source),
  });
}

export function depthPlayground(workbench: Workbench): DepthPlayground {
  return new ImagePlayground(workbench, {
    task: 'depth-estimation',
    viewLabel: 'Estimate depth',
    models: catalogModelsOf('depth-estimation'),
    noModel: { message: 'No depth model is open yet.', remedy: OPEN_ONE },
    firstSampleOnOpen: true,
    run: (service, modelKey, backend, source) => service.estimateDepth(modelKey, backend, source),
  });
}
