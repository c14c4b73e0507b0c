// Presenter mode in a shared link: present=1 turns it on, on any view, and is written back at the end of the
// query; any other value is ignored with a sentence; a link without it stays as it was.
import { describe, expect, it } from 'vitest';
import { decodeShareState, encodeShareState } from '../../../src/lib/sources/share-state.ts';

const CONTEXT = { catalogIds: ['tiny-sentiment-bert'], sampleNames: [], pageOrigin: 'http://localhost:5173' };

describe('the present link field', () => {
  it('round-trips present=1 with the rest of the link', () => {
    const search = '?model=tiny-sentiment-bert&task=text&text=Good.&present=1';
    const { state, problems } = decodeShareState(search, CONTEXT);
    expect(problems).toEqual([]);
    expect(state.present).toBe(true);
    expect(encodeShareState(state)).toBe(search);
    expect(decodeShareState(encodeShareState(state), CONTEXT).state).toEqual(state);
  });

  it('is left out when off, so older links read the same', () => {
    const { state } = decodeShareState('?task=detection', CONTEXT);
    expect(state.present).toBeUndefined();
    expect(encodeShareState({ ...state, present: false })).toBe('?task=detection');
  });

  it.each(['0', 'yes', '', '1<script>'])('ignores present=%s with a sentence', (value) => {
    const { state, problems } = decodeShareState(`?present=${encodeURIComponent(value)}`, CONTEXT);
    expect(state.present).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('present=1 turns presenter mode on');
  });
});
