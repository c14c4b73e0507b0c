// State and actions of "Why this prediction?" in the text view: token attributions for one sentence, a
// minimal pair (the same sentence with one word edited) explained side by side, and the pairs tried so far.
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import { splitInputLines } from '../../lib/tasks/text-classification/input-lines.ts';
import type { TokenAttributionRun } from '../../contracts/inference.ts';
import type { TextPlayground } from './text-playground.svelte.ts';

export type ExplainStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; run: TokenAttributionRun; modelKey: string }
  | { kind: 'failed'; error: ErrorData };

export interface PairVariant {
  text: string;
  label: string;
  probability: number;
}

/** Most variants kept in the history; the oldest go first. */
export const MAX_HISTORY = 12;

export class TextExplainer {
  original = $state<ExplainStatus>({ kind: 'none' });
  variant = $state<ExplainStatus>({ kind: 'none' });
  /** The edited sentence in the minimal-pair box. */
  pairText = $state('');
  /** Show the smoothed (1–3-token windows) attributions instead of single-token occlusion. */
  smoothed = $state(false);
  /** The label attributions are shown toward; null: the original's predicted label. */
  target = $state<number | null>(null);
  history = $state<PairVariant[]>([]);

  constructor(private readonly playground: TextPlayground) {}

  /** The sentence explained: the first non-empty line of the text box. */
  get sentence(): string {
    return splitInputLines(this.playground.text).lines[0]?.text ?? '';
  }

  get busy(): boolean {
    return this.original.kind === 'running' || this.variant.kind === 'running';
  }

  /** The index of the label shown, once an explanation exists. */
  get targetLabel(): number {
    if (this.target !== null) return this.target;
    return this.original.kind === 'done' ? this.original.run.predicted : 0;
  }

  /** The variant text a share link carries, while a comparison is on screen. */
  get sharedPair(): string | null {
    return this.variant.kind === 'done' ? this.variant.run.text : null;
  }

  /** A finished explanation of the model still shown, or null (a model switch makes old ones stale). */
  current(status: ExplainStatus): TokenAttributionRun | null {
    const modelKey = this.playground.slot.loaded?.info.modelKey;
    return status.kind === 'done' && status.modelKey === modelKey ? status.run : null;
  }

  private async attribute(text: string): Promise<ExplainStatus> {
    const loaded = this.playground.slot.loaded;
    if (!loaded) {
      return {
        kind: 'failed',
        error: {
          code: 'no-model-loaded',
          message: 'The model is still loading.',
          remedy: 'Wait until it is ready, then ask again.',
        },
      };
    }
    try {
      const run = await this.playground.runtime.run((service) =>
        service.explainText(loaded.info.modelKey, loaded.backend, text),
      );
      return { kind: 'done', run, modelKey: loaded.info.modelKey };
    } catch (error) {
      return { kind: 'failed', error: toErrorData(error) };
    }
  }

  /** Explains the first line of the text box; the minimal-pair box starts from it. */
  async explain(): Promise<void> {
    if (this.busy) return;
    const sentence = this.sentence;
    this.original = { kind: 'running' };
    this.variant = { kind: 'none' };
    this.target = null;
    this.original = await this.attribute(sentence);
    if (this.pairText === '' || this.original.kind === 'done') this.pairText = sentence;
  }

  /** Explains the edited sentence next to the original (explaining the original first if needed). */
  async compare(text: string = this.pairText): Promise<void> {
    if (this.busy) return;
    this.pairText = text;
    if (this.current(this.original)?.text !== this.sentence) {
      await this.explain();
      this.pairText = text;
    }
    if (this.original.kind !== 'done') return;
    this.variant = { kind: 'running' };
    this.variant = await this.attribute(text);
    if (this.variant.kind === 'done') {
      const { run } = this.variant;
      const entry: PairVariant = {
        text: run.text,
        label: run.labels[run.predicted] ?? '',
        probability: run.probabilities[run.predicted] ?? 0,
      };
      this.history = [entry, ...this.history.filter((old) => old.text !== entry.text)].slice(0, MAX_HISTORY);
    }
  }
}
