// The timer's resolution, measured rather than assumed: browsers coarsen performance.now() (5 µs when
// cross-origin isolated, 100 µs otherwise in Chrome; more under privacy settings).

/** Smallest positive step between consecutive readings over at most `tries` readings; null if none seen. */
export function measureTimerResolution(now: () => number, tries = 20_000): number | null {
  let smallest = Number.POSITIVE_INFINITY;
  let previous = now();
  for (let i = 0; i < tries; i++) {
    const current = now();
    const step = current - previous;
    if (step > 0 && step < smallest) smallest = step;
    previous = current;
  }
  return Number.isFinite(smallest) ? smallest : null;
}
