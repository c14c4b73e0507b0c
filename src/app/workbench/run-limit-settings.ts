// The time limit every run gets before the watchdog stops it: 60 s by default, settable in any view and
// kept in this browser (localStorage), like the hub address. One setting for every view.
import { browserStorage } from '../shell/browser-storage.ts';

export const RUN_LIMIT_STORAGE_KEY = 'glassbox.runLimitSeconds';
/** Long enough for any run of the catalog's models on a slow CPU (they take milliseconds to a second). */
export const DEFAULT_RUN_LIMIT_SECONDS = 60;
export const MIN_RUN_LIMIT_SECONDS = 1;
/** An hour: longer is not a limit any more, and a mistyped number should not disable the watchdog. */
export const MAX_RUN_LIMIT_SECONDS = 3600;

/** A typed limit in whole seconds, or why it is refused. */
export function parseRunLimit(text: string): { ok: true; seconds: number } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return { ok: false, reason: 'The time limit is a whole number of seconds, such as 60.' };
  }
  const seconds = Number(trimmed);
  if (seconds < MIN_RUN_LIMIT_SECONDS || seconds > MAX_RUN_LIMIT_SECONDS) {
    return {
      ok: false,
      reason: `The time limit must be between ${MIN_RUN_LIMIT_SECONDS} and ${MAX_RUN_LIMIT_SECONDS} seconds.`,
    };
  }
  return { ok: true, seconds };
}

/** The saved limit when it is still valid, else the default. */
export function readRunLimit(): number {
  const saved = browserStorage()?.getItem(RUN_LIMIT_STORAGE_KEY);
  if (!saved) return DEFAULT_RUN_LIMIT_SECONDS;
  const parsed = parseRunLimit(saved);
  return parsed.ok ? parsed.seconds : DEFAULT_RUN_LIMIT_SECONDS;
}

/** Saves a new limit; returns the reason when it is refused (and then saves nothing). */
export function writeRunLimit(text: string): { ok: true; seconds: number } | { ok: false; reason: string } {
  const parsed = parseRunLimit(text);
  if (parsed.ok) browserStorage()?.setItem(RUN_LIMIT_STORAGE_KEY, String(parsed.seconds));
  return parsed;
}
