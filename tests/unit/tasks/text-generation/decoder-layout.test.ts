import { describe, expect, it } from 'vitest';
import type { IoSignature, TensorSignature } from '../../../../src/lib/sources/io-signature.ts';
import { cacheBytes, decoderLayout } from '../../../../src/lib/tasks/text-generation/decoder-layout.ts';
import { recognizeCausalLm } from '../../../../src/lib/tasks/text-generation/causal-lm.ts';
import {
  emptyPast,
  lastLogits,
  presentToPast,
  stepFeeds,
} from '../../../../src/lib/tasks/text-generation/step-feeds.ts';

const t = (name: string, dtype: string, shape: TensorSignature['shape']): TensorSignature => ({
  name,
  dtype,
  shape,
});

/** A transformers.js-style decoder signature: layers, kv heads and head size fixed or symbolic. */
function decoderSignature(options: {
  layers: number;
  kvShape: TensorSignature['shape'];
  positionIds?: boolean;
  merged?: boolean;
  cacheType?: string;
}): IoSignature {
  const inputs = [
    t('input_ids', 'int64', ['batch_size', 'sequence_length']),
    t('attention_mask', 'int64', ['batch_size', 'total']),
  ];
  if (options.positionIds) inputs.push(t('position_ids', 'int64', ['batch_size', 'sequence_length']));
  const outputs = [t('logits', 'float32', ['batch_size', 'sequence_length', 100])];
  for (let i = 0; i < options.layers; i++) {
    for (const half of ['key', 'value']) {
      inputs.push(t(`past_key_values.${i}.${half}`, options.cacheType ?? 'float32', options.kvShape));
      outputs.push(t(`present.${i}.${half}`, options.cacheType ?? 'float32', options.kvShape));
    }
  }
  if (options.merged) inputs.push(t('use_cache_branch', 'bool', [1]));
  return { inputs, outputs };
}

describe('decoderLayout', () => {
  it('reads a Llama-shaped GQA export: kv heads from num_key_value_heads, head_dim from hidden/heads', () => {
    const signature = decoderSignature({
      layers: 3,
      kvShape: ['batch_size', 2, 'past', 16],
      positionIds: true,
    });
    const layout = decoderLayout(signature, {
      num_attention_heads: 8,
      num_key_value_heads: 2,
      hidden_size: 128,
    });
    expect(layout.cache).toBe('kv');
    expect(layout.layers).toHaveLength(3);
    expect(layout.layers[2]).toEqual({
      pastKey: 'past_key_values.2.key',
      pastValue: 'past_key_values.2.value',
      presentKey: 'present.2.key',
      presentValue: 'present.2.value',
    });
    expect(layout.kvHeads).toBe(2);
    expect(layout.headDim).toBe(16);
    expect(layout.positionIds).toBe('position_ids');
    const symbolic = decoderSignature({ layers: 1, kvShape: ['b', 'h', 'p', 'd'] });
    const gqa = decoderLayout(symbolic, { num_attention_heads: 8, num_key_value_heads: 2, hidden_size: 128 });
    expect([gqa.kvHeads, gqa.headDim]).toEqual([2, 16]);
    const gpt2 = decoderLayout(symbolic, { n_head: 4, n_embd: 64 });
    expect([gpt2.kvHeads, gpt2.headDim]).toEqual([4, 16]);
    expect(cacheBytes(gqa, 10)).toBe(1 * 2 * 2 * 10 * 16 * 4);
  });

  it('recognises the merged decoder and a model without cache', () => {
    const merged = decoderLayout(
      decoderSignature({ layers: 2, kvShape: [1, 4, 'p', 8], merged: true, cacheType: 'float16' }),
      null,
    );
    expect(merged.useCacheBranch).toBe('use_cache_branch');
    expect(merged.cacheType).toBe('float16');
    const none = decoderLayout(
      { inputs: [t('input_ids', 'int64', [1, 's'])], outputs: [t('logits', 'float32', [1, 's', 50])] },
      null,
    );
    expect(none.cache).toBe('none');
    expect(none.attentionMask).toBeNull();
  });

  it('names what is missing', () => {
    expect(() =>
      decoderLayout({ inputs: [t('pixel_values', 'float32', [1, 3, 4, 4])], outputs: [] }, null),
    ).toThrow(/no input_ids/);
    const broken = decoderSignature({ layers: 2, kvShape: [1, 4, 'p', 8] });
    broken.outputs = broken.outputs.filter((output) => output.name !== 'present.1.value');
    expect(() => decoderLayout(broken, null)).toThrow(/incomplete at layer 1/);
    expect(() => decoderLayout(decoderSignature({ layers: 1, kvShape: ['b', 'h', 'p', 'd'] }), {})).toThrow(
      /key\/value heads/,
    );
    const extra = decoderSignature({ layers: 1, kvShape: [1, 4, 'p', 8] });
    extra.inputs.push(t('pixel_values', 'float32', [1]));
    expect(() => decoderLayout(extra, null)).toThrow(/pixel_values/);
  });
});

describe('step feeds', () => {
  const layout = decoderLayout(
    decoderSignature({ layers: 2, kvShape: [1, 2, 'p', 4], positionIds: true, merged: true }),
    null,
  );

  it('feeds the first step with an empty past and the branch flag off', () => {
    const feeds = stepFeeds(layout, [5, 6, 7], 0);
    expect(feeds.input_ids).toEqual({ type: 'int64', dims: [1, 3], data: BigInt64Array.of(5n, 6n, 7n) });
    expect(feeds.attention_mask!.dims).toEqual([1, 3]);
    expect(feeds.position_ids!.data).toEqual(BigInt64Array.of(0n, 1n, 2n));
    expect(feeds.use_cache_branch!.data).toEqual(Uint8Array.of(0));
    expect(emptyPast(layout)).toEqual([
      { name: 'past_key_values.0.key', type: 'float32', dims: [1, 2, 0, 4] },
      { name: 'past_key_values.0.value', type: 'float32', dims: [1, 2, 0, 4] },
      { name: 'past_key_values.1.key', type: 'float32', dims: [1, 2, 0, 4] },
      { name: 'past_key_values.1.value', type: 'float32', dims: [1, 2, 0, 4] },
    ]);
  });

  it('feeds a later step one token at its position, the mask over past and new, the flag on', () => {
    const feeds = stepFeeds(layout, [9], 3);
    expect(feeds.input_ids!.dims).toEqual([1, 1]);
    expect(feeds.attention_mask!.dims).toEqual([1, 4]);
    expect(feeds.position_ids!.data).toEqual(BigInt64Array.of(3n));
    expect(feeds.use_cache_branch!.data).toEqual(Uint8Array.of(1));
    expect(presentToPast(layout)[1]).toEqual(['present.0.value', 'past_key_values.0.value']);
  });

  it('uses int32 ids where the model declares them, and reads the last position of the logits', () => {
    const int32 = decoderLayout(
      { inputs: [t('input_ids', 'int32', [1, 's'])], outputs: [t('logits', 'float32', [1, 's', 3])] },
      null,
    );
    expect(stepFeeds(int32, [1, 2], 0).input_ids!.type).toBe('int32');
    expect([...lastLogits({ dims: [1, 2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) })]).toEqual([4, 5, 6]);
  });
});

describe('recognizeCausalLm', () => {
  const signature = decoderSignature({ layers: 1, kvShape: [1, 2, 'p', 4] });

  it('accepts …ForCausalLM, …LMHeadModel and known model types', () => {
    expect(recognizeCausalLm(signature, { architectures: ['LlamaForCausalLM'] })).toMatchObject({ ok: true });
    expect(recognizeCausalLm(signature, { architectures: ['GPT2LMHeadModel'] }).reason).toMatch(
      /GPT2LMHeadModel.*1 layers/,
    );
    expect(recognizeCausalLm(signature, { model_type: 'qwen2' })).toMatchObject({ ok: true });
    expect(recognizeCausalLm(signature, null)).toMatchObject({ ok: true });
  });

  it('refuses another head, an unknown model type, and a cacheless model nothing names', () => {
    expect(recognizeCausalLm(signature, { architectures: ['BertForSequenceClassification'] }).reason).toMatch(
      /not a language-model head/,
    );
    expect(recognizeCausalLm(signature, { model_type: 'bert' }).ok).toBe(false);
    const classifier = {
      inputs: [t('input_ids', 'int64', [1, 's'])],
      outputs: [t('logits', 'float32', [1, 2])],
    };
    expect(recognizeCausalLm(classifier, null).reason).toMatch(/Nothing says/);
    expect(recognizeCausalLm(classifier, { architectures: ['GPT2LMHeadModel'] }).reason).toMatch(
      /without a key\/value cache/,
    );
  });
});
