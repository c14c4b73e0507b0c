// Task-level agreement between a variant and the reference on the view's examples: the share of examples
// whose top label is the same, in percent.

/** Percent of positions where both have the same label; null when there is nothing to compare. */
export function labelAgreement(reference: readonly string[], variant: readonly string[]): number | null {
  const count = Math.min(reference.length, variant.length);
  if (count === 0) return null;
  let same = 0;
  for (let i = 0; i < count; i++) if (reference[i] === variant[i]) same++;
  return (100 * same) / count;
}
