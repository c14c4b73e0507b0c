// Fill-mask post-processing on hand-made logits, as Hugging Face's fill-mask pipeline documents it: a
// softmax over the vocabulary at each mask position, the top k tokens best first, each mask of the text
// predicted on its own from the same run; and the text side (the mask token found, a filler put in).
import { describe, expect, it } from 'vitest';
import {
  continuesWord,
  fillerText,
  fillMasks,
  maskPositions,
  probabilitiesOf,
  topIndices,
} from '../../../../src/lib/tasks/fill-mask/fillers.ts';
import {
  insertFiller,
  insertMask,
  maskOffsets,
  noMaskHint,
  vocabularyOf,
} from '../../../../src/lib/tasks/fill-mask/mask-text.ts';

const VOCAB = ['[PAD]', '[MASK]', 'heavens', 'earth', '##s', 'the'];
const tokenOf = (id: number) => VOCAB[id] ?? `[id ${id}]`;

describe('fillMasks', () => {
  // 3 positions × 6 tokens: position 1 prefers "heavens", position 2 prefers "##s".
  const logits = [
    [0, 0, 0, 0, 0, 0],
    [0, 0, 3, 1, -1, 2],
    [0, 0, 1, 1, 4, 0],
  ].flat();

  it('is a softmax over the vocabulary at each mask, top k best first', () => {
    const [first] = fillMasks(logits, 6, [1], tokenOf, 3);
    const exps = [0, 0, 3, 1, -1, 2].map(Math.exp);
    const total = exps.reduce((a, b) => a + b, 0);
    expect(first?.position).toBe(1);
    expect(first?.fillers.map((f) => f.token)).toEqual(['heavens', 'the', 'earth']);
    expect(first?.fillers[0]?.probability).toBeCloseTo((exps[2] ?? 0) / total, 12);
    expect(first?.fillers[0]?.logit).toBe(3);
    expect(first?.fillers.map((f) => f.id)).toEqual([2, 5, 3]);
  });

  it('predicts each of several masks from the same run, independently', () => {
    const masks = fillMasks(logits, 6, [1, 2], tokenOf, 1);
    expect(masks.map((m) => m.fillers[0]?.token)).toEqual(['heavens', '##s']);
    expect(masks[1]?.fillers[0]?.text).toBe('s');
  });

  it('keeps k between 1 and the vocabulary, and says when a position has no logits', () => {
    expect(fillMasks(logits, 6, [1], tokenOf, 100)[0]?.fillers).toHaveLength(6);
    expect(fillMasks(logits, 6, [1], tokenOf, 0)[0]?.fillers).toHaveLength(1);
    expect(() => fillMasks(logits, 6, [3], tokenOf)).toThrow(RangeError);
  });

  it('gives the probabilities of chosen ids at one position (what occlusion compares)', () => {
    const [p] = probabilitiesOf(logits, 6, 1, [2]);
    expect(p).toBeCloseTo(fillMasks(logits, 6, [1], tokenOf)[0]?.fillers[0]?.probability ?? NaN, 12);
  });

  it('finds mask positions and the top indices with ties in id order', () => {
    expect(maskPositions([2, 1, 7, 1, 3], 1)).toEqual([1, 3]);
    expect(maskPositions([2, 7, 3], 1)).toEqual([]);
    expect(topIndices([0.1, 0.5, 0.5, 0.2], 3)).toEqual([1, 2, 3]);
  });
});

describe('filler text', () => {
  it('reads WordPiece, byte-level BPE and SentencePiece tokens as words', () => {
    expect(fillerText('heavens')).toBe('heavens');
    expect(fillerText('##eth')).toBe('eth');
    expect(fillerText('##')).toBe('##');
    expect(fillerText('\u0120Paris')).toBe('Paris');
    expect(fillerText('\u2581capital')).toBe('capital');
    expect(continuesWord('##eth')).toBe(true);
    expect(continuesWord('heavens')).toBe(false);
  });

  it('finds the mask token in text, and says what to do when there is none', () => {
    expect(maskOffsets('a [MASK] b [MASK]', '[MASK]')).toEqual([2, 11]);
    expect(maskOffsets('a <mask> b', '[MASK]')).toEqual([]);
    expect(noMaskHint('<mask>')).toBe(
      'Put <mask> where a word should be guessed — the model fills each <mask> in the text.',
    );
  });

  it('puts a filler in the chosen blank; a continuation joins the word before it', () => {
    const text = 'God created the [MASK] and the [MASK].';
    expect(insertFiller(text, '[MASK]', 0, 'heavens')).toBe('God created the heavens and the [MASK].');
    expect(insertFiller(text, '[MASK]', 1, 'earth')).toBe('God created the [MASK] and the earth.');
    expect(insertFiller('He walk [MASK] on', '[MASK]', 0, '##eth')).toBe('He walketh on');
    expect(insertFiller(text, '[MASK]', 2, 'x')).toBe(text);
  });

  it('inserts the mask token at the caret, spaced from the words beside it', () => {
    expect(insertMask('God created the', '[MASK]', 15)).toBe('God created the [MASK]');
    expect(insertMask('the earth', '[MASK]', 0)).toBe('[MASK] the earth');
    expect(insertMask('the earth.', '<mask>', 9)).toBe('the earth <mask>.');
    expect(insertMask('', '[MASK]', 5)).toBe('[MASK]');
  });

  it('names every id from tokenizer.json: WordPiece/BPE maps, Unigram lists and added tokens', () => {
    const wordPiece = vocabularyOf({
      model: { vocab: { hello: 5, '##s': 6 } },
      added_tokens: [{ id: 4, content: '[MASK]' }],
    });
    expect([4, 5, 6, 7].map(wordPiece)).toEqual(['[MASK]', 'hello', '##s', '[id 7]']);
    const unigram = vocabularyOf({
      model: {
        vocab: [
          ['<pad>', 0],
          ['\u2581the', -2],
        ],
      },
    });
    expect(unigram(1)).toBe('\u2581the');
    expect(vocabularyOf(null)(0)).toBe('[id 0]');
  });
});
