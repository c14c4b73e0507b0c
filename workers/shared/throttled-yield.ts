// A yield to the worker's messages (a Stop) that happens only once intervalMs have passed since the last
// one: a decode step of a small model takes well under a millisecond, and a MessageChannel turn per step
// cost a visible share of Glassbox's decode speed (docs/benchmark.md, parity with transformers.js). A Stop
// then waits at most intervalMs of steps (plus the step in flight) before the loop sees it; the loop still
// checks for it after every step, so a Stop already received ends the generation at the next step.
import { yieldToMessages } from './yield-to-messages.ts';

/** How long a generation runs between two chances for a Stop to arrive: under a frame at 60 Hz. */
export const STOP_YIELD_INTERVAL_MS = 8;

export function throttledYield(
  intervalMs: number = STOP_YIELD_INTERVAL_MS,
  now: () => number = () => performance.now(),
  yieldNow: () => Promise<void> = yieldToMessages,
): () => Promise<void> {
  let last = now();
  return async () => {
    if (now() - last < intervalMs) return;
    await yieldNow();
    last = now();
  };
}
