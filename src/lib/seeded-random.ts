// One seeded random generator for everything that must give the same numbers on every machine: the
// bootstrap of speedup intervals, synthetic benchmark inputs, and random tensor fills.

/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit state advanced by a Weyl sequence and mixed with
 * integer multiplies. Only 32-bit integer arithmetic (Math.imul, >>>), so the same seed gives the same
 * sequence on every machine and engine. Returns numbers in [0, 1) with 32 random bits each.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
