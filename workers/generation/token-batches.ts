// Tokens on their way to the page, a batch at a time: the first token at once (time to first token stays
// what it is), then whatever was made in the last TOKEN_BATCH_MS, and the rest when the generation ends.
// A message per token (each with its 20 + 20 candidates) cost the worker a structured clone per step and the
// page a render per token, more often than a screen refreshes; a batch per frame shows the same tokens.
import type { TokenBatch } from '../../src/contracts/generation-transfer.ts';
import type { GeneratedToken } from '../../src/lib/tasks/text-generation/generation-loop.ts';

/** About a frame at 60 Hz: the page cannot show tokens faster than it paints. */
export const TOKEN_BATCH_MS = 16;

export class TokenBatcher {
  private pending: GeneratedToken[] = [];
  private lastSent = -Infinity;

  constructor(
    private readonly send: (batch: TokenBatch) => void,
    private readonly intervalMs: number = TOKEN_BATCH_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(token: GeneratedToken): void {
    this.pending.push(token);
    if (this.now() - this.lastSent >= this.intervalMs) this.flush();
  }

  /** Sends the tokens not sent yet (none: nothing is sent). */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch: TokenBatch = { tokenBatch: this.pending };
    this.pending = [];
    this.lastSent = this.now();
    this.send(batch);
  }
}
