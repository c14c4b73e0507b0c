// The text each token adds, from a window of the last tokens: joined, the pieces are the whole text's
// decode, for real tokenizers (byte-level BPE, WordPiece) on text whose characters span several tokens.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { IncrementalText } from '../../../../src/lib/tasks/text-generation/incremental-text.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');

function tokenizer(folder: string): Tokenizer {
  const read = (name: string) => JSON.parse(readFileSync(resolve(ROOT, folder, name), 'utf8')) as object;
  return new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json') as Record<string, unknown>);
}

const TRICKY = [
  'In the beginning God created the heaven and the earth.',
  'café naïve — “quoted” ‘single’ … 😀👍🏽 日本語 end',
  '  two  spaces, then, punctuation ! ? . and a newline\nhere',
  'é',
  '😀😀😀',
];

describe('IncrementalText', () => {
  for (const folder of ['models/tiny-bible-gpt', 'tests/fixtures/hub/glassbox/tiny-random-llama']) {
    it(`joins into the whole decode, one token at a time (${folder}, byte-level)`, () => {
      const tok = tokenizer(folder);
      const decode = (ids: readonly number[]) => (ids.length === 0 ? '' : tok.decode([...ids]));
      for (const sample of TRICKY) {
        const ids = tok.encode(sample, { add_special_tokens: false }).ids;
        const text = new IncrementalText(decode);
        const pieces = ids.map((id) => text.push(id));
        expect(text.flush()).toBe('');
        expect(pieces.join('')).toBe(decode(ids));
        expect(text.text).toBe(decode(ids));
        // No piece ends inside a character: no replacement character, no lone surrogate.
        for (const piece of pieces) {
          expect(piece).not.toContain('\uFFFD');
          expect(piece).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        }
      }
    });
  }

  it('holds back the pieces of one character until the token that completes it', () => {
    const tok = tokenizer('models/tiny-bible-gpt');
    const decode = (ids: readonly number[]) => tok.decode([...ids]);
    const ids = tok.encode('😀', { add_special_tokens: false }).ids;
    expect(ids.length).toBeGreaterThan(1);
    const text = new IncrementalText(decode);
    const pieces = ids.map((id) => text.push(id));
    expect(pieces.slice(0, -1).every((piece) => piece === '')).toBe(true);
    expect(pieces.at(-1)).toBe('😀');
  });

  it('continues after tokens already there (a branch) and flushes an unfinished character at the end', () => {
    const tok = tokenizer('models/tiny-bible-gpt');
    const decode = (ids: readonly number[]) => (ids.length === 0 ? '' : tok.decode([...ids]));
    const ids = tok.encode('And God said, 😀', { add_special_tokens: false }).ids;
    const text = new IncrementalText(decode, ids.slice(0, 3));
    expect(text.text).toBe(decode(ids.slice(0, 3)));
    // Stop one byte short of the emoji: the held-back bytes come out as they decode.
    for (const id of ids.slice(3, -1)) text.push(id);
    text.flush();
    expect(text.text).toBe(decode(ids.slice(0, -1)));
  });

  it('gives WordPiece’s joined pieces and cleaned-up punctuation as the whole decode does', () => {
    const tok = tokenizer('models/tiny-bible-bert');
    const decode = (ids: readonly number[]) => (ids.length === 0 ? '' : tok.decode([...ids]));
    const ids = tok.encode('Unbelievably, the firmament divided: waters above, waters below.', {
      add_special_tokens: false,
    }).ids;
    const text = new IncrementalText(decode);
    const pieces = ids.map((id) => text.push(id));
    expect(pieces.join('')).toBe(decode(ids));
  });
});
