// Which decode step produced a generated token, and how to replay it. A token is picked from the logits
// of one step: the prefill (the prompt and the branch's forced tokens, read at once) for the branch's
// first new token, else a cached step fed the token before it. Replaying the same steps in the same
// order on the same session gives the step's key/value cache as it was; the step's attention then looks
// from the token it was fed over every token before it and itself.

/** One branch's tokens as its generation read them. */
export interface BranchTokens {
  promptIds: readonly number[];
  /** The branch's token ids, the forced ones first. */
  ids: readonly number[];
  /** How many of ids were forced (read by the prefill, after the prompt). */
  forced: number;
}

export interface StepPlan {
  /** What the generation's prefill read: the prompt, then the branch's forced tokens. */
  prefill: number[];
  /** Ids fed one at a time after the prefill, before the step. */
  between: number[];
  /** The step's own input: one id on the cache; null when the step is the prefill itself. */
  fed: number | null;
}

/**
 * The step that produced token `index` of a branch, in the order the generation ran it; null when the
 * token was forced (made by an earlier branch: see producingStep) or is not in the branch.
 */
export function stepPlan(branch: BranchTokens, index: number): StepPlan | null {
  if (!Number.isInteger(index) || index < branch.forced || index >= branch.ids.length) return null;
  const prefill = [...branch.promptIds, ...branch.ids.slice(0, branch.forced)];
  if (index === branch.forced) return { prefill, between: [], fed: null };
  return { prefill, between: branch.ids.slice(branch.forced, index - 1), fed: branch.ids[index - 1]! };
}

/** Tokens in the cache when the step runs (0 for the prefill, which reads everything at once). */
export function pastLength(plan: StepPlan): number {
  return plan.fed === null ? 0 : plan.prefill.length + plan.between.length;
}

/** Every token the step's attention reads over: the prefix and, for a cached step, the fed token. */
export function stepKeys(plan: StepPlan): number[] {
  return plan.fed === null ? [...plan.prefill] : [...plan.prefill, ...plan.between, plan.fed];
}

/** What the step feeds as input_ids: the prefill's tokens, or the one fed token. */
export function stepInputs(plan: StepPlan): number[] {
  return plan.fed === null ? [...plan.prefill] : [plan.fed];
}

function samePrefix(a: readonly number[], b: readonly number[], length: number): boolean {
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The branch whose generation produced token `index` of branch `shown`, and its step. A forced token (and
 * the candidate a branch was started from) was picked in an earlier branch from the same tokens before
 * it: that branch ran the step. The shown branch first, then the others in order; null when none did
 * (an unfinished branch, a token out of range).
 */
export function producingStep(
  branches: readonly BranchTokens[],
  shown: number,
  index: number,
): { branch: number; plan: StepPlan } | null {
  const target = branches[shown];
  if (!target || index < 0 || index >= target.ids.length) return null;
  const order = [shown, ...branches.map((_, i) => i).filter((i) => i !== shown)];
  for (const candidate of order) {
    const branch = branches[candidate]!;
    if (branch.promptIds.length !== target.promptIds.length) continue;
    if (!samePrefix(branch.promptIds, target.promptIds, target.promptIds.length)) continue;
    if (!samePrefix(branch.ids, target.ids, index)) continue;
    const plan = stepPlan(branch, index);
    if (plan) return { branch: candidate, plan };
  }
  return null;
}
