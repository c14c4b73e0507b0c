// The step that produced a generated token, and how the worker replays it: the prefill for a branch's
// first new token, else a cached step fed the token before it after the same steps the generation ran;
// a forced token (or the candidate a branch started from) maps to the earlier branch that picked it.
import { describe, expect, it } from 'vitest';
import {
  pastLength,
  producingStep,
  stepInputs,
  stepKeys,
  stepPlan,
  type BranchTokens,
} from '../../../../src/lib/tasks/text-generation/step-replay.ts';

const prompt = [10, 11, 12];
const original: BranchTokens = { promptIds: prompt, ids: [20, 21, 22, 23], forced: 0 };

describe('stepPlan', () => {
  it('maps the first new token to the prefill, which reads the prompt at once', () => {
    const plan = stepPlan(original, 0)!;
    expect(plan).toEqual({ prefill: prompt, between: [], fed: null });
    expect(pastLength(plan)).toBe(0);
    expect(stepInputs(plan)).toEqual(prompt);
    expect(stepKeys(plan)).toEqual(prompt);
  });

  it('maps a later token to the cached step fed the token before it, after the steps before that', () => {
    // Token 3 (23) was picked after prefill(prompt), next(20), next(21), next(22): the step fed 22.
    const plan = stepPlan(original, 3)!;
    expect(plan).toEqual({ prefill: prompt, between: [20, 21], fed: 22 });
    expect(pastLength(plan)).toBe(5);
    expect(stepInputs(plan)).toEqual([22]);
    // The attention row of that step has past + 1 keys: the prompt, the tokens before, the fed one.
    expect(stepKeys(plan)).toEqual([10, 11, 12, 20, 21, 22]);
    expect(stepKeys(plan)).toHaveLength(pastLength(plan) + 1);
    expect(stepPlan(original, 1)).toEqual({ prefill: prompt, between: [], fed: 20 });
  });

  it("replays a branch's own schedule: its prefill read the prompt and its forced tokens", () => {
    const branch: BranchTokens = { promptIds: prompt, ids: [20, 30, 31, 32], forced: 2 };
    expect(stepPlan(branch, 2)).toEqual({ prefill: [...prompt, 20, 30], between: [], fed: null });
    expect(stepPlan(branch, 3)).toEqual({ prefill: [...prompt, 20, 30], between: [], fed: 31 });
    // Forced tokens were not picked by this branch's generation.
    expect(stepPlan(branch, 1)).toBeNull();
    expect(stepPlan(branch, 0)).toBeNull();
  });

  it('has no step for a token out of range', () => {
    expect(stepPlan(original, 4)).toBeNull();
    expect(stepPlan(original, -1)).toBeNull();
    expect(stepPlan(original, 1.5)).toBeNull();
  });
});

describe('producingStep', () => {
  // Branch 1 continued from token 1 with candidate 30 instead of 21: its first two tokens are forced.
  const branch: BranchTokens = { promptIds: prompt, ids: [20, 30, 31, 32], forced: 2 };
  const branches = [original, branch];

  it("uses the shown branch's own step for the tokens it generated", () => {
    expect(producingStep(branches, 1, 3)).toEqual({
      branch: 1,
      plan: { prefill: [...prompt, 20, 30], between: [], fed: 31 },
    });
  });

  it('maps a forced token, and the chosen candidate, to the branch that ran their step', () => {
    expect(producingStep(branches, 1, 0)).toEqual({ branch: 0, plan: stepPlan(original, 0) });
    // The candidate 30 was picked from the same step as the original's 21: the step fed 20.
    expect(producingStep(branches, 1, 1)).toEqual({ branch: 0, plan: stepPlan(original, 1) });
  });

  it('finds the step through a branch of a branch', () => {
    const nested: BranchTokens = { promptIds: prompt, ids: [20, 30, 40, 41], forced: 3 };
    const all = [original, branch, nested];
    expect(producingStep(all, 2, 2)).toEqual({ branch: 1, plan: stepPlan(branch, 2) });
    expect(producingStep(all, 2, 1)).toEqual({ branch: 0, plan: stepPlan(original, 1) });
    expect(producingStep(all, 2, 3)).toEqual({ branch: 2, plan: stepPlan(nested, 3) });
  });

  it('finds nothing when no branch read the same tokens before it', () => {
    const otherPrompt: BranchTokens = { promptIds: [99], ids: [20, 30], forced: 1 };
    expect(producingStep([otherPrompt], 0, 0)).toBeNull();
    expect(producingStep([original, otherPrompt], 1, 0)).toBeNull();
    expect(producingStep(branches, 1, 9)).toBeNull();
    expect(producingStep(branches, 5, 0)).toBeNull();
  });
});
