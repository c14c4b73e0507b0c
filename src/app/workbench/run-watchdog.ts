// The time limit on a run and the errors that end one: a watchdog that fires once after the limit
// (clock injected, so tests need no real waiting), and the typed errors for a run stopped by the user or
// by the watchdog. ONNX Runtime cannot cancel a session.run, so both end it by terminating its worker.
import { GlassboxError, type ErrorData } from '../../lib/errors.ts';

/** setTimeout/clearTimeout, injected so tests can move time by hand. */
export interface WatchdogClock {
  setTimeout(fire: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_CLOCK: WatchdogClock = {
  setTimeout: (fire, ms) => globalThis.setTimeout(fire, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Calls onExpire once when limitMs passes, unless the returned disarm is called first. A disarm after it
 * fired, or twice, does nothing; so a run that ends in the same turn as the limit is never counted twice.
 */
export function watchRun(
  limitMs: number,
  onExpire: () => void,
  clock: WatchdogClock = REAL_CLOCK,
): () => void {
  let armed = true;
  const handle = clock.setTimeout(() => {
    if (!armed) return;
    armed = false;
    onExpire();
  }, limitMs);
  return () => {
    if (!armed) return;
    armed = false;
    clock.clearTimeout(handle);
  };
}

const RELOAD_REMEDY =
  'Glassbox ended the worker that was running it and reloads the model in a fresh one; run again when it is ready.';

export function runStoppedError(): GlassboxError {
  return new GlassboxError({ code: 'run-stopped', message: 'The run was stopped', remedy: RELOAD_REMEDY });
}

export function runTimedOutError(limitSeconds: number): GlassboxError {
  return new GlassboxError({
    code: 'run-timed-out',
    message: `The run took longer than ${limitSeconds} s and was stopped`,
    remedy: `${RELOAD_REMEDY} Raise the time limit if this model needs longer.`,
  });
}

export function loadStoppedError(): GlassboxError {
  return new GlassboxError({
    code: 'load-stopped',
    message: 'Loading was stopped.',
    remedy:
      'Glassbox ended the worker that was loading it. Try again, or open another model; a model whose warm-up run never ends cannot be used.',
  });
}

/** True for the errors of a run ended on purpose (Stop or the time limit), as opposed to a failure. */
export function isStoppedRun(error: ErrorData | unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'run-stopped' || code === 'run-timed-out';
}
