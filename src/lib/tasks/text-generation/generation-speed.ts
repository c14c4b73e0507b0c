// The speed line of a generation: time to first token, prefill and decode rates, from the loop's timings.
import type { GeneratedToken, GenerationTimings } from './generation-loop.ts';

export interface GenerationSpeed {
  firstTokenMs: number;
  /** Prompt tokens read per second in the prefill step; null before it ran. */
  prefillTokensPerSecond: number | null;
  /** Tokens per second over the decode steps (every token after the first); null before there is one. */
  decodeTokensPerSecond: number | null;
}

const perSecond = (count: number, ms: number): number | null =>
  count > 0 && ms > 0 ? (count * 1000) / ms : null;

export function generationSpeed(timings: GenerationTimings): GenerationSpeed {
  return {
    firstTokenMs: timings.firstTokenMs,
    prefillTokensPerSecond: perSecond(timings.promptTokens, timings.prefillMs),
    decodeTokensPerSecond: perSecond(timings.decodeTokens, timings.decodeMs),
  };
}

/** The decode rate while tokens stream in (from each token's step time; the first token is the prefill). */
export function liveDecodeRate(tokens: readonly GeneratedToken[], forced: number): number | null {
  const decoded = tokens.slice(forced + 1);
  return perSecond(
    decoded.length,
    decoded.reduce((sum, token) => sum + token.stepMs, 0),
  );
}
