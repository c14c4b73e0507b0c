// State and actions of the zero-shot view: an NLI model in its slot (backend, loading), the text, the
// candidate labels, the hypothesis template and single/multi-label, and the runs. No model is embedded
// for this task (no openly licensed NLI data reaches this project): the view starts empty and opens the
// model the user or a link brings.
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import {
  DEFAULT_HYPOTHESIS_TEMPLATE,
  parseCandidateLabels,
} from '../../lib/tasks/zero-shot/zero-shot-input.ts';
import type { ZeroShotSettings } from '../../lib/tasks/zero-shot/zero-shot-link.ts';
import type { TokenAttributionRun, ZeroShotRun } from '../../contracts/inference.ts';
import { DelayedFlag } from '../workbench/delayed-flag.svelte.ts';
import { isStoppedRun } from '../workbench/run-watchdog.ts';
import type { ShownModel } from '../workbench/shown-model.ts';
import { TaskViewModel } from '../workbench/task-view-model.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';

export type ZeroShotStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; run: ZeroShotRun }
  | { kind: 'failed'; error: ErrorData };

export type ZeroShotExplanation =
  | { kind: 'none' }
  | { kind: 'running'; label: string }
  | { kind: 'done'; label: string; run: TokenAttributionRun }
  | { kind: 'failed'; label: string; error: ErrorData };

export const ZERO_SHOT_EXAMPLE = {
  text: 'The team won the final in the last minute, and the fans ran onto the pitch.',
  labels: 'sports, politics, cooking, science',
};

export class ZeroShotPlayground extends TaskViewModel<'zero-shot'> {
  text = $state(ZERO_SHOT_EXAMPLE.text);
  labels = $state(ZERO_SHOT_EXAMPLE.labels);
  template = $state(DEFAULT_HYPOTHESIS_TEMPLATE);
  multiLabel = $state(false);
  status = $state.raw<ZeroShotStatus>({ kind: 'none' });
  /** Which words of the text a label depends on (occlusion against its entailment probability). */
  explanation = $state.raw<ZeroShotExplanation>({ kind: 'none' });
  /** Finished runs; the results carry it (data-run), so a test can tell a new result from the last. */
  finishedRuns = $state(0);
  readonly busy = new DelayedFlag();
  protected readonly viewLabel = 'Zero-shot';

  constructor(workbench: Workbench) {
    super(workbench, workbench.views['zero-shot'], 'zero-shot', {
      message: 'No NLI model is open.',
      remedy: 'Open one from the hub in Open a model (the catalog suggests one).',
    });
  }

  /** The labels as the run will read them. */
  get parsedLabels(): string[] {
    return parseCandidateLabels(this.labels);
  }

  /** What a shared link carries of this view besides its text. */
  get settings(): ZeroShotSettings {
    return { labels: this.labels, template: this.template, multiLabel: this.multiLabel };
  }

  applySettings(settings: ZeroShotSettings): void {
    this.labels = settings.labels;
    this.template = settings.template;
    this.multiLabel = settings.multiLabel;
  }

  protected hasResult(): boolean {
    return this.status.kind === 'done';
  }

  /** Shows another model (the one before is released in the worker), then scores the text: no click. */
  async open(model: ShownModel): Promise<void> {
    this.replaceModel(model);
    this.status = { kind: 'none' };
    await this.slot.load();
    if (this.slot.loaded) await this.run();
  }

  /** Attributions of the last run's text toward one of its labels (the text and template it ran with). */
  async explain(label: string): Promise<void> {
    const loaded = this.slot.loaded;
    if (!loaded || this.status.kind !== 'done') return;
    const { premise, template } = this.status.run;
    this.explanation = { kind: 'running', label };
    try {
      const run = await this.runtime.run((service) =>
        service.explainZeroShot(loaded.info.modelKey, loaded.backend, premise, label, template),
      );
      this.explanation = { kind: 'done', label, run };
    } catch (error) {
      this.explanation = isStoppedRun(error)
        ? { kind: 'none' }
        : { kind: 'failed', label, error: toErrorData(error) };
    }
  }

  protected async runOnce(): Promise<void> {
    const loaded = this.slot.loaded;
    if (!loaded) return;
    const { text, template, multiLabel } = this;
    const labels = this.parsedLabels;
    this.status = { kind: 'running' };
    this.explanation = { kind: 'none' };
    this.busy.start();
    try {
      const run = await this.runtime.run((service) =>
        service.classifyZeroShot(loaded.info.modelKey, loaded.backend, text, labels, template, multiLabel),
      );
      this.status = { kind: 'done', run };
      this.finishedRuns++;
      void this.threads.afterRun(this.model!.location, loaded.backend, run.inferenceMs);
    } catch (error) {
      this.status = isStoppedRun(error) ? { kind: 'none' } : { kind: 'failed', error: toErrorData(error) };
    } finally {
      this.busy.stop();
    }
  }
}
