import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFlops, modelFlops, propagateShapes } from '../../../src/lib/flops/index.ts';
import { decodeModel } from '../../../src/lib/onnx/index.ts';
import { syntheticPreset, type SyntheticSpec } from '../../../src/lib/synthetic/index.ts';
import { buildSyntheticModel } from '../../../src/lib/synthetic/build-model.ts';
import { attribute, encode, FLOAT, floatTensor, node, rawTensor, valueInfo } from '../onnx/model-builders.ts';

const zeros = (dims: number[]) => floatTensor('w', dims, new Array(dims.reduce((a, b) => a * b, 1)).fill(0));

function single(
  opNode: ReturnType<typeof node>,
  input: (number | string)[],
  weights: ReturnType<typeof floatTensor>[],
) {
  return decodeModel(
    encode({
      name: 'one',
      node: [opNode],
      initializer: weights,
      input: [valueInfo('x', FLOAT, input)],
      output: [valueInfo('y', FLOAT)],
    }),
  );
}

describe('FLOPs', () => {
  it('MatMul: 2 · M · N · K, batch from the given input shape', () => {
    const model = single(node('MatMul', ['x', 'w'], ['y']), ['batch', 3, 4], [zeros([4, 5])]);
    const flops = modelFlops(model, { x: [2, 3, 4] });
    // 2 batches × 3 × 5 outputs, each a 4-long dot product: 2 · 30 · 4.
    expect(flops.nodes[0]).toEqual({ flops: 240, kind: 'exact' });
    expect(modelFlops(model).total).toBe(120); // batch 1 by default
  });

  it('Gemm with transB and a bias: 2 · M · N · K + M · N', () => {
    const model = single(
      node('Gemm', ['x', 'w', 'c'], ['y'], { attribute: [attribute.int('transB', 1)] }),
      [3, 4],
      [zeros([5, 4]), floatTensor('c', [5], [0, 0, 0, 0, 0])],
    );
    expect(modelFlops(model).nodes[0]).toEqual({ flops: 2 * 3 * 5 * 4 + 15, kind: 'exact' });
  });

  it('Conv with groups, dilation, strides and pads', () => {
    // x [1, 8, 10, 10], weight [6, 4, 3, 3] (group 2), dilation 2, stride 2, pads 2:
    // effective kernel 5, output side floor((10 + 4 − 5) / 2) + 1 = 5 → y [1, 6, 5, 5] = 150 elements,
    // each 4 · 3 · 3 = 36 multiply-adds; plus one bias add per output.
    const model = single(
      node('Conv', ['x', 'w', 'b'], ['y'], {
        attribute: [
          attribute.ints('kernel_shape', [3, 3]),
          attribute.ints('dilations', [2, 2]),
          attribute.ints('strides', [2, 2]),
          attribute.ints('pads', [2, 2, 2, 2]),
          attribute.int('group', 2),
        ],
      }),
      [1, 8, 10, 10],
      [zeros([6, 4, 3, 3]), floatTensor('b', [6], [0, 0, 0, 0, 0, 0])],
    );
    expect(propagateShapes(model, { x: [1, 8, 10, 10] }).get('y')?.shape).toEqual([1, 6, 5, 5]);
    expect(modelFlops(model).nodes[0]).toEqual({ flops: 2 * 150 * 36 + 150, kind: 'exact' });
  });

  it('other ops: one per output element; moving data: none', () => {
    const model = decodeModel(
      encode({
        name: 'two',
        node: [node('Relu', ['x'], ['r']), node('Reshape', ['r', 'shape'], ['y'])],
        initializer: [rawTensor('shape', 'int64', [2], new BigInt64Array([0n, -1n]))],
        input: [valueInfo('x', FLOAT, [2, 3, 4])],
        output: [valueInfo('y', FLOAT)],
      }),
    );
    const flops = modelFlops(model);
    expect(flops.nodes).toEqual([
      { flops: 24, kind: 'estimated' },
      { flops: 0, kind: 'movement' },
    ]);
    expect(propagateShapes(model, { x: [2, 3, 4] }).get('y')?.shape).toEqual([2, 12]);
  });

  it('an op it cannot size is unknown, left out of the total and counted', () => {
    const model = decodeModel(
      encode({
        name: 'custom',
        node: [node('Mystery', ['x'], ['m'], { domain: 'com.example' }), node('Relu', ['m'], ['y'])],
        input: [valueInfo('x', FLOAT, [2, 2])],
        output: [valueInfo('y', FLOAT)],
        value_info: [],
      }),
    );
    const flops = modelFlops(model);
    expect(flops.unknownNodes).toBe(2);
    expect(flops.total).toBe(0);
  });

  it('a BERT-tiny-shaped encoder: its MatMuls, counted by hand', () => {
    const preset = syntheticPreset('bert-tiny');
    const model = decodeModel(buildSyntheticModel(preset?.model as SyntheticSpec, 'bert-tiny'));
    const flops = modelFlops(model);
    // S 128, H 128, F 512, 2 layers: Q/K/V/O 8·S·H², feed-forward 4·S·H·F, attention scores and
    // context 4·S²·H (over all heads); then the pooler 2·H² and the classifier 2·H·2 on one token.
    const layer = 8 * 128 * 128 ** 2 + 4 * 128 * 128 * 512 + 4 * 128 ** 2 * 128;
    expect(flops.exact).toBe(2 * layer + 2 * 128 * 128 + 2 * 128 * 2);
    expect(flops.unknownNodes).toBe(0);
    expect(flops.inputShapes).toEqual({ input_ids: [1, 128], attention_mask: [1, 128] });
  });

  it('a 3 × 3 Conv micro-model: 2 · C² · 9 · H · W + bias', () => {
    const model = decodeModel(
      buildSyntheticModel({ kind: 'conv', spec: { channels: 8, size: 16, kernel: 3 } }, 'c'),
    );
    expect(modelFlops(model).total).toBe(2 * 8 * 8 * 9 * 16 * 16 + 8 * 16 * 16);
  });

  const bert = new URL('../../../models/tiny-sentiment-bert/onnx/model.onnx', import.meta.url);
  it('the embedded tiny BERT: exporter shape arithmetic resolves, every node counted', () => {
    const model = decodeModel(new Uint8Array(readFileSync(bert)));
    const flops = modelFlops(model);
    expect(flops.unknownNodes).toBe(0);
    // 2 layers, S 128, H 64, F 256 (hand count as above) + pooler and classifier Gemms (with biases).
    const layer = 8 * 128 * 64 ** 2 + 4 * 128 * 64 * 256 + 4 * 128 ** 2 * 64;
    const head = 2 * 64 * 64 + 64 + 2 * 64 * 2 + 2;
    expect(flops.exact).toBe(2 * layer + head);
  });

  it('formats counts with their unit', () => {
    expect(formatFlops(117_473_792)).toBe('117 MFLOP');
    expect(formatFlops(3_182_438_400)).toBe('3.18 GFLOP');
    expect(formatFlops(950)).toBe('950 FLOP');
  });
});
