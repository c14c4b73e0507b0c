// The classify view's [CLS] attention choice in a shared link: attention=rollout (or last-layer) is read on a
// classify link and written back; on any other view, or with a value that is not one of the two, it is
// ignored with one sentence that quotes only an excerpt of the value; a link without it stays as it was.
import { describe, expect, it } from 'vitest';
import { decodeShareState, encodeShareState } from '../../../src/lib/sources/share-state.ts';

const CONTEXT = {
  catalogIds: ['shapes-classifier'],
  sampleNames: ['shape-1.png'],
  pageOrigin: 'http://localhost:5173',
};

describe('the attention link field', () => {
  it('round-trips attention=rollout on a classify link, after the rest of the link', () => {
    const search = '?model=shapes-classifier&task=classify&sample=shape-1.png&attention=rollout';
    const { state, problems } = decodeShareState(search, CONTEXT);
    expect(problems).toEqual([]);
    expect(state.attention).toBe('rollout');
    expect(encodeShareState(state)).toBe(search);
    expect(decodeShareState(encodeShareState(state), CONTEXT).state).toEqual(state);
  });

  it('reads last-layer too, and leaves the field out of a link that has none', () => {
    expect(decodeShareState('?task=classify&attention=last-layer', CONTEXT).state.attention).toBe(
      'last-layer',
    );
    const { state } = decodeShareState('?task=classify', CONTEXT);
    expect(state.attention).toBeUndefined();
    expect(encodeShareState(state)).toBe('?task=classify');
  });

  it('is ignored with a sentence on another view, and never written there', () => {
    const { state, problems } = decodeShareState('?task=detection&attention=rollout', CONTEXT);
    expect(state.attention).toBeUndefined();
    expect(problems).toEqual([
      'The link’s attention was ignored: it applies to the classify view (task=classify) only.',
    ]);
    expect(encodeShareState({ ...state, attention: 'rollout' })).toBe('?task=detection');
  });

  it.each(['', 'Rollout', 'rollout ', '<img src=x onerror=alert(1)>', 'x'.repeat(5000)])(
    'ignores attention=%s with one sentence',
    (value) => {
      const { state, problems } = decodeShareState(
        `?task=classify&attention=${encodeURIComponent(value)}`,
        CONTEXT,
      );
      expect(state.attention).toBeUndefined();
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain('it should be one of last-layer, rollout');
      expect(problems[0]?.length).toBeLessThan(200);
    },
  );
});
