// State and actions of the object-detection view: the image playground (model, backend, image, last raw
// run) plus the thresholds and class filter that re-filter the run without running the model again.
import { catalogModelsOf } from '../../lib/catalog/model-catalog.ts';
import { filterDetections, toSourceDetections } from '../../lib/tasks/object-detection/filter-detections.ts';
import type { Detection } from '../../lib/tasks/object-detection/nms.ts';
import type { DetectionRun } from '../../contracts/inference.ts';
import { ImagePlayground } from '../workbench/image-playground.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';

/** Most boxes drawn at once; more only clutters the picture. */
const MAX_DRAWN = 300;

export class DetectionPlayground extends ImagePlayground<'object-detection', DetectionRun> {
  scoreThreshold = $state(0.35);
  iouThreshold = $state(0.45);
  /** Class indices hidden by the class filter. */
  hiddenClasses = $state<number[]>([]);

  constructor(workbench: Workbench) {
    super(workbench, {
      task: 'object-detection',
      viewLabel: 'Detect objects',
      models: catalogModelsOf('object-detection'),
      noModel: { message: 'The catalog has no detection model.', remedy: 'Add one to the model catalog.' },
      firstSampleOnOpen: false,
      // The letterboxed input's preview is drawn for still images only.
      run: (service, modelKey, backend, source, still) =>
        service.detectImage(modelKey, backend, source, still),
    });
  }

  get labels(): string[] {
    return this.slot.loaded?.info.labels ?? [];
  }

  /** Detections after thresholds, NMS and class filter, in original-image pixels. Cheap: no model run. */
  get detections(): Detection[] {
    if (this.runStatus.kind !== 'done') return [];
    const { run } = this.runStatus;
    const hidden = new Set(this.hiddenClasses);
    const visible = new Set(this.labels.map((_, i) => i).filter((i) => !hidden.has(i)));
    const kept = filterDetections(run.candidates, {
      scoreThreshold: this.scoreThreshold,
      iouThreshold: this.iouThreshold,
      maxDetections: MAX_DRAWN,
      nmsFree: run.layout.nmsFree,
      ...(hidden.size > 0 ? { classFilter: visible } : {}),
    });
    // The worker may have downscaled a huge image; draw in the original image's pixels.
    const scaleX = run.originalWidth / run.transform.sourceWidth;
    const scaleY = run.originalHeight / run.transform.sourceHeight;
    return toSourceDetections(kept, run.transform).map((d) => ({
      ...d,
      box: { x1: d.box.x1 * scaleX, y1: d.box.y1 * scaleY, x2: d.box.x2 * scaleX, y2: d.box.y2 * scaleY },
    }));
  }

  toggleClass(index: number): void {
    this.hiddenClasses = this.hiddenClasses.includes(index)
      ? this.hiddenClasses.filter((i) => i !== index)
      : [...this.hiddenClasses, index];
  }

  /** A new detector: no class hidden, and its own default thresholds. */
  protected override modelReplaced(): void {
    this.hiddenClasses = [];
    const info = this.slot.loaded?.info;
    if (info) {
      this.scoreThreshold = info.scoreThreshold;
      this.iouThreshold = info.iouThreshold;
    }
  }
}
