// The answer view's question in a shared link: kept for task=answer (with the context as text), dropped
// with a sentence elsewhere, held to the text's length limit, and written back in a stable place.
import { describe, expect, it } from 'vitest';
import { decodeShareState, encodeShareState, MAX_SHARED_TEXT } from '../../../src/lib/sources/share-state.ts';

const CONTEXT = { catalogIds: ['tiny-sentiment-bert'], sampleNames: [], pageOrigin: 'http://localhost:5173' };

describe('the question link field', () => {
  it('round-trips a question for the answer view', () => {
    const search = '?model=glassbox%2Ftiny-random-bert-qa&task=answer&text=Paris+is+big.&question=Where%3F';
    const { state, problems } = decodeShareState(search, CONTEXT);
    expect(problems).toEqual([]);
    expect(state.question).toBe('Where?');
    expect(state.text).toBe('Paris is big.');
    expect(decodeShareState(encodeShareState(state), CONTEXT).state).toEqual(state);
  });

  it('drops a question on another view, with a sentence', () => {
    const { state, problems } = decodeShareState('?task=entities&question=Who%3F', CONTEXT);
    expect(state.question).toBeUndefined();
    expect(problems).toEqual([
      'The link’s question was ignored: it applies to the answer view (task=answer) only.',
    ]);
  });

  it('drops a question longer than the limit', () => {
    const long = 'q'.repeat(MAX_SHARED_TEXT + 1);
    const { state, problems } = decodeShareState(`?task=answer&question=${long}`, CONTEXT);
    expect(state.question).toBeUndefined();
    expect(problems[0]).toMatch(/question was dropped/);
  });
});
