import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  categorizeOp,
  isKnownOp,
  knownOps,
  OP_CATEGORIES,
  OP_CATEGORY_LABELS,
} from '../../../src/lib/graph/index.ts';

/** Every operator name python3-onnx 1.12 knows, per domain (written by tests/fixtures/onnx/list-standard-ops.py). */
const standardOps = JSON.parse(
  readFileSync(new URL('../../fixtures/onnx/standard-ops.json', import.meta.url), 'utf8'),
) as { opsByDomain: Record<string, string[]> };

describe('op categories', () => {
  it.each(Object.entries(standardOps.opsByDomain))(
    'cover every %s operator of the ONNX reference',
    (domain, ops) => {
      const tableDomain = domain === 'ai.onnx' ? '' : domain;
      const missing = ops.filter((op) => !isKnownOp(op, tableDomain));
      expect(missing).toEqual([]);
    },
  );

  it('map every listed operator to a valid category', () => {
    for (const domain of ['', 'ai.onnx.ml', 'ai.onnx.preview.training', 'com.microsoft']) {
      const ops = knownOps(domain);
      expect(ops.length).toBeGreaterThan(0);
      for (const op of ops) expect(OP_CATEGORIES).toContain(categorizeOp(op, domain));
    }
    expect(knownOps('').length).toBeGreaterThanOrEqual(190);
  });

  it('put representative operators where a reader expects them', () => {
    expect(categorizeOp('Conv')).toBe('conv');
    expect(categorizeOp('ConvTranspose')).toBe('conv');
    expect(categorizeOp('MatMul')).toBe('linear');
    expect(categorizeOp('Gemm')).toBe('linear');
    expect(categorizeOp('LayerNormalization')).toBe('normalization');
    expect(categorizeOp('BatchNormalization')).toBe('normalization');
    expect(categorizeOp('Relu')).toBe('activation');
    expect(categorizeOp('Softmax')).toBe('activation');
    expect(categorizeOp('Reshape')).toBe('shape');
    expect(categorizeOp('Gather')).toBe('shape');
    expect(categorizeOp('Add')).toBe('elementwise');
    expect(categorizeOp('ReduceMean')).toBe('reduction');
    expect(categorizeOp('MaxPool')).toBe('pooling');
    expect(categorizeOp('QuantizeLinear')).toBe('quantization');
    expect(categorizeOp('QLinearConv')).toBe('quantization');
    expect(categorizeOp('If')).toBe('control-flow');
    expect(categorizeOp('Loop')).toBe('control-flow');
    expect(categorizeOp('LSTM')).toBe('recurrent');
    expect(categorizeOp('Attention')).toBe('attention');
    expect(categorizeOp('MultiHeadAttention', 'com.microsoft')).toBe('attention');
    expect(categorizeOp('SkipLayerNormalization', 'com.microsoft')).toBe('normalization');
    expect(categorizeOp('MatMulNBits', 'com.microsoft')).toBe('quantization');
    expect(categorizeOp('Constant')).toBe('other');
  });

  it('guess custom operators from their names, else "other"', () => {
    expect(categorizeOp('MyFancyConv2d', 'com.example')).toBe('conv');
    expect(categorizeOp('FlashAttention', 'com.example')).toBe('attention');
    expect(categorizeOp('RMSNorm', 'custom')).toBe('normalization');
    expect(categorizeOp('DoSomething', 'custom')).toBe('other');
  });

  it('label every category', () => {
    for (const category of OP_CATEGORIES) expect(OP_CATEGORY_LABELS[category]).toBeTruthy();
  });
});
