// The thread rule for generation reads a decode step's FLOPs per node: on the embedded GPT that is far
// below a full 128-token pass's, and below the rule's threshold, so the rule starts it on 1 thread (the
// count measured fastest for its decoding, docs/benchmark.md).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelFlops } from '../../../../src/lib/flops/index.ts';
import { decodeModel } from '../../../../src/lib/onnx/index.ts';
import { ruleThreads, RULE_FLOPS_PER_NODE } from '../../../../src/lib/runtime/thread-choice.ts';
import { ioSignatureOf } from '../../../../src/lib/sources/io-signature.ts';
import { recognizeCausalLm } from '../../../../src/lib/tasks/text-generation/causal-lm.ts';
import {
  decodeFlopsPerNode,
  decodeStepShapes,
  RULE_PAST_LENGTH,
} from '../../../../src/lib/tasks/text-generation/decode-step-work.ts';
import type { DecoderLayout } from '../../../../src/lib/tasks/text-generation/decoder-layout.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');

function opened(folder: string) {
  const model = decodeModel(new Uint8Array(readFileSync(resolve(ROOT, folder, 'onnx/model.onnx'))));
  const config = JSON.parse(readFileSync(resolve(ROOT, folder, 'config.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const recognised = recognizeCausalLm(ioSignatureOf(model), config);
  if (!recognised.ok) throw new Error(recognised.reason);
  return { model, layout: recognised.layout };
}

const layout = (over: Partial<DecoderLayout>): DecoderLayout => ({
  cache: 'kv',
  inputIds: 'input_ids',
  idType: 'int64',
  attentionMask: 'attention_mask',
  positionIds: 'position_ids',
  useCacheBranch: null,
  logits: 'logits',
  layers: [
    {
      pastKey: 'past.0.key',
      pastValue: 'past.0.value',
      presentKey: 'present.0.key',
      presentValue: 'present.0.value',
    },
  ],
  kvHeads: 2,
  headDim: 8,
  cacheType: 'float32',
  ...over,
});

describe('decode-step shapes', () => {
  it('one new token after pastLength cached ones, the mask covering both', () => {
    expect(decodeStepShapes(layout({}), 10)).toEqual({
      input_ids: [1, 1],
      attention_mask: [1, 11],
      position_ids: [1, 1],
      'past.0.key': [1, 2, 10, 8],
      'past.0.value': [1, 2, 10, 8],
    });
  });

  it('a merged decoder gets its use_cache_branch flag; a model without a cache reads everything', () => {
    expect(decodeStepShapes(layout({ useCacheBranch: 'use_cache_branch' }), 4).use_cache_branch).toEqual([1]);
    expect(decodeStepShapes(layout({ cache: 'none', layers: [], positionIds: null }), 4)).toEqual({
      input_ids: [1, 5],
      attention_mask: [1, 5],
    });
  });

  it('counts far less work per node for the embedded GPT’s decode step than for a full pass', () => {
    const { model, layout: gpt } = opened('models/tiny-bible-gpt');
    const perNode = decodeFlopsPerNode(model, gpt) as number;
    const fullPass = modelFlops(model).total / model.graph.nodes.length;
    expect(perNode).toBeGreaterThan(0);
    expect(perNode).toBeLessThan(fullPass / 20);
    // The rule gives a full pass every thread, but a decode step 1 — what was measured fastest.
    expect(fullPass).toBeGreaterThan(RULE_FLOPS_PER_NODE);
    expect(ruleThreads(perNode, 2, true)).toBe(1);
    // Longer pasts add attention work only.
    expect(decodeFlopsPerNode(model, gpt, RULE_PAST_LENGTH * 4) as number).toBeGreaterThan(perNode);
  });

  it('counts the hub-layout Llama fixture (GQA, rotary) too', () => {
    const { model, layout: llama } = opened('tests/fixtures/hub/glassbox/tiny-random-llama');
    expect(decodeFlopsPerNode(model, llama)).toBeGreaterThan(0);
  });
});
