import { describe, expect, it } from 'vitest';
import {
  entityTypes,
  textSegments,
  typeOf,
} from '../../../../src/lib/tasks/token-classification/entity-segments.ts';
import { alignTokens, bertWords } from '../../../../src/lib/tasks/token-classification/token-offsets.ts';

describe('entity segments', () => {
  it('cuts the text into plain and entity runs, skipping overlaps and entities without offsets', () => {
    const text = 'Sarah lives in New York';
    const segments = textSegments(text, [
      { start: 15, end: 23 },
      { start: 0, end: 5 },
      { start: 16, end: 19 },
      { start: null, end: null },
    ]);
    expect(segments).toEqual([
      { text: 'Sarah', entity: 1 },
      { text: ' lives in ', entity: null },
      { text: 'New York', entity: 0 },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('names entity types from BIO and plain labels, O left out', () => {
    expect(entityTypes(['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'MISC'])).toEqual(['PER', 'LOC', 'MISC']);
    expect(typeOf('B-ORG')).toBe('ORG');
    expect(typeOf('ORG')).toBe('ORG');
  });
});

describe('token offsets', () => {
  it('splits words as BERT does: punctuation alone, whitespace between', () => {
    const text = "New-York, it's 2026!";
    expect(bertWords(text).map((w) => text.slice(w.start, w.end))).toEqual([
      'New',
      '-',
      'York',
      ',',
      'it',
      "'",
      's',
      '2026',
      '!',
    ]);
  });

  it('finds lower-cased, accent-stripped and ## pieces in the original text', () => {
    const text = 'Zürich and HuggingFace';
    const tokens = ['[CLS]', 'zu', '##rich', 'and', 'hugging', '##face', '[SEP]'];
    const special = tokens.map((t) => t.startsWith('['));
    expect(
      alignTokens(text, tokens, special).map((s) =>
        s.start === null ? null : text.slice(s.start, s.end ?? 0),
      ),
    ).toEqual([null, 'Zü', 'rich', 'and', 'Hugging', 'Face', null]);
  });

  it('gives an unknown token the gap it stands for', () => {
    const text = 'I ♥ tea';
    const spans = alignTokens(text, ['i', '[UNK]', 'tea'], [false, false, false]);
    expect(spans[1]).toEqual({ start: 2, end: 3 });
  });
});
