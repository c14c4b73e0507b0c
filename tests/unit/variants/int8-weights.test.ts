// int8 weights: symmetric values with one scale per output channel (MatMul's last axis, Gemm's by
// transB, Conv's first, a table's rows, through a Transpose's perm), one scale per tensor before opset 13,
// every value back within half a step; the dynamic variant's MatMulInteger wiring.
import { describe, expect, it } from 'vitest';
import { decodeModelMessage } from '../../../src/lib/capture/capture-variant.ts';
import { encodeModel, type NodeMessage } from '../../../src/lib/onnx/index.ts';
import { int8DynamicVariant } from '../../../src/lib/variants/int8-dynamic.ts';
import { int8WeightsVariant, quantizeSymmetricInt8 } from '../../../src/lib/variants/int8-weights.ts';
import { q4Variant } from '../../../src/lib/variants/q4-matmul-nbits.ts';
import { info, raw } from '../../support/onnx-messages.ts';

const FLOAT = 1;

describe('quantizeSymmetricInt8', () => {
  it('scales each channel by its largest |x| / 127 and keeps zero channels exact', () => {
    const values = Float32Array.from([1, -0.5, 0, 2, 0.25, 0]);
    const { q, scales } = quantizeSymmetricInt8(values, [2, 3], 1);
    const expected = [2 / 127, 0.5 / 127, 1];
    scales.forEach((scale, i) => expect(scale).toBeCloseTo(expected[i] ?? NaN, 9));
    expect([...q]).toEqual([64, -127, 0, 127, 64, 0]);
  });

  it('one scale for the whole tensor when no axis is given; values come back within half a step', () => {
    const values = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3);
    const { q, scales } = quantizeSymmetricInt8(values, [5, 10], null);
    expect(scales.length).toBe(1);
    const scale = scales[0] ?? 0;
    values.forEach((v, i) => expect(Math.abs((q[i] ?? 0) * scale - v)).toBeLessThanOrEqual(scale / 2 + 1e-7));
  });
});

function graphModel(nodes: NodeMessage[], opset = 17) {
  return encodeModel({
    ir_version: 8,
    opset_import: [{ domain: '', version: opset }],
    graph: {
      name: 'weights',
      node: nodes,
      initializer: [
        raw(
          'w',
          FLOAT,
          [4, 6],
          Float32Array.from({ length: 24 }, (_, i) => i - 12),
        ),
        raw(
          'wt',
          FLOAT,
          [6, 4],
          Float32Array.from({ length: 24 }, (_, i) => 12 - i),
        ),
      ],
      input: [info('x', FLOAT, [2, 4])],
      output: [info('y', FLOAT, [2, 6])],
    },
  });
}

/** The axis attribute and scale dims of the DequantizeLinear of weight `name`. */
function dequantizerOf(bytes: Uint8Array, name: string) {
  const graph = decodeModelMessage(bytes).graph;
  const node = graph?.node?.find(
    (n) => n.op_type === 'DequantizeLinear' && n.input?.[0] === `${name}_quantized`,
  );
  const scale = graph?.initializer?.find((t) => t.name === node?.input?.[1]);
  return {
    axis: ((i) => (i === undefined || i === null ? undefined : Number(i)))(
      node?.attribute?.find((a) => a.name === 'axis')?.i,
    ),
    scaleDims: (scale?.dims ?? []).map(Number),
  };
}

describe('int8WeightsVariant channel axes', () => {
  it('MatMul [K, N]: a scale per column (axis 1)', () => {
    const made = int8WeightsVariant(graphModel([{ op_type: 'MatMul', input: ['x', 'w'], output: ['y'] }]));
    expect(dequantizerOf(made.bytes, 'w')).toEqual({ axis: 1, scaleDims: [6] });
  });

  it('Gemm with transB = 1 reads [N, K]: a scale per row (axis 0)', () => {
    const made = int8WeightsVariant(
      graphModel([
        {
          op_type: 'Gemm',
          input: ['x', 'wt'],
          output: ['y'],
          attribute: [{ name: 'transB', type: 2, i: 1 }],
        },
      ]),
    );
    expect(dequantizerOf(made.bytes, 'wt')).toEqual({ axis: 0, scaleDims: [6] });
  });

  it('a weight behind a Transpose gets the axis through the perm, and the Transpose reads the dequantized one', () => {
    const made = int8WeightsVariant(
      graphModel([
        {
          op_type: 'Transpose',
          input: ['wt'],
          output: ['w_t'],
          attribute: [{ name: 'perm', type: 7, ints: [1, 0] }],
        },
        { op_type: 'MatMul', input: ['x', 'w_t'], output: ['y'] },
      ]),
    );
    expect(dequantizerOf(made.bytes, 'wt')).toEqual({ axis: 0, scaleDims: [6] });
    expect(made.weights[0]).toMatchObject({ name: 'wt', behindTranspose: true });
    const transpose = decodeModelMessage(made.bytes).graph?.node?.find((n) => n.op_type === 'Transpose');
    expect(transpose?.input).toEqual(['wt_dequantized']);
  });

  it('opset 11 (before DequantizeLinear had an axis): one scale per tensor, said in the notes', () => {
    const made = int8WeightsVariant(
      graphModel([{ op_type: 'MatMul', input: ['x', 'w'], output: ['y'] }], 11),
    );
    expect(dequantizerOf(made.bytes, 'w')).toEqual({ axis: undefined, scaleDims: [] });
    expect(made.notes[0]).toMatch(/one scale per tensor/);
  });

  it('a model with no weight to quantize is refused in words', () => {
    expect(() => int8WeightsVariant(graphModel([{ op_type: 'Relu', input: ['x'], output: ['y'] }]))).toThrow(
      /no float32 MatMul, Gemm, Conv or embedding weights/,
    );
  });
});

describe('int8DynamicVariant', () => {
  it('quantizes the activation once per input and multiplies in integers, keeping the output name', () => {
    const made = int8DynamicVariant(
      graphModel([
        { name: '/a/MatMul', op_type: 'MatMul', input: ['x', 'w'], output: ['y'] },
        { name: '/b/MatMul', op_type: 'MatMul', input: ['x', 'w'], output: ['z'] },
      ]),
    );
    const nodes = decodeModelMessage(made.bytes).graph?.node ?? [];
    const ops = nodes.map((n) => n.op_type);
    expect(ops.filter((op) => op === 'DynamicQuantizeLinear')).toHaveLength(1);
    expect(ops.filter((op) => op === 'MatMulInteger')).toHaveLength(2);
    expect(nodes.find((n) => n.output?.[0] === 'y')?.op_type).toBe('Mul');
    expect(made.matrices).toEqual(['/a/MatMul', '/b/MatMul']);
  });
});

describe('damaged or hostile weights are refused in words', () => {
  const withWeight = (data: Float32Array, dims: number[]) =>
    encodeModel({
      ir_version: 8,
      opset_import: [{ domain: '', version: 17 }],
      graph: {
        name: 'damaged',
        node: [{ op_type: 'MatMul', input: ['x', 'w'], output: ['y'] }],
        initializer: [raw('w', FLOAT, dims, data)],
        input: [info('x', FLOAT, [1, 4])],
        output: [info('y', FLOAT, [1, 2])],
      },
    });

  it('a weight shorter than its shape', () => {
    const bytes = withWeight(new Float32Array(6), [4, 2]);
    expect(() => int8WeightsVariant(bytes)).toThrow(/holds 6 values where its shape \[4, 2\] needs 8/);
  });

  it('a weight holding NaN or Infinity, for every quantizing kind', () => {
    const bytes = withWeight(Float32Array.from([1, 2, NaN, 4, 5, 6, 7, 8]), [4, 2]);
    expect(() => int8WeightsVariant(bytes)).toThrow(/holds NaN at element 2; quantizing it would hide that/);
    expect(() => int8DynamicVariant(bytes)).toThrow(/holds NaN at element 2/);
    expect(() => q4Variant(bytes)).toThrow(/holds NaN at element 2/);
    const infinite = withWeight(Float32Array.from([1, 2, 3, 4, 5, 6, 7, Infinity]), [4, 2]);
    expect(() => int8WeightsVariant(infinite)).toThrow(/holds Infinity at element 7/);
  });
});
