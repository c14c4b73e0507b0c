// The Benchmark lab's history as the page holds it: the stored results of both kinds (single-run
// benchmarks and language-model generations), newest first; storage trouble and skipped records said in
// one sentence; and the actions on an entry — show it again in its own result view, delete it, clear all.
import type { HistoryEntry, HistoryResult } from '../../lib/bench/history-entry.ts';
import type { BenchResult } from '../../lib/bench/result-types.ts';
import { toErrorData } from '../../lib/errors.ts';
import type { BenchHistory } from './bench-history.ts';
import type { GenerationLab } from './generation-lab.svelte.ts';

/** The part of the lab an entry is shown in: its single-run result and the model chosen in its form. */
export interface SingleRunView {
  result: BenchResult | null;
  modelId: string;
}

export type HistoryKind = HistoryEntry['kind'];

export class LabHistory {
  entries = $state.raw<HistoryEntry[]>([]);
  /** Storage trouble or skipped records, said once. */
  note = $state<string | null>(null);
  /**
   * The kind of the entry picked last, and the model chosen in the form then. A pick holds while that
   * model stays chosen and no run starts; after that the outcome follows the chosen model again.
   */
  private picked = $state<{ kind: HistoryKind; modelId: string } | null>(null);

  constructor(
    private readonly store: BenchHistory,
    private readonly view: SingleRunView,
    private readonly generation: GenerationLab,
  ) {}

  /** The kind picked from the history for this model choice, or null when the choice decides. */
  pickedFor(modelId: string): HistoryKind | null {
    return this.picked?.modelId === modelId ? this.picked.kind : null;
  }

  /**
   * Which result view the lab's outcome shows: a running benchmark's own (its progress lives there);
   * otherwise the kind picked from the history for this model choice; otherwise the chosen model's.
   */
  shownKind(lab: {
    modelId: string;
    generating: boolean;
    benchRunning: boolean;
    generationRunning: boolean;
  }): HistoryKind {
    if (lab.benchRunning) return 'bench';
    if (lab.generationRunning) return 'generation';
    return this.pickedFor(lab.modelId) ?? (lab.generating ? 'generation' : 'bench');
  }

  /** A run starts: its own result will be shown. */
  unpick(): void {
    this.picked = null;
  }

  async refresh(): Promise<void> {
    try {
      const listing = await this.store.list();
      this.entries = listing.entries;
      this.note =
        listing.skipped > 0
          ? `${listing.skipped} stored result(s) could not be read and were skipped.`
          : null;
    } catch (error) {
      this.note = toErrorData(error).message;
    }
  }

  /** Changes the stored history, then reads it again; storage trouble is said once, under the list. */
  private async change(change: () => Promise<void>): Promise<void> {
    try {
      await change();
      await this.refresh();
    } catch (error) {
      this.note = toErrorData(error).message;
    }
  }

  keep(result: HistoryResult): Promise<void> {
    return this.change(() => this.store.put(result));
  }

  /** Shows an entry again in its own result view. */
  show(id: string): void {
    const entry = this.entries.find((candidate) => candidate.result.id === id);
    if (!entry) return;
    if (entry.kind === 'bench') {
      this.view.result = entry.result;
    } else {
      this.generation.result = entry.result;
      // Its model is chosen again when the lab still offers it, so the form shows what made it. A hub
      // model no longer open in Generate is not: the result is shown all the same.
      const modelId = entry.result.plan.modelId;
      if (this.generation.isModel(modelId)) this.view.modelId = modelId;
    }
    this.picked = { kind: entry.kind, modelId: this.view.modelId };
  }

  remove(id: string): Promise<void> {
    return this.change(async () => {
      await this.store.remove(id);
      if (this.view.result?.id === id) this.view.result = null;
      if (this.generation.result?.id === id) this.generation.result = null;
    });
  }

  clear(): Promise<void> {
    return this.change(() => this.store.clear());
  }
}
