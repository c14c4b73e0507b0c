// (premise, hypothesis) pairs as the NLI model reads them, with the test NLI model's tokenizer: BERT's
// pair template and token types equal the recipe's Python tokenization, and a pair too long for the model
// loses tokens from the end of the premise only (Hugging Face's only_first truncation). Also the
// zero-shot link settings.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPairTokenizer, toPairInputs } from '../../../../src/lib/tasks/zero-shot/pair-encoding.ts';
import {
  decodeZeroShotParams,
  encodeZeroShotParams,
} from '../../../../src/lib/tasks/zero-shot/zero-shot-link.ts';

const FOLDER = 'tests/fixtures/hub/glassbox/tiny-random-nli-bert';
const tokenizerJson = JSON.parse(readFileSync(`${FOLDER}/tokenizer.json`, 'utf8')) as unknown;
const tokenizerConfig = JSON.parse(readFileSync(`${FOLDER}/tokenizer_config.json`, 'utf8')) as Record<
  string,
  unknown
>;
const reference = JSON.parse(readFileSync(`${FOLDER}/reference.json`, 'utf8')) as {
  cases: Array<{ premise: string; inputIds: number[][]; tokenTypeIds: number[][] }>;
};

describe('createPairTokenizer', () => {
  it('encodes [CLS] premise [SEP] hypothesis [SEP] with token types 0 then 1, as the recipe did', () => {
    const tokenizer = createPairTokenizer(tokenizerJson, tokenizerConfig, 64);
    const golden = reference.cases[0]!;
    const pair = tokenizer.encodePair(golden.premise, 'This example is politics.');
    expect(pair.ids).toEqual(golden.inputIds[0]);
    expect(pair.typeIds).toEqual(golden.tokenTypeIds[0]);
    expect(pair.truncated).toBe(false);
  });

  it('cuts only the premise, from its end, when the pair is too long', () => {
    const full = createPairTokenizer(tokenizerJson, tokenizerConfig, 64).encodePair(
      'the cat sat on the mat',
      'it is a cat.',
    );
    const short = createPairTokenizer(tokenizerJson, tokenizerConfig, full.ids.length - 2).encodePair(
      'the cat sat on the mat',
      'it is a cat.',
    );
    expect(short.truncated).toBe(true);
    expect(short.tokens).toEqual([...full.tokens.slice(0, 5), ...full.tokens.slice(7)]);
    expect(short.tokens.slice(0, 5)).toEqual(['[CLS]', 'the', 'cat', 'sat', 'on']);
    expect(short.typeIds.filter((type) => type === 1)).toHaveLength(
      full.typeIds.filter((type) => type === 1).length,
    );
  });

  it('refuses a hypothesis that alone is longer than the model takes', () => {
    expect(() =>
      createPairTokenizer(tokenizerJson, tokenizerConfig, 6).encodePair(
        'a',
        'this example is about politics',
      ),
    ).toThrow(/hypothesis alone is longer/);
  });

  it('pads pairs to the longest, padding masked out and of token type 0', () => {
    const tokenizer = createPairTokenizer(tokenizerJson, tokenizerConfig, 64);
    const inputs = toPairInputs(
      [tokenizer.encodePair('a', 'b'), tokenizer.encodePair('a cat', 'b')],
      tokenizer.padId,
    );
    expect(inputs.input_ids!.dims).toEqual([2, 6]);
    expect(Array.from(inputs.attention_mask!.data as BigInt64Array).map(Number)).toEqual([
      1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1,
    ]);
    expect(Array.from(inputs.token_type_ids!.data as BigInt64Array).map(Number)).toEqual([
      0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1,
    ]);
  });
});

describe('zero-shot link settings', () => {
  it('round-trips labels, template and multi-label; defaults are left out of the link', () => {
    const params = new URLSearchParams();
    encodeZeroShotParams({ labels: 'a, b', template: 'This example is {}.', multiLabel: false }, params);
    expect(params.toString()).toBe('labels=a%2C+b');
    encodeZeroShotParams({ labels: 'a', template: 'It is {}', multiLabel: true }, params);
    expect(decodeZeroShotParams(params, [])).toEqual({ labels: 'a', template: 'It is {}', multiLabel: true });
    expect(decodeZeroShotParams(new URLSearchParams('text=x'), [])).toBeNull();
  });

  it('drops what it cannot use, with a sentence each', () => {
    const problems: string[] = [];
    const settings = decodeZeroShotParams(
      new URLSearchParams({ labels: 'x'.repeat(600), multi_label: 'yes' }),
      problems,
    );
    expect(settings).toEqual({ labels: '', template: 'This example is {}.', multiLabel: false });
    expect(problems).toHaveLength(2);
  });
});
