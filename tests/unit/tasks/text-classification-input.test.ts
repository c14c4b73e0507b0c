import { describe, expect, it } from 'vitest';
import { toBertInputs, truncateSequence } from '../../../src/lib/tasks/text-classification/encode-batch.ts';
import {
  MAX_CHARS_PER_LINE,
  MAX_LINES,
  splitInputLines,
} from '../../../src/lib/tasks/text-classification/input-lines.ts';

describe('splitInputLines', () => {
  it('keeps one trimmed, non-blank line per sequence', () => {
    expect(splitInputLines('  good \r\n\n bad\r  \n').lines.map((l) => l.text)).toEqual(['good', 'bad']);
  });

  it('gives no lines for blank text', () => {
    expect(splitInputLines(' \n\t\n').lines).toEqual([]);
  });

  it('caps the batch and counts what it left out', () => {
    const text = Array.from({ length: MAX_LINES + 5 }, (_, i) => `line ${i}`).join('\n');
    const batch = splitInputLines(text);
    expect(batch.lines).toHaveLength(MAX_LINES);
    expect(batch.droppedLines).toBe(5);
  });

  it('clips huge lines by code point without splitting an emoji', () => {
    const line = '😀'.repeat(MAX_CHARS_PER_LINE + 10);
    const [clipped] = splitInputLines(line).lines;
    expect(clipped?.clipped).toBe(true);
    expect(Array.from(clipped?.text ?? '')).toHaveLength(MAX_CHARS_PER_LINE);
    expect(clipped?.text.endsWith('😀')).toBe(true);
  });
});

describe('truncateSequence', () => {
  const sep = { id: 102, token: '[SEP]' };

  it('leaves short sequences alone', () => {
    const s = truncateSequence([101, 7, 102], ['[CLS]', 'a', '[SEP]'], 4, sep);
    expect(s).toEqual({
      ids: [101, 7, 102],
      tokens: ['[CLS]', 'a', '[SEP]'],
      fullLength: 3,
      truncated: false,
    });
  });

  it('cuts to maxLength and keeps [SEP] last', () => {
    const s = truncateSequence([101, 1, 2, 3, 4, 102], ['[CLS]', 'a', 'b', 'c', 'd', '[SEP]'], 4, sep);
    expect(s.ids).toEqual([101, 1, 2, 102]);
    expect(s.tokens).toEqual(['[CLS]', 'a', 'b', '[SEP]']);
    expect(s.truncated).toBe(true);
    expect(s.fullLength).toBe(6);
  });
});

describe('toBertInputs', () => {
  it('pads to the longest sequence with a zero attention mask', () => {
    const inputs = toBertInputs(
      [
        { ids: [101, 5, 6, 102], tokens: [], fullLength: 4, truncated: false },
        { ids: [101, 7, 102], tokens: [], fullLength: 3, truncated: false },
      ],
      0,
    );
    expect(inputs.input_ids.dims).toEqual([2, 4]);
    expect([...inputs.input_ids.data].map(Number)).toEqual([101, 5, 6, 102, 101, 7, 102, 0]);
    expect([...inputs.attention_mask.data].map(Number)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    expect([...inputs.token_type_ids.data].map(Number)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(inputs.input_ids.type).toBe('int64');
  });
});
