// "Which words chose this filler?" in the fill-mask view: token attributions by occlusion against the
// probabilities of one blank's fillers (each other token hidden behind the mask token in turn).
import { toErrorData } from '../../lib/errors.ts';
import type { ExplainStatus } from '../text/text-explainer.svelte.ts';
import type { FillMaskPlayground } from './fill-mask-playground.svelte.ts';

export class FillMaskExplainer {
  status = $state.raw<ExplainStatus>({ kind: 'none' });
  /** Which blank is explained (0: the first mask in the text). */
  mask = $state(0);
  /** Which of its fillers the colours are toward; null: the top filler. */
  target = $state<number | null>(null);
  /** Show the smoothed (1–3-token windows) attributions instead of single-token occlusion. */
  smoothed = $state(false);

  constructor(private readonly playground: FillMaskPlayground) {}

  get busy(): boolean {
    return this.status.kind === 'running';
  }

  /** The explanation on screen when it is of the model shown, else null. */
  get current() {
    const status = this.status;
    return status.kind === 'done' && status.modelKey === this.playground.slot.loaded?.info.modelKey
      ? status.run
      : null;
  }

  get targetFiller(): number {
    return this.target ?? this.current?.predicted ?? 0;
  }

  /** Explains blank mask of the text in the box (the first by default). */
  async explain(mask: number = this.mask): Promise<void> {
    const loaded = this.playground.slot.loaded;
    if (this.busy || !loaded) return;
    this.mask = mask;
    this.target = null;
    this.status = { kind: 'running' };
    const text = this.playground.text;
    try {
      const run = await this.playground.runtime.run((service) =>
        service.explainFillMask(loaded.info.modelKey, loaded.backend, text, mask),
      );
      this.status = { kind: 'done', run, modelKey: loaded.info.modelKey };
    } catch (error) {
      this.status = { kind: 'failed', error: toErrorData(error) };
    }
  }
}
