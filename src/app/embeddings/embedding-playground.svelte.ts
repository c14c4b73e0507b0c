// State and actions of the sentence-embeddings view: an encoder in its slot, the sentences (one per line,
// thousands allowed), a run with progress and Stop, and nearest-neighbour queries over what was embedded.
// Its default model is the embedded classifier's encoder (works offline), which the view labels as not a
// trained sentence embedding.
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import { splitSentences } from '../../lib/tasks/sentence-embeddings/sentence-lines.ts';
import type { EmbeddingRun, NeighbourRun } from '../../contracts/inference.ts';
import { stopBetweenRuns } from '../workbench/stop-between-runs.ts';
import { DelayedFlag } from '../workbench/delayed-flag.svelte.ts';
import { InferenceClient } from '../workbench/inference-client.ts';
import { isStoppedRun } from '../workbench/run-watchdog.ts';
import type { ShownModel } from '../workbench/shown-model.ts';
import { TaskViewModel } from '../workbench/task-view-model.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';

export type EmbeddingStatus =
  | { kind: 'none' }
  | { kind: 'running'; done: number; total: number }
  | { kind: 'done'; run: EmbeddingRun; dropped: number }
  | { kind: 'failed'; error: ErrorData };

export type NeighbourStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; result: NeighbourRun }
  | { kind: 'failed'; error: ErrorData };

export const EMBEDDING_EXAMPLE = [
  'The food was delicious and the staff were friendly.',
  'A wonderful meal with kind, attentive waiters.',
  'The battery died after two days.',
  'My phone stopped charging within a week.',
  'The film was long but beautifully shot.',
].join('\n');

/** Neighbours a query lists. */
export const NEIGHBOURS = 5;

export class EmbeddingPlayground extends TaskViewModel<'sentence-embeddings'> {
  text = $state(EMBEDDING_EXAMPLE);
  query = $state('The dinner tasted great.');
  status = $state.raw<EmbeddingStatus>({ kind: 'none' });
  neighbours = $state.raw<NeighbourStatus>({ kind: 'none' });
  finishedRuns = $state(0);
  readonly busy = new DelayedFlag();
  protected readonly viewLabel = 'Sentence embeddings';

  constructor(workbench: Workbench, defaultModel: ShownModel | null) {
    super(workbench, workbench.views.embeddings, 'sentence-embeddings', {
      message: 'No encoder is open.',
      remedy: 'Open a sentence-transformers model in Open a model.',
    });
    this.model = defaultModel;
  }

  protected hasResult(): boolean {
    return this.status.kind === 'done';
  }

  /** Loads the model and embeds the sentences in the box unless something ran already: no click. */
  async loadAndRun(): Promise<void> {
    await this.slot.load();
    if (this.slot.loaded && this.status.kind === 'none') await this.run();
  }

  async open(model: ShownModel): Promise<void> {
    this.replaceModel(model);
    this.status = { kind: 'none' };
    this.neighbours = { kind: 'none' };
    await this.loadAndRun();
  }

  protected async runOnce(): Promise<void> {
    const loaded = this.slot.loaded;
    if (!loaded) return;
    const { sentences, dropped } = splitSentences(this.text);
    this.status = { kind: 'running', done: 0, total: sentences.length };
    this.neighbours = { kind: 'none' };
    this.busy.start();
    let beat = (): void => {};
    const onProgress = InferenceClient.callback((done: number, total: number) => {
      beat();
      if (this.status.kind === 'running') this.status = { kind: 'running', done, total };
    });
    try {
      // A run like any other (Stop ends it, by the worker between batches or by ending the worker), but
      // the time limit holds for each batch: 10,000 sentences may take longer than one run's limit.
      const run = await this.runtime.run((service, heartbeat) => {
        beat = heartbeat;
        return service.embedSentences(loaded.info.modelKey, loaded.backend, sentences, onProgress);
      });
      this.status = { kind: 'done', run, dropped };
      this.finishedRuns++;
      if (this.query.trim() !== '') await this.search();
    } catch (error) {
      this.status = isStoppedRun(error) ? { kind: 'none' } : { kind: 'failed', error: toErrorData(error) };
    } finally {
      this.busy.stop();
    }
  }

  /**
   * Stop: the worker stops between batches and answers with what it embedded; a batch that does not give
   * the worker back within the grace time is ended with the worker, which reloads the model.
   */
  async stop(): Promise<void> {
    if (this.status.kind !== 'running') return;
    await stopBetweenRuns(this.runtime, () => this.status.kind === 'running');
  }

  /** The embedded sentences nearest to the query. */
  async search(): Promise<void> {
    const loaded = this.slot.loaded;
    if (!loaded || this.status.kind !== 'done') return;
    const query = this.query;
    this.neighbours = { kind: 'running' };
    try {
      const result = await this.runtime.run((service) =>
        service.nearestSentences(loaded.info.modelKey, loaded.backend, query, NEIGHBOURS),
      );
      this.neighbours = { kind: 'done', result };
    } catch (error) {
      this.neighbours = isStoppedRun(error)
        ? { kind: 'none' }
        : { kind: 'failed', error: toErrorData(error) };
    }
  }
}
