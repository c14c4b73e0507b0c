// A try-it check on the Generate view reads the shown branch once it has finished: its text, a token, a
// token's top candidate, the number of branches, and the layer from which the logit lens shows a token
// (for token N, the column of the token before it).
import { describe, expect, it } from 'vitest';
import type { GenerationPlayground } from '../../../src/app/generate/generation-playground.svelte.ts';
import { generationCheckPassed } from '../../../src/app/lessons/lesson-generate.ts';
import type { GenerationCheck } from '../../../src/lib/lessons/generation-fields.ts';

const candidate = (text: string, probability: number) => ({ id: text.length, text, probability });
const token = (index: number, text: string, top = text) => ({
  index,
  id: index + 100,
  text,
  probability: 0.3,
  before: [candidate(top, 0.3), candidate(' other', 0.1)],
  after: [candidate(top, 0.5)],
});
const cell = (tokenText: string) => ({ tokenText, probability: 0.2, alternatives: [] });

/** The view's state as the check reads it: one branch of prompt "Th|us| of" and tokens " Armies", ",". */
function view(overrides: { running?: boolean; lensLayers?: string[][]; branches?: number } = {}) {
  const branch = {
    id: 7,
    running: overrides.running ?? false,
    error: null,
    text: ' Armies,',
    promptTokens: [
      { id: 1, text: 'Th' },
      { id: 2, text: 'us' },
      { id: 3, text: ' of' },
    ],
    tokens: [token(0, ' Armies'), token(1, ',', ';')],
  };
  // lensLayers[layer] = the top token at each of the 5 positions.
  const layers = overrides.lensLayers ?? [
    ['y', ',', ' the', ',', ','],
    ['y', ',', ' the', ',', ','],
    ['y', ',', ' Israel', ',', ','],
    ['y', ',', ' Armies', ',', ','],
  ];
  return {
    current: branch,
    branches: Array.from({ length: overrides.branches ?? 1 }, () => branch),
    lens: { branchId: 7, error: null, answer: { ok: true, cells: layers.map((row) => row.map(cell)) } },
  } as unknown as GenerationPlayground;
}

const passes = (check: GenerationCheck, playground = view()) => generationCheckPassed(check, playground);

describe('generationCheckPassed', () => {
  it('reads the text, a token and its top candidate (spaces and case count)', () => {
    expect(passes({ kind: 'generated-text-contains', text: 'Armies,' })).toBe(true);
    expect(passes({ kind: 'generated-text-contains', text: 'armies' })).toBe(false);
    expect(passes({ kind: 'token-is', token: 1, text: ' Armies' })).toBe(true);
    expect(passes({ kind: 'token-is', token: 1, text: 'Armies' })).toBe(false);
    expect(passes({ kind: 'token-is', token: 3, text: ' Armies' })).toBe(false);
    // Token 2 was "," though ";" was the model's top candidate (sampled).
    expect(passes({ kind: 'top-candidate-is', token: 2, text: ';' })).toBe(true);
    expect(passes({ kind: 'top-candidate-is', token: 2, text: ',' })).toBe(false);
  });

  it('counts branches', () => {
    expect(passes({ kind: 'branches-at-least', count: 2 })).toBe(false);
    expect(passes({ kind: 'branches-at-least', count: 2 }, view({ branches: 2 }))).toBe(true);
  });

  it('holds nothing while the shown generation runs', () => {
    expect(passes({ kind: 'generated-text-contains', text: 'Armies' }, view({ running: true }))).toBe(false);
  });

  it('finds the layer from which the lens shows token N, in the column before it', () => {
    const lens = (text: string, token: number, layer: number) =>
      passes({ kind: 'lens-shows', text, token, layer });
    expect(lens(' Armies', 1, 4)).toBe(true);
    // Not from layer 3 (it says " Israel" there), and not "from layer 4" for a token already there at 3.
    expect(lens(' Armies', 1, 3)).toBe(false);
    expect(lens(' Israel', 1, 3)).toBe(false);
    // Token 2's column is the one after " Armies": "," from layer 1.
    expect(lens(',', 2, 1)).toBe(true);
    expect(lens(',', 2, 2)).toBe(false);
    expect(lens(',', 9, 1)).toBe(false);
    expect(lens(' Armies', 1, 5)).toBe(false);
  });

  it('ignores a lens of another branch, or none', () => {
    const other = view();
    (other as unknown as { lens: { branchId: number } }).lens.branchId = 6;
    expect(passes({ kind: 'lens-shows', text: ' Armies', token: 1, layer: 4 }, other)).toBe(false);
    (other as unknown as { lens: null }).lens = null;
    expect(passes({ kind: 'lens-shows', text: ' Armies', token: 1, layer: 4 }, other)).toBe(false);
  });
});
