// "Try other preprocessing": the user's edited values, checked (preprocessing-edit.ts), run on the image the
// view last classified, and the top classes that run gives, beside the model's own. The trial is kept
// while the image changes (it re-runs after each still-image run) and dropped when the model changes.
import type { ImageClassificationRun, ImageClassifierInfo, Loaded } from '../../contracts/inference.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import {
  applyEdit,
  editOf,
  type PreprocessingEdit,
} from '../../lib/tasks/image-classification/preprocessing-edit.ts';
import { fixedSize, layoutOf } from '../../lib/tasks/image-classification/preprocessor-config.ts';
import type { ImagePreprocessing } from '../../lib/tasks/image-classification/preprocessor-config.ts';
import { isStoppedRun } from '../workbench/run-watchdog.ts';
import type { ViewRuntime } from '../workbench/view-runtime.svelte.ts';

export type TrialStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; run: ImageClassificationRun; settings: ImagePreprocessing }
  | { kind: 'failed'; error: ErrorData };

export class PreprocessingTrial {
  /** The form's values; null until the model's preprocessing is known. */
  edit = $state<PreprocessingEdit | null>(null);
  /** One sentence per value the check refused. */
  problems = $state.raw<string[]>([]);
  status = $state.raw<TrialStatus>({ kind: 'none' });
  /** Whether the form is open: kept here, since the view redraws its panel on each run. */
  open = $state(false);
  /** Trial runs so far (tests wait for it to grow). */
  count = $state(0);
  private settings: ImagePreprocessing | null = null;
  private modelKey: string | null = null;

  constructor(
    private readonly loaded: () => Loaded<ImageClassifierInfo> | null,
    private readonly source: () => Blob | null,
    private readonly runtime: ViewRuntime,
  ) {}

  /** The model's own values, to start the form from (and to compare with). */
  get modelSettings(): ImagePreprocessing | null {
    return this.loaded()?.info.preprocessing ?? null;
  }

  /** Fills the form from the model's values when the model (or its first session) is new. */
  sync(): void {
    const loaded = this.loaded();
    const settings = loaded?.info.preprocessing;
    if (!loaded || !settings || this.modelKey === loaded.info.modelKey) return;
    this.modelKey = loaded.info.modelKey;
    this.reset();
  }

  /** Back to the model's values; the trial's result goes. */
  reset(): void {
    const settings = this.modelSettings;
    this.edit = settings ? editOf(settings) : null;
    this.problems = [];
    this.settings = null;
    this.status = { kind: 'none' };
  }

  /** Checks the form and, when every value is sane, runs the last image with it. */
  async apply(): Promise<void> {
    const loaded = this.loaded();
    const base = this.modelSettings;
    if (!loaded || !base || !this.edit) return;
    const shape = loaded.info.inputs[0]?.shape ?? [];
    const { w, h } = fixedSize(shape, layoutOf(shape));
    const checked = applyEdit(base, $state.snapshot(this.edit), { width: w, height: h });
    this.problems = checked.problems;
    if (!checked.settings) return;
    this.settings = checked.settings;
    await this.rerun();
  }

  /** Runs the trial on the current image again (after the view classified a new one). */
  async rerun(): Promise<void> {
    const loaded = this.loaded();
    const source = this.source();
    const settings = this.settings;
    if (!loaded || !source || !settings) return;
    this.status = { kind: 'running' };
    try {
      const run = await this.runtime.run((service) =>
        service.classifyImage(loaded.info.modelKey, loaded.backend, source, settings),
      );
      this.count++;
      this.status = { kind: 'done', run, settings };
    } catch (error) {
      this.status = isStoppedRun(error) ? { kind: 'none' } : { kind: 'failed', error: toErrorData(error) };
    }
  }
}
