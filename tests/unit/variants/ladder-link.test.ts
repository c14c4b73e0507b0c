// The precision ladder's link fields: variants and threshold decoded with a sentence for each bad value,
// kept for the text view only, and written back in a stable order (one state, one link).
import { describe, expect, it } from 'vitest';
import {
  decodeShareState,
  encodeShareState,
  type ShareContext,
} from '../../../src/lib/sources/share-state.ts';
import { decodeLadderParams } from '../../../src/lib/variants/ladder-link.ts';

const CONTEXT: ShareContext = {
  catalogIds: ['tiny-sentiment-bert'],
  sampleNames: [],
  pageOrigin: 'http://localhost:5173',
};

describe('ladder link fields', () => {
  it('round-trips model, variants, text and threshold through a link', () => {
    const search = '?model=tiny-sentiment-bert&task=text&text=Great+film&variants=q4%2Cfp16&threshold=30';
    const { state, problems } = decodeShareState(search, CONTEXT);
    expect(problems).toEqual([]);
    expect(state.ladder).toEqual({ variants: ['q4', 'fp16'], thresholdDb: 30 });
    // Written in the ladder's order of kinds, so one state gives one link.
    expect(encodeShareState(state)).toBe(
      '?model=tiny-sentiment-bert&task=text&text=Great+film&variants=fp16%2Cq4&threshold=30',
    );
  });

  it('leaves the default threshold out of the link', () => {
    const { state } = decodeShareState('?model=tiny-sentiment-bert&task=text&variants=fp16', CONTEXT);
    expect(state.ladder).toEqual({ variants: ['fp16'], thresholdDb: 20 });
    expect(encodeShareState(state)).toBe('?model=tiny-sentiment-bert&task=text&variants=fp16');
  });

  it('drops unknown kinds and bad thresholds with a sentence each', () => {
    const problems: string[] = [];
    const params = new URLSearchParams('variants=fp16,<script>,fp16,int3&threshold=1e9');
    expect(decodeLadderParams(params, problems)).toEqual({ variants: ['fp16'], thresholdDb: 20 });
    expect(problems).toEqual([
      'The link’s variant “<script>” is not known, so it was ignored; it should be one of fp16, fp16-simulated, int8-weights, int8-dynamic, q4.',
      'The link’s variant “int3” is not known, so it was ignored; it should be one of fp16, fp16-simulated, int8-weights, int8-dynamic, q4.',
      'The link’s threshold “1e9” is not a number of dB from 0 to 120, so 20 dB is used.',
    ]);
    const empty: string[] = [];
    expect(decodeLadderParams(new URLSearchParams('threshold=%20'), empty)?.thresholdDb).toBe(20);
    expect(empty).toHaveLength(1);
  });

  it('ignores the ladder outside the text view, and says so', () => {
    const { state, problems } = decodeShareState(
      '?model=tiny-sentiment-bert&task=inspect&variants=fp16',
      CONTEXT,
    );
    expect(state.ladder).toBeUndefined();
    expect(problems).toEqual([
      'The link’s variants were ignored: the precision ladder is in the text view (task=text).',
    ]);
  });
});
