// State and actions of the synthetic model picker (Open a model tab): the presets with their parameter
// count and FLOPs (counted in a worker when the tab is first shown), and opening one — generated in a
// worker — in the tensor view, the inspector or the benchmark lab.
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import { SYNTHETIC_PRESETS, type SyntheticPreset } from '../../lib/synthetic/index.ts';
import type { PresetFacts } from '../../lib/synthetic/preset-facts.ts';
import type { ShownModel } from '../workbench/shown-model.ts';
import { openSyntheticModel, syntheticFacts } from './synthetic-source.ts';

export type SyntheticDestination = 'tensors' | 'inspect' | 'bench';

export interface SyntheticTargets {
  /** Shows the generated model in the tensor view (or the inspector); false when that failed. */
  open(model: ShownModel, where: 'tensors' | 'inspect'): Promise<boolean>;
  /** Chooses the preset in the benchmark lab, which generates it in its own worker. */
  bench(id: string): void;
}

export type PickerStatus =
  | { kind: 'idle' }
  | { kind: 'generating'; id: string; name: string }
  | { kind: 'failed'; name: string; error: ErrorData };

export class SyntheticPicker {
  readonly presets: readonly SyntheticPreset[] = SYNTHETIC_PRESETS;
  facts = $state.raw<ReadonlyMap<string, PresetFacts>>(new Map());
  factsError = $state<string | null>(null);
  status = $state.raw<PickerStatus>({ kind: 'idle' });
  private factsAsked = false;

  constructor(private readonly targets: SyntheticTargets) {}

  /** Counts every preset's parameters and FLOPs once, off the page's thread. */
  async loadFacts(): Promise<void> {
    if (this.factsAsked) return;
    this.factsAsked = true;
    try {
      this.facts = new Map((await syntheticFacts()).map((facts) => [facts.id, facts]));
    } catch (error) {
      this.factsError = toErrorData(error).message;
    }
  }

  async open(preset: SyntheticPreset, where: SyntheticDestination): Promise<boolean> {
    if (this.status.kind === 'generating') return false;
    if (where === 'bench') {
      this.targets.bench(preset.id);
      return true;
    }
    this.status = { kind: 'generating', id: preset.id, name: preset.name };
    try {
      const model = await openSyntheticModel(preset.id);
      this.status = { kind: 'idle' };
      return model ? await this.targets.open(model, where) : false;
    } catch (error) {
      this.status = { kind: 'failed', name: preset.name, error: toErrorData(error) };
      return false;
    }
  }
}
