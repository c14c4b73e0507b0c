// The viewer is chosen by shape: attention sites, image-like, sequence-like with tokens, small, the rest.
import { describe, expect, it } from 'vitest';
import { chooseViewer } from '../../../src/lib/viewers/viewer-choice.ts';

const plain = { isAttention: false, hasTokens: false };
const text = { isAttention: false, hasTokens: true };
const attention = { isAttention: true, hasTokens: true };

describe('chooseViewer', () => {
  it('shows an attention site [N, heads, T, T] as attention', () => {
    expect(chooseViewer([1, 2, 8, 8], attention).kind).toBe('attention');
    expect(chooseViewer([1, 12, 128, 128], { isAttention: true, hasTokens: false }).kind).toBe('attention');
  });

  it('does not call a non-square or non-attention 4-D value attention', () => {
    expect(chooseViewer([1, 2, 8, 8], text).kind).toBe('channels');
    expect(chooseViewer([1, 2, 8, 9], attention).kind).toBe('channels');
  });

  it('shows [N, C, H, W] with H, W > 1 as channel maps', () => {
    expect(chooseViewer([1, 32, 104, 104], plain)).toEqual({
      kind: 'channels',
      reason: 'Image-like [1, 32, 104, 104]: batch × channels × height × width.',
    });
    expect(chooseViewer([1, 1280, 1, 1], plain).kind).toBe('table');
    expect(chooseViewer([1, 4, 1, 1], plain).kind).toBe('bars');
  });

  it('shows [N, T, H] as a token heatmap only when the run had text', () => {
    expect(chooseViewer([1, 6, 64], text).kind).toBe('tokens');
    expect(chooseViewer([1, 6, 64], plain).kind).toBe('table');
    expect(chooseViewer([1, 1, 64], text).kind).toBe('bars');
  });

  it('shows small tensors and vectors as bars, larger vectors and the rest as a table', () => {
    expect(chooseViewer([1, 2], text).kind).toBe('bars');
    expect(chooseViewer([64], plain).kind).toBe('bars');
    expect(chooseViewer([], plain).kind).toBe('bars');
    expect(chooseViewer([1000], plain).kind).toBe('bars');
    expect(chooseViewer([1025], plain).kind).toBe('table');
    expect(chooseViewer([1, 3549, 84], plain).kind).toBe('table');
    expect(chooseViewer([2, 5, 7, 3, 2], plain).kind).toBe('table');
  });

  it('lists an empty value as a table that says it holds nothing', () => {
    expect(chooseViewer([1, 0, 5], text)).toEqual({
      kind: 'table',
      reason: 'The value [1, 0, 5] holds no numbers.',
    });
  });
});
