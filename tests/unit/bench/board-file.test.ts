// Checking one participant's result file for the class board: each refusal is one sentence with the
// file's name and the reason; the size is refused before reading.
import { describe, expect, it } from 'vitest';
import { checkBoardFile, MAX_BOARD_FILE_BYTES, sizeProblem } from '../../../src/lib/bench/board-file.ts';
import { classResultFiles } from '../../support/class-board-files.ts';
import { sampleResult } from './result-fixture.ts';

const check = (name: string, text: string) =>
  checkBoardFile(name, new TextEncoder().encode(text).length, text);

describe('checkBoardFile', () => {
  it('accepts a lab export as it is', () => {
    const outcome = check('me.json', JSON.stringify(sampleResult()));
    expect(outcome.ok).toBe(true);
  });

  it('refuses by size before reading, with the limit in the sentence', () => {
    const outcome = sizeProblem('video.json', MAX_BOARD_FILE_BYTES + 1);
    expect(outcome).toEqual({
      ok: false,
      name: 'video.json',
      reason: expect.stringMatching(/^video\.json is .* over the 5\.00 MB limit/),
    });
    expect(sizeProblem('ok.json', MAX_BOARD_FILE_BYTES)).toBeNull();
    // The full check refuses on the stated size too, whatever the text.
    expect(checkBoardFile('big.json', MAX_BOARD_FILE_BYTES + 1, JSON.stringify(sampleResult())).ok).toBe(
      false,
    );
  });

  it('names each kind of malformed file in one sentence', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /^x\.json is empty\.$/],
      ['{', /^x\.json is not JSON \(.+\)\.$/],
      ['[1,2]', /^x\.json is JSON but not a benchmark result/],
      ['{"a":1}', /^x\.json is not a Glassbox benchmark result: it lacks "schema"/],
      ['{"schema":"glassbox-generation-bench-result","version":1}', /^x\.json is a text-generation result;/],
      [
        JSON.stringify({ ...sampleResult(), version: 7 }),
        /^x\.json is a version 7 result; this board reads version 1\.$/,
      ],
      [
        JSON.stringify({ ...sampleResult(), outcome: 'great' }),
        /^x\.json does not match the lab’s result format: \$\.outcome: must be one of/,
      ],
    ];
    for (const [text, reason] of cases) {
      const outcome = check('x.json', text);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) {
        expect(outcome.reason).toMatch(reason);
        // One sentence: no line breaks, ends with a full stop.
        expect(outcome.reason).not.toMatch(/\n/);
        expect(outcome.reason.trim()).toMatch(/\.$/);
      }
    }
  });

  it('counts further schema problems and cuts a hostile long property name short', () => {
    const result = { ['x'.repeat(5000)]: 1, ...sampleResult(), durationMs: -1 } as Record<string, unknown>;
    const outcome = check('long.json', JSON.stringify(result));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.reason.length).toBeLessThan(260);
      expect(outcome.reason).toMatch(/\(and 1 more problem\)\.$/);
    }
  });

  it('refuses exactly the malformed ones among 30 generated class files (duplicates are the board’s job)', () => {
    const files = classResultFiles(30);
    const refused = files.filter((file) => !check(file.name, file.text).ok).map((file) => file.name);
    const expected = files
      .filter((file) => file.bad && !file.bad.startsWith('is the same'))
      .map((file) => file.name);
    expect(refused).toEqual(expected);
    expect(refused).toHaveLength(5);
  });
});
