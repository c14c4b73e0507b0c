// State and actions of the image-classification view: the image playground (model, backend, image from
// file, sample, paste or webcam, last run's top classes) plus the user's own preprocessing trial.
import { catalogModelsOf } from '../../lib/catalog/model-catalog.ts';
import type { ImageClassificationRun } from '../../contracts/inference.ts';
import { ImagePlayground } from '../workbench/image-playground.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';
import { PreprocessingTrial } from './preprocessing-trial.svelte.ts';

export class ImageClassificationPlayground extends ImagePlayground<
  'image-classification',
  ImageClassificationRun
> {
  /** The user's own preprocessing values, run beside the model's. */
  readonly trial: PreprocessingTrial;
  /** Called after each still-image run (the explainer's class activation map). */
  onRun: () => void = () => {};

  constructor(workbench: Workbench) {
    super(workbench, {
      task: 'image-classification',
      viewLabel: 'Classify images',
      models: catalogModelsOf('image-classification'),
      noModel: { message: 'The catalog has no image classifier.', remedy: 'Add one to the model catalog.' },
      firstSampleOnOpen: false,
      run: (service, modelKey, backend, source) => service.classifyImage(modelKey, backend, source),
    });
    this.trial = new PreprocessingTrial(
      () => this.slot.loaded,
      () => this.source,
      this.runtime,
    );
  }

  get labels(): string[] {
    return this.slot.loaded?.info.labels ?? [];
  }

  /** The trial runs its own values on the same image; then the explainer updates its map. */
  protected override async afterStillRun(): Promise<void> {
    this.trial.sync();
    await this.trial.rerun();
    this.onRun();
  }
}
