// Which token an attribution view describes before anyone points at one: the token whose value is
// largest in size, so the exact numbers of the token that matters most are on screen from the start
// (a projector's audience cannot hover, issue 26).

/** The position with the largest |value| among the explainable ones; null when there is none. */
export function strongestPosition(values: readonly number[], explainable: readonly boolean[]): number | null {
  let best: number | null = null;
  values.forEach((value, position) => {
    if (!explainable[position] || !Number.isFinite(value)) return;
    if (best === null || Math.abs(value) > Math.abs(values[best] ?? 0)) best = position;
  });
  return best;
}
