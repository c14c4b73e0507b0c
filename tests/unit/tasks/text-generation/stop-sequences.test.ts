import { describe, expect, it } from 'vitest';
import {
  findStop,
  heldBackLength,
  parseStopSequences,
} from '../../../../src/lib/tasks/text-generation/stop-sequences.ts';

describe('stop sequences', () => {
  it('finds the earliest stop sequence, also when tokens split it', () => {
    // "\n\n" arriving as two "\n" tokens is found in the text they decode to together.
    const tokens = ['Hello', '\n', '\n', 'more'];
    let text = '';
    let found = null;
    for (const token of tokens) {
      text += token;
      found = findStop(text, ['\n\n', 'xyz']);
      if (found) break;
    }
    expect(found).toEqual({ index: 5, sequence: '\n\n' });
    expect(findStop('one. two', ['two', 'one'])).toEqual({ index: 0, sequence: 'one' });
    expect(findStop('nothing', ['', 'z'])).toBeNull();
  });

  it('holds back a tail that could start a stop sequence', () => {
    expect(heldBackLength('The end\n', ['\n\n'])).toBe(1);
    expect(heldBackLength('User: hi. Us', ['User:'])).toBe(2);
    expect(heldBackLength('plain', ['User:'])).toBe(0);
  });

  it('reads one stop sequence per line with \\n escapes', () => {
    expect(parseStopSequences('\\n\\n\nUser:\n\n')).toEqual(['\n\n', 'User:']);
  });
});
