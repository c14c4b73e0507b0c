// The float16 variant: half-precision bits, every float initializer's new dtype, the Casts at the
// graph's inputs and outputs and around ops kept in float32, and refusals in words.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { float16Bytes, toFloat16Bits } from '../../../src/lib/fp16/float16-bits.ts';
import { FLOAT, FLOAT16, float16Variant } from '../../../src/lib/fp16/float16-variant.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import { decodeModel, encodeModel, float16ToNumber, type OnnxModel } from '../../../src/lib/onnx/index.ts';
import type { ModelMessage, NodeMessage } from '../../../src/lib/onnx/proto-messages.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const modelBytes = (id: string) =>
  new Uint8Array(readFileSync(resolve(ROOT, `models/${id}/onnx/model.onnx`)));

function castsTo(model: OnnxModel, to: number) {
  return model.graph.nodes.filter(
    (node) =>
      node.opType === 'Cast' &&
      node.attributes.some((a) => a.name === 'to' && a.kind === 'int' && a.value === BigInt(to)),
  );
}

describe('toFloat16Bits', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [65504, 0x7bff],
    [2 ** -24, 0x0001],
    [2 ** -14, 0x0400],
    [1 + 2 ** -11, 0x3c00], // halfway: rounds to even
    [1 + 3 * 2 ** -11, 0x3c02], // halfway: rounds to even (up)
  ])('%d → %s', (value, bits) => {
    expect(toFloat16Bits(value)).toBe(bits);
  });

  it('clamps beyond ±65504 instead of overflowing; keeps NaN and infinities', () => {
    expect(toFloat16Bits(1e6)).toBe(0x7bff);
    expect(toFloat16Bits(-1e6)).toBe(0xfbff);
    expect(toFloat16Bits(Number.NaN)).toBe(0x7e00);
    expect(toFloat16Bits(Infinity)).toBe(0x7c00);
    expect(toFloat16Bits(-Infinity)).toBe(0xfc00);
    expect(toFloat16Bits(2 ** -26)).toBe(0);
  });

  it('round-trips within half a unit in the last place over a wide range', () => {
    for (let i = 0; i < 2000; i++) {
      const value = (Math.sin(i * 12.9898) * 43758.5453) % 1000;
      const back = float16ToNumber(toFloat16Bits(value));
      const ulp = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(value), 2 ** -14))) - 10);
      expect(Math.abs(back - value)).toBeLessThanOrEqual(ulp / 2);
    }
    expect(float16Bytes([1, -2])).toEqual(new Uint8Array([0x00, 0x3c, 0x00, 0xc0]));
  });
});

describe('float16Variant of the tiny BERT', () => {
  const original = decodeModel(modelBytes('tiny-sentiment-bert'));
  const variant = float16Variant(modelBytes('tiny-sentiment-bert'));
  const model = decodeModel(variant.bytes);

  it('decodes, and every float initializer is now float16', () => {
    const floats = original.graph.initializers.filter((t) => t.dataType === 'float32');
    expect(floats.length).toBeGreaterThan(20);
    expect(model.graph.initializers.filter((t) => t.dataType === 'float32')).toEqual([]);
    const byName = new Map(model.graph.initializers.map((t) => [t.name, t]));
    for (const tensor of floats) {
      expect(byName.get(tensor.name)?.dataType, tensor.name).toBe('float16');
      expect(byName.get(tensor.name)?.dims).toEqual(tensor.dims);
    }
    // Non-float initializers (shapes, indices) are untouched.
    const others = original.graph.initializers.filter((t) => t.dataType !== 'float32');
    for (const tensor of others) expect(byName.get(tensor.name)?.dataType).toBe(tensor.dataType);
    expect(variant.bytes.byteLength).toBeLessThan(0.55 * modelBytes('tiny-sentiment-bert').byteLength);
  });

  it('keeps the interface float32 (keep_io_types): a Cast to float32 gives each float output', () => {
    expect(model.graph.inputs).toEqual(original.graph.inputs);
    expect(model.graph.outputs).toEqual(original.graph.outputs);
    const toFloat = castsTo(model, FLOAT);
    expect(toFloat.map((node) => node.outputs[0])).toEqual(['logits']);
    expect(variant.castsAdded).toBe(1);
    expect(variant.keptNodes).toEqual([]);
    // Casts inside the graph now produce float16 where they produced float32.
    const originalToFloat = castsTo(original, FLOAT).length;
    expect(castsTo(model, FLOAT16).length).toBe(originalToFloat);
  });
});

describe('float16Variant of the shapes detector (Resize stays float32)', () => {
  const variant = float16Variant(modelBytes('shapes-yolov8'));
  const model = decodeModel(variant.bytes);

  it('keeps Resize in float32 between Casts, its scales initializer float32', () => {
    expect(variant.keptNodes).toEqual(['/model/up/Resize', '/model/up_1/Resize']);
    const producers = new Map(model.graph.nodes.flatMap((node) => node.outputs.map((o) => [o, node])));
    for (const name of variant.keptNodes) {
      const resize = model.graph.nodes.find((node) => node.name === name);
      if (!resize) throw new Error(`no ${name}`);
      const data = producers.get(resize.inputs[0] ?? '');
      expect(data?.opType).toBe('Cast');
      const scales = model.graph.initializers.find((t) => t.name === resize.inputs[2]);
      if (scales) expect(scales.dataType).toBe('float32');
      const reader = model.graph.nodes.find((node) => node.inputs.includes(resize.outputs[0] ?? '-'));
      expect(reader?.opType).toBe('Cast');
    }
    expect(model.graph.inputs[0]?.name).toBe('images');
    // The image input is cast to float16 once; the output cast back to float32.
    expect(castsTo(model, FLOAT16).some((node) => node.inputs[0] === 'images')).toBe(true);
    expect(castsTo(model, FLOAT).some((node) => node.outputs[0] === 'output0')).toBe(true);
  });
});

/** A one-node model built here: y = op(x, w), float32 input and output. */
function tiny(node: Partial<NodeMessage>, extra: Partial<ModelMessage['graph'] & object> = {}): Uint8Array {
  const info = (name: string) => ({
    name,
    type: { tensor_type: { elem_type: FLOAT, shape: { dim: [{ dim_value: 2 }] } } },
  });
  return encodeModel({
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'tiny',
      node: [{ name: 'n', op_type: 'Add', input: ['x', 'w'], output: ['y'], ...node }],
      initializer: [{ name: 'w', data_type: FLOAT, dims: [2], float_data: [1e6, 0.5] }],
      input: [info('x')],
      output: [info('y')],
      ...extra,
    },
  });
}

describe('float16Variant on small graphs', () => {
  it('converts float_data weights, clamps out-of-range values and counts them', () => {
    const variant = float16Variant(tiny({}));
    const model = decodeModel(variant.bytes);
    const w = model.graph.initializers.find((t) => t.name === 'w');
    expect(w?.dataType).toBe('float16');
    expect(variant.clampedValues).toBe(1);
    expect(variant.convertedTensors).toBe(1);
    // x → Cast(fp16) → Add → Cast(fp32) → y
    expect(model.graph.nodes.map((n) => n.opType)).toEqual(['Cast', 'Add', 'Cast']);
    expect(model.graph.nodes[2]?.outputs).toEqual(['y']);
  });

  it('turns a float Constant into a float16 one', () => {
    const bytes = tiny(
      { input: ['x', 'c'] },
      {
        initializer: [],
        node: [
          {
            name: 'c',
            op_type: 'Constant',
            output: ['c'],
            attribute: [{ name: 'value_float', type: 1, f: 2 }],
          },
          { name: 'n', op_type: 'Mul', input: ['x', 'c'], output: ['y'] },
        ],
      },
    );
    const model = decodeModel(float16Variant(bytes).bytes);
    const constant = model.graph.nodes.find((n) => n.opType === 'Constant');
    const value = constant?.attributes[0];
    expect(value?.name).toBe('value');
    expect(value?.kind === 'tensor' && value.value.dataType).toBe('float16');
  });

  it.each([
    ['a quantized model', { op_type: 'DequantizeLinear' }, /quantized \(it has DequantizeLinear\)/],
    ['a contrib op', { op_type: 'FastGelu', domain: 'com.microsoft' }, /com\.microsoft op/],
    [
      'control flow',
      { op_type: 'If', attribute: [{ name: 'then_branch', type: 5, g: { name: 'b' } }] },
      /subgraph \(If/,
    ],
  ])('refuses %s with a sentence', (_, node, reason) => {
    let thrown: unknown;
    try {
      float16Variant(tiny(node as Partial<NodeMessage>));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GlassboxError);
    expect((thrown as GlassboxError).code).toBe('variant-unsupported');
    expect((thrown as GlassboxError).message).toMatch(reason);
  });

  it('refuses weights in an external data file', () => {
    const bytes = tiny(
      {},
      {
        initializer: [
          {
            name: 'w',
            data_type: FLOAT,
            dims: [2],
            data_location: 1,
            external_data: [{ key: 'location', value: 'w.bin' }],
          },
        ],
      },
    );
    expect(() => float16Variant(bytes)).toThrow(/external data file/);
  });
});
