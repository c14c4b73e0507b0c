// The glass box of one generated token: the decode step that produced it (found among the branches: a
// forced token was picked in an earlier branch), its attention per layer and head, and Look inside that
// step on the inspector's graph. The generation worker replays the step; this controller only names it.
import type { StepAttentionAnswer } from '../../contracts/generation.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import {
  producingStep,
  type BranchTokens,
  type StepPlan,
} from '../../lib/tasks/text-generation/step-replay.ts';
import { GENERATION_TASK } from './generation-capture-source.ts';
import type { Branch, GenerationPlayground } from './generation-playground.svelte.ts';
import type { RunCapture, RunTarget } from '../inspector/run-capture.svelte.ts';
import type { ShownModel } from '../workbench/shown-model.ts';

/** The chosen token's step: which token of which branch, and the branch whose generation ran it. */
export interface ChosenStep {
  /** `${branch id}:${token index}` of the token on screen: what the attention shown belongs to. */
  key: string;
  index: number;
  token: string;
  producer: Branch;
  plan: StepPlan;
}

export type TokenAttentionStatus =
  | { kind: 'closed' }
  | { kind: 'capturing'; key: string }
  | { kind: 'ready'; key: string; token: string; answer: Extract<StepAttentionAnswer, { ok: true }> }
  | { kind: 'none'; key: string; reason: string }
  | { kind: 'failed'; key: string; error: ErrorData };

/** A finished branch's tokens for producingStep; a running one matches nothing (its prompt is not in). */
function tokensOf(branch: Branch): BranchTokens {
  return branch.running || branch.promptTokens.length === 0
    ? { promptIds: [], ids: [], forced: 0 }
    : {
        promptIds: branch.promptTokens.map((token) => token.id),
        ids: branch.tokens.map((token) => token.id),
        forced: branch.forced,
      };
}

export class TokenGlassBox {
  attention = $state.raw<TokenAttentionStatus>({ kind: 'closed' });
  /** Index into the step's attention layers, and the head shown (or the heads' mean). */
  layer = $state(0);
  head = $state<number | 'mean'>('mean');
  /** Once opened, the attention follows the token picked. */
  open = $state(false);

  constructor(
    private readonly playground: GenerationPlayground,
    private readonly runCapture: RunCapture,
  ) {}

  /** The selected token's step, or null (none selected, a generation running, no branch ran it). */
  get chosen(): ChosenStep | null {
    const { playground } = this;
    const index = playground.selectedToken;
    const shown = playground.current;
    if (index === null || !shown || playground.running) return null;
    const found = producingStep(playground.branches.map(tokensOf), playground.shown, index);
    const producer = found ? playground.branches[found.branch] : undefined;
    if (!found || !producer) return null;
    return {
      key: `${shown.id}:${index}`,
      index,
      token: shown.tokens[index]?.text ?? '',
      producer,
      plan: found.plan,
    };
  }

  /** Why the chosen token's step cannot be replayed now; null when it can. */
  get problem(): string | null {
    const chosen = this.chosen;
    const model = this.playground.model;
    if (!chosen || !model) return null;
    if (chosen.producer.modelKey !== model.location.key) {
      return 'This text was generated with another model than the one open now: open that model again (or generate again) to look inside its steps.';
    }
    return null;
  }

  /** Heads of the chosen layer (1 before a capture). */
  get heads(): number {
    const status = this.attention;
    return status.kind === 'ready' ? (status.answer.layers[this.layer]?.tensor.dims[1] ?? 1) : 1;
  }

  /** Captures where the chosen token's step looked (its attention probabilities, found by structure). */
  async showAttention(): Promise<void> {
    const chosen = this.chosen;
    this.open = true;
    if (!chosen || this.problem) return;
    const { key, producer, plan } = chosen;
    const current = this.attention;
    if (current.kind !== 'closed' && current.kind !== 'failed' && current.key === key) return;
    this.attention = { kind: 'capturing', key };
    try {
      const answer = await this.playground.client.call<StepAttentionAnswer>(
        (service) =>
          service.stepAttention(producer.modelKey, producer.backend, plan) as Promise<StepAttentionAnswer>,
      );
      if (this.attention.kind !== 'capturing' || this.attention.key !== key) return;
      if (!answer.ok) {
        this.attention = { kind: 'none', key, reason: answer.reason };
        return;
      }
      this.layer = Math.min(this.layer, answer.layers.length - 1);
      this.attention = { kind: 'ready', key, token: chosen.token, answer };
      if (this.head !== 'mean') this.head = Math.min(this.heads - 1, this.head);
    } catch (error) {
      if (this.attention.kind === 'capturing' && this.attention.key === key)
        this.attention = { kind: 'failed', key, error: toErrorData(error) };
    }
  }

  close(): void {
    this.open = false;
    this.attention = { kind: 'closed' };
  }

  /**
   * Look inside the chosen token's step: the run Look inside captures, replayed in the generation worker
   * when the capture starts (RunCapture awaits `settled` first, with its status line already showing).
   */
  get target(): RunTarget | null {
    const chosen = this.chosen;
    const model = this.playground.model;
    if (!chosen || !model || this.problem) return null;
    const { producer, plan, index } = chosen;
    // The playground's models are ShownModels (catalog or hub); the defaults only fill the type.
    const shown: ShownModel = {
      task: GENERATION_TASK,
      source: '',
      licence: '',
      summary: '',
      isDemo: false,
      ...model,
    };
    const client = this.playground.client;
    return {
      task: GENERATION_TASK,
      model: shown,
      backend: producer.backend,
      viewLabel: `Generate text (the step of token ${index + 1})`,
      settled: async () => {
        await client.call((service) => service.prepareStep(producer.modelKey, producer.backend, plan));
      },
    };
  }

  lookInside(): Promise<boolean> {
    return this.runCapture.lookInside(this.target);
  }
}
