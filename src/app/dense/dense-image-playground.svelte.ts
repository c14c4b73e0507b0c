// The segmentation and depth views: the image playground (model, backend, image from file, drop, paste,
// sample or webcam, last run), configured per task, each with its occlusion map; their views differ only
// in how the map is drawn.
import { catalogModelsOf } from '../../lib/catalog/model-catalog.ts';
import type { DepthRun, SegmentationRun } from '../../contracts/dense-image.ts';
import { ImagePlayground } from '../workbench/image-playground.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';
import { DepthOcclusion, SegmentOcclusion } from './dense-occlusion.svelte.ts';

/** Opened from the Models view when the catalog has none: what the view says before one is open. */
const OPEN_ONE = 'Open one from the Models view (the hub, a link or your own files).';

export class SegmentationPlayground extends ImagePlayground<'semantic-segmentation', SegmentationRun> {
  /** What hiding each patch does to a class's score. */
  readonly occlusion: SegmentOcclusion = new SegmentOcclusion(this, () => this.run?.legend ?? []);

  constructor(workbench: Workbench) {
    super(workbench, {
      task: 'semantic-segmentation',
      viewLabel: 'Segment images',
      models: catalogModelsOf('semantic-segmentation'),
      noModel: { message: 'No segmentation model is open yet.', remedy: OPEN_ONE },
      firstSampleOnOpen: true,
      run: (service, modelKey, backend, source) => service.segmentImage(modelKey, backend, source),
    });
  }

  protected override async afterStillRun(): Promise<void> {
    await this.occlusion.supersede(true);
  }

  protected override modelReplaced(): void {
    void this.occlusion.supersede();
  }
}

export class DepthPlayground extends ImagePlayground<'depth-estimation', DepthRun> {
  /** What hiding each patch does to a region's mean depth. */
  readonly occlusion: DepthOcclusion = new DepthOcclusion(this);

  constructor(workbench: Workbench) {
    super(workbench, {
      task: 'depth-estimation',
      viewLabel: 'Estimate depth',
      models: catalogModelsOf('depth-estimation'),
      noModel: { message: 'No depth model is open yet.', remedy: OPEN_ONE },
      firstSampleOnOpen: true,
      run: (service, modelKey, backend, source) => service.estimateDepth(modelKey, backend, source),
    });
  }

  protected override async afterStillRun(): Promise<void> {
    await this.occlusion.supersede();
  }

  protected override modelReplaced(): void {
    void this.occlusion.supersede();
  }
}

export function segmentationPlayground(workbench: Workbench): SegmentationPlayground {
  return new SegmentationPlayground(workbench);
}

export function depthPlayground(workbench: Workbench): DepthPlayground {
  return new DepthPlayground(workbench);
}
