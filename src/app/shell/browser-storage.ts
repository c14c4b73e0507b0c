// This browser's localStorage for the page's own settings (hub address, run time limit), or null where
// site data is blocked: every setting then falls back to its default.
export function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
