// State and action of the image-classification view's [CLS] attention map (ViT-style models): computed
// after each still-image run when the model's structure has attention over image patches; the user picks
// the last layer's attention (the default) or the rollout through all layers. Both come from one capture,
// so switching redraws without another run.
import type { ImageAttentionRun } from '../../contracts/inference.ts';
import type { PatchAttentionMap } from '../../lib/explain/attention-rollout.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { ImageClassificationPlayground } from './image-classification-playground.svelte.ts';

export type AttentionMode = 'last-layer' | 'rollout';

export const ATTENTION_MODES: ReadonlyArray<{ mode: AttentionMode; label: string }> = [
  { mode: 'last-layer', label: 'Last layer' },
  { mode: 'rollout', label: 'Rollout (all layers)' },
];

export type ImageAttentionStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; run: ImageAttentionRun; image: string; modelKey: string }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'failed'; error: ErrorData };

export class ImageAttentionExplainer {
  mode = $state<AttentionMode>('last-layer');
  status = $state.raw<ImageAttentionStatus>({ kind: 'none' });
  private token = 0;

  constructor(private readonly playground: ImageClassificationPlayground) {}

  /** The finished run of the image and model on screen, else null (a stale map is never drawn). */
  get run(): ImageAttentionRun | null {
    const status = this.status;
    return status.kind === 'done' &&
      status.image === this.playground.image?.url &&
      status.modelKey === this.playground.slot.loaded?.info.modelKey
      ? status.run
      : null;
  }

  /** The map of the chosen mode. */
  get map(): PatchAttentionMap | null {
    const run = this.run;
    if (!run) return null;
    return this.mode === 'rollout' ? run.rollout : run.lastLayer;
  }

  /** The attention of the last run; says why (a hint, not an error) when the model has none. */
  async compute(): Promise<void> {
    const loaded = this.playground.slot.loaded;
    const image = this.playground.image?.url ?? '';
    if (!loaded || !this.playground.run || this.playground.webcam.active) return;
    const availability = loaded.info.attention;
    if (!availability.found) {
      this.status = { kind: 'unavailable', reason: availability.reason };
      return;
    }
    const mine = ++this.token;
    this.status = { kind: 'running' };
    try {
      const run = await this.playground.runtime.run((service) =>
        service.imageAttention(loaded.info.modelKey, loaded.backend),
      );
      if (mine === this.token) this.status = { kind: 'done', run, image, modelKey: loaded.info.modelKey };
    } catch (error) {
      if (mine === this.token) this.status = { kind: 'failed', error: toErrorData(error) };
    }
  }
}
