// The float16-simulated graph: a Cast pair after each node that computes floats (none after ops that only
// move values), on the float inputs, none between two ops the real variant keeps in float32; weights and
// constants rounded in the file and clamped to ±65,504; the graph's outputs keep their names.
import { describe, expect, it } from 'vitest';
import { decodeModelMessage } from '../../../src/lib/capture/capture-variant.ts';
import { weightValues } from '../../../src/lib/variants/variant-graph.ts';
import { encodeModel } from '../../../src/lib/onnx/index.ts';
import { float16SimulatedVariant, isRoundingNode } from '../../../src/lib/variants/float16-simulated.ts';
import { info, raw } from '../../support/onnx-messages.ts';

const FLOAT = 1;

const model = encodeModel({
  ir_version: 8,
  opset_import: [{ domain: '', version: 17 }],
  graph: {
    name: 'simulated',
    node: [
      { name: '/add/Add', op_type: 'Add', input: ['x', 'w'], output: ['sum'] },
      { name: '/relu/Relu', op_type: 'Relu', input: ['sum'], output: ['positive'] },
      {
        name: '/c/Constant',
        op_type: 'Constant',
        output: ['minimum'],
        attribute: [{ name: 'value_float', type: 1, f: -3.4028234663852886e38 }],
      },
      { name: '/max/Max', op_type: 'Max', input: ['positive', 'minimum'], output: ['m1'] },
      { name: '/max/Max_1', op_type: 'Max', input: ['m1', 'positive'], output: ['m2'] },
      { name: '/mul/Mul', op_type: 'Mul', input: ['m2', 'w'], output: ['y'] },
    ],
    initializer: [raw('w', FLOAT, [3], new Float32Array([0.1, 1e6, -2]))],
    input: [info('x', FLOAT, [3])],
    output: [info('y', FLOAT, [3])],
  },
});

describe('float16SimulatedVariant', () => {
  const made = float16SimulatedVariant(model);
  const graph = decodeModelMessage(made.bytes).graph;
  const nodes = graph?.node ?? [];
  const producerOf = (value: string) => nodes.find((n) => n.output?.includes(value));

  it('rounds the input, Add, the kept Max that feeds Mul, and the output; not Relu nor Max between Maxes', () => {
    const rounded = nodes.filter((n) => n.name?.endsWith('/ToFloat16')).map((n) => n.input?.[0]);
    expect(rounded).toEqual(['x', 'sum', 'm2', 'y_unrounded']);
    expect(made.roundedValues).toBe(4);
    expect(nodes.filter((n) => isRoundingNode(n.name ?? ''))).toHaveLength(8);
    // Readers read the rounded copy; the node keeps its own output name.
    expect(producerOf('sum')?.name).toBe('/add/Add');
    expect(producerOf('positive')?.input).toEqual(['sum_rounded']);
    expect(producerOf('m1')?.input?.[0]).toBe('positive');
    expect(made.keptNodes).toEqual(['/max/Max', '/max/Max_1']);
  });

  it('keeps the graph output name on the rounded value', () => {
    expect(producerOf('y')).toMatchObject({ op_type: 'Cast', name: '/mul/Mul/fp16-round/ToFloat32' });
    expect(producerOf('y_unrounded')?.name).toBe('/mul/Mul');
    expect((graph?.output ?? []).map((o) => o.name)).toEqual(['y']);
  });

  it('stores weights and constants rounded to float16 and clamped to ±65,504', () => {
    const w = graph?.initializer?.find((t) => t.name === 'w');
    if (!w) throw new Error('no w');
    expect([...weightValues(w)]).toEqual([0.0999755859375, 65504, -2]);
    expect(made.clampedWeightValues).toBe(2);
    expect(producerOf('minimum')?.attribute?.[0]?.f).toBe(-65504);
  });
});
