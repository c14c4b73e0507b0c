// The fill-mask view's minimal pair: the text in the box and a second text that differs in one word, both
// filled (one run each, in the view's worker) and shown side by side: how the top fillers and their
// probabilities move when one word changes. The pair's runs leave the view's own run (what Look inside
// replays) in place.
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import { MAX_TOP_K } from '../../lib/tasks/fill-mask/fillers.ts';
import { pairProblem, wordChange, type WordChange } from '../../lib/tasks/fill-mask/minimal-pair.ts';
import type { FillMaskRun } from '../../contracts/inference.ts';
import type { FillMaskPlayground } from './fill-mask-playground.svelte.ts';
import { isStoppedRun } from '../workbench/run-watchdog.ts';

export type PairStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'hint'; message: string }
  | { kind: 'failed'; error: ErrorData }
  | { kind: 'done'; first: FillMaskRun; second: FillMaskRun; change: WordChange | null; modelKey: string };

export class FillMaskPair {
  /** The second text of the pair. */
  pairText = $state('');
  status = $state.raw<PairStatus>({ kind: 'none' });

  constructor(private readonly playground: FillMaskPlayground) {}

  get busy(): boolean {
    return this.status.kind === 'running';
  }

  /** The comparison on screen when it is of the text in the box and the model shown, else null. */
  get current(): Extract<PairStatus, { kind: 'done' }> | null {
    const status = this.status;
    return status.kind === 'done' &&
      status.first.text === this.playground.text &&
      status.modelKey === this.playground.slot.loaded?.info.modelKey
      ? status
      : null;
  }

  /** The second text starts as a copy of the first: the participant then changes one word of it. */
  begin(): void {
    this.pairText = this.playground.text;
  }

  /** Fills the text in the box and the pair's text, one run each, and compares their fillers. */
  async compare(text: string = this.pairText): Promise<void> {
    const loaded = this.playground.slot.loaded;
    if (this.busy || !loaded) return;
    this.pairText = text;
    const first = this.playground.text;
    const problem = pairProblem(first, text, loaded.info.maskToken);
    if (problem !== null) {
      this.status = { kind: 'hint', message: problem };
      return;
    }
    this.status = { kind: 'running' };
    const { modelKey: modelKey } = loaded.info;
    const fill = (input: string) =>
      this.playground.runtime.run((service) =>
        service.fillMask(modelKey, loaded.backend, input, MAX_TOP_K, false),
      );
    try {
      const firstRun = await fill(first);
      const secondRun = await fill(text);
      this.status = {
        kind: 'done',
        first: firstRun,
        second: secondRun,
        change: wordChange(first, text),
        modelKey,
      };
    } catch (error) {
      this.status = isStoppedRun(error) ? { kind: 'none' } : { kind: 'failed', error: toErrorData(error) };
    }
  }
}
