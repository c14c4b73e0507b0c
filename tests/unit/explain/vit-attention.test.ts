// ViT-style attention found by structure on real files decoded as the worker decodes them: the tiny
// random ViT of tests/fixtures/hub (one Softmax per layer over Q·Kᵀ) and its int8-dynamic and 4-bit
// variants (MatMulInteger and MatMulNBits projections), the embedded CNN and a classifier
// with a dense head (no attention: a sentence saying why, not an error), and a hand-made graph whose
// attention is over tokens that are not [CLS] and a patch grid.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findVitAttention } from '../../../src/lib/explain/vit-attention.ts';
import { buildGraphIR } from '../../../src/lib/graph/build-graph-ir.ts';
import { decodeModel, encodeModel, type ModelMessage } from '../../../src/lib/onnx/index.ts';
import { makeVariant } from '../../../src/lib/variants/make-variant.ts';

const root = resolve(import.meta.dirname, '../../..');
const VIT = 'tests/fixtures/hub/glassbox/tiny-random-vit/onnx/model.onnx';
const graphOf = (path: string) =>
  buildGraphIR(decodeModel(new Uint8Array(readFileSync(resolve(root, path)))));

describe('findVitAttention', () => {
  it('finds one attention Softmax per layer of the tiny ViT, in layer order', () => {
    const finding = findVitAttention(graphOf(VIT));
    expect(finding.found).toBe(true);
    if (!finding.found) return;
    expect(finding.sites.map((site) => site.node)).toEqual([
      '/layer.0/attention/Softmax',
      '/layer.1/attention/Softmax',
    ]);
    expect(finding.sites.map((site) => site.label)).toEqual(['layer 0', 'layer 1']);
  });

  it.each(['int8-dynamic', 'q4'] as const)(
    'finds it through the quantized projections of the tiny ViT made %s',
    (kind) => {
      const bytes = new Uint8Array(readFileSync(resolve(root, VIT)));
      const variant = makeVariant(bytes, kind);
      const ops = new Set(decodeModel(variant.bytes).graph.nodes.map((node) => node.opType));
      expect(ops.has(kind === 'q4' ? 'MatMulNBits' : 'MatMulInteger')).toBe(true);
      const finding = findVitAttention(buildGraphIR(decodeModel(variant.bytes)));
      expect(finding.found && finding.sites.map((site) => site.label)).toEqual(['layer 0', 'layer 1']);
    },
  );

  it.each([
    ['the embedded CNN', 'models/shapes-classifier/onnx/model.onnx'],
    ['a dense-head classifier', 'tests/fixtures/image-classification/mlp-head-classifier/onnx/model.onnx'],
  ])('says why %s has no attention map', (_, path) => {
    const finding = findVitAttention(graphOf(path));
    expect(finding).toEqual({
      found: false,
      reason: expect.stringContaining('No attention map: the model has no self-attention') as unknown,
    });
  });

  it('refuses attention whose stated token count is not [CLS] and a grid of the input’s patches', () => {
    // x [1, 1, 32, 32] → Q = x·Wq, K = x·Wk → Softmax(Q·Kᵀ) [1, 1, 32, 32]: self-attention, but no 1 to 5
    // tokens followed by a grid tile the 32 × 32 input with square patches (31, 30, 29, 28, 27 do not).
    const FLOAT = 1;
    const weight = (name: string) => ({
      name,
      data_type: FLOAT,
      dims: [32, 32],
      raw_data: new Uint8Array(new Float32Array(1024).buffer),
    });
    const info = (name: string, dims: number[]) => ({
      name,
      type: { tensor_type: { elem_type: FLOAT, shape: { dim: dims.map((d) => ({ dim_value: d })) } } },
    });
    const message: ModelMessage = {
      ir_version: 8,
      opset_import: [{ domain: '', version: 17 }],
      graph: {
        name: 'not-patches',
        node: [
          { name: 'q', op_type: 'MatMul', input: ['x', 'wq'], output: ['qv'] },
          { name: 'k', op_type: 'MatMul', input: ['x', 'wk'], output: ['kv'] },
          { name: 't', op_type: 'Transpose', input: ['kv'], output: ['kt'], attribute: [] },
          { name: 's', op_type: 'MatMul', input: ['qv', 'kt'], output: ['scores'] },
          { name: 'p', op_type: 'Softmax', input: ['scores'], output: ['probs'] },
        ],
        initializer: [weight('wq'), weight('wk')],
        input: [info('x', [1, 1, 32, 32])],
        output: [info('probs', [1, 1, 32, 32])],
        value_info: [],
      },
    };
    const finding = findVitAttention(buildGraphIR(decodeModel(encodeModel(message))));
    expect(finding).toEqual({
      found: false,
      reason: expect.stringContaining(
        'is over 32 × 32 tokens, which are not [CLS] and a grid of image patches',
      ) as unknown,
    });
  });
});
