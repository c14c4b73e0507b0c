import { describe, expect, it } from 'vitest';
import { decodeShareState, encodeShareState } from '../../../../src/lib/sources/share-state.ts';
import type { IoSignature } from '../../../../src/lib/sources/io-signature.ts';
import { recogniseTask } from '../../../../src/lib/tasks/registry.ts';
import { DEFAULT_GENERATION_SETTINGS } from '../../../../src/lib/tasks/text-generation/generation-settings.ts';

const context = { catalogIds: ['tiny-bible-gpt'], sampleNames: [], pageOrigin: 'http://localhost' };

describe('generation settings in a share link', () => {
  it('round-trips prompt, seed, sampling and stop sequences', () => {
    const generation = {
      ...DEFAULT_GENERATION_SETTINGS,
      mode: 'sample' as const,
      seed: 7,
      temperature: 1.1,
      topK: 5,
      maxNewTokens: 12,
      stopSequences: ['\n\n', 'Amen'],
      useChatTemplate: false,
    };
    const query = encodeShareState({
      model: { kind: 'catalog', id: 'tiny-bible-gpt' },
      view: 'generate',
      backend: 'wasm',
      text: 'And the LORD spake',
      sample: null,
      overlay: null,
      node: null,
      generation,
    });
    expect(query).toContain('seed=7');
    const decoded = decodeShareState(query, context);
    expect(decoded.problems).toEqual([]);
    expect(decoded.state.text).toBe('And the LORD spake');
    expect(decoded.state.generation).toEqual(generation);
  });

  it('says what it drops, and clamps what is out of range', () => {
    const decoded = decodeShareState('?task=generate&sampling=wild&seed=x&max_tokens=99999', context);
    expect(decoded.state.generation?.mode).toBe('greedy');
    expect(decoded.state.generation?.maxNewTokens).toBe(512);
    expect(decoded.problems.join(' ')).toMatch(/sampling .*greedy.*seed is not a number/);
    const elsewhere = decodeShareState('?task=text&seed=3', context);
    expect(elsewhere.state.generation).toBeUndefined();
    expect(elsewhere.problems.join(' ')).toMatch(/generate view/);
  });
});

describe('the text-generation row recognises causal LMs', () => {
  const t = (name: string, dtype = 'int64', shape: Array<number | string> = [1, 's']) => ({
    name,
    dtype,
    shape,
  });
  const lm: IoSignature = {
    inputs: [
      t('input_ids'),
      t('attention_mask'),
      t('past_key_values.0.key', 'float32', [1, 2, 'p', 8]),
      t('past_key_values.0.value', 'float32', [1, 2, 'p', 8]),
    ],
    outputs: [
      t('logits', 'float32', [1, 's', 10]),
      t('present.0.key', 'float32'),
      t('present.0.value', 'float32'),
    ],
  };

  it('takes a causal LM with a tokenizer, refuses one without, and leaves classifiers to the text view', () => {
    const config = { architectures: ['LlamaForCausalLM'] };
    expect(recogniseTask({ signature: lm, config, available: { tokenizer: true } }).task).toBe(
      'text-generation',
    );
    const noTokenizer = recogniseTask({ signature: lm, config, available: { tokenizer: false } });
    expect(noTokenizer.task).toBe('generic');
    expect(noTokenizer.reason).toMatch(/tokenizer\.json/);
    const classifier: IoSignature = {
      inputs: [t('input_ids'), t('attention_mask')],
      outputs: [t('logits', 'float32', ['b', 2])],
    };
    expect(
      recogniseTask({
        signature: classifier,
        config: { architectures: ['BertForSequenceClassification'], id2label: { 0: 'a', 1: 'b' } },
        available: { tokenizer: true },
      }).task,
    ).toBe('text-classification');
  });
});
