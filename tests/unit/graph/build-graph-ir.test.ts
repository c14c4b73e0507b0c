import { describe, expect, it } from 'vitest';
import { attribute, FLOAT, floatTensor, node, valueInfo } from '../onnx/model-builders.ts';
import { decoded } from './graph-builders.ts';

describe('buildGraphIR', () => {
  it('turns Conv+Relu into nodes, values with kinds and shapes, and edges', () => {
    const { ir } = decoded({
      node: [
        node('Conv', ['input', 'w', 'b'], ['c'], {
          name: '/conv/Conv',
          attribute: [attribute.ints('pads', [1, 1, 1, 1])],
        }),
        node('Relu', ['c'], ['output'], { name: '/relu/Relu' }),
      ],
      initializer: [
        floatTensor('w', [4, 3, 3, 3], new Array(108).fill(0.5)),
        floatTensor('b', [4], [0, 0, 0, 0]),
      ],
      input: [valueInfo('input', FLOAT, ['N', 3, 8, 8])],
      output: [valueInfo('output', FLOAT, ['N', 4, 8, 8])],
    });
    expect(ir.nodes.map(({ id, opType, category }) => ({ id, opType, category }))).toEqual([
      { id: 'n0', opType: 'Conv', category: 'conv' },
      { id: 'n1', opType: 'Relu', category: 'activation' },
    ]);
    expect(ir.nodes[0]?.attributes).toEqual([{ name: 'pads', kind: 'ints', text: '[1, 1, 1, 1]' }]);
    expect(ir.edges).toEqual([{ id: 'e0', source: 'n0', target: 'n1', value: 'c' }]);
    expect(ir.inputs).toEqual(['input']);
    expect(ir.outputs).toEqual(['output']);
    expect(ir.values.get('input')).toMatchObject({
      kind: 'input',
      dtype: 'float32',
      shape: ['N', 3, 8, 8],
      consumers: ['n0'],
    });
    expect(ir.values.get('w')).toMatchObject({
      kind: 'initializer',
      shape: [4, 3, 3, 3],
      tensor: { elementCount: 108, byteSize: 432 },
    });
    expect(ir.values.get('c')).toMatchObject({
      kind: 'intermediate',
      producer: 'n0',
      consumers: ['n1'],
      dtype: 'unknown',
    });
    expect(ir.values.get('output')).toMatchObject({ kind: 'output', producer: 'n1', shape: ['N', 4, 8, 8] });
  });

  it('formats attributes: floats, strings with quotes, INT64_MAX, tensors, capped lists', () => {
    const { ir } = decoded({
      node: [
        node('Custom', ['x'], ['y'], {
          domain: 'test',
          attribute: [
            attribute.float('alpha', 0.1),
            attribute.string('mode', 'say "hi"\n'),
            { name: 'end', type: 2, i: { low: -1, high: 0x7fffffff } },
            attribute.ints(
              'many',
              Array.from({ length: 20 }, (_, i) => i),
            ),
            attribute.tensor('value', floatTensor('', [2, 2], [1, 2, 3, 4])),
          ],
        }),
      ],
      input: [valueInfo('x', FLOAT)],
      output: [valueInfo('y', FLOAT)],
    });
    expect(Object.fromEntries(ir.nodes[0]?.attributes.map((a) => [a.name, a.text]) ?? [])).toEqual({
      alpha: '0.1',
      mode: '"say \\"hi\\"\\n"',
      end: 'INT64_MAX',
      many: '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, … 4 more]',
      value: 'float32[2, 2]',
    });
  });

  it('builds If branches as nested IR and records the outer values they read', () => {
    const branch = (name: string, op: string) => ({
      name,
      node: [node(op, ['outer'], [`${name}_y`])],
      output: [valueInfo(`${name}_y`, FLOAT, [2])],
    });
    const { ir } = decoded({
      node: [
        node('Relu', ['x'], ['outer'], { name: 'pre' }),
        node('If', ['cond'], ['y'], {
          name: 'choose',
          attribute: [
            attribute.graph('then_branch', branch('then', 'Neg')),
            attribute.graph('else_branch', branch('else', 'Abs')),
          ],
        }),
      ],
      input: [valueInfo('x', FLOAT, [2]), valueInfo('cond', 9, [])],
      output: [valueInfo('y', FLOAT, [2])],
    });
    const ifNode = ir.nodes[1];
    expect(ifNode?.category).toBe('control-flow');
    expect(ifNode?.implicitInputs).toEqual(['outer']);
    expect(ifNode?.attributes.map((a) => a.text)).toEqual(['graph then (1 node)', 'graph else (1 node)']);
    expect(ifNode?.subgraphs.map((s) => s.attribute)).toEqual(['then_branch', 'else_branch']);
    const thenGraph = ifNode?.subgraphs[0]?.graph;
    expect(thenGraph?.nodes[0]?.id).toBe('n1/then_branch/n0');
    expect(thenGraph?.values.get('outer')?.kind).toBe('outer-scope');
    // The If node depends on the value its branches read: that is an edge of the main graph.
    expect(ir.edges).toContainEqual({ id: 'e0', source: 'n0', target: 'n1', value: 'outer' });
    expect(ir.values.get('cond')?.shape).toEqual([]);
  });

  it('keeps hostile names verbatim as plain strings', () => {
    const hostile = '<img src=x onerror=alert(1)>\u0001\u0085';
    const { ir } = decoded({
      node: [node('Relu', [hostile], ['y'], { name: `/${hostile}/Relu` })],
      input: [valueInfo(hostile, FLOAT)],
      output: [valueInfo('y', FLOAT)],
    });
    expect(ir.nodes[0]?.name).toBe(`/${hostile}/Relu`);
    expect(ir.inputs).toEqual([hostile]);
    expect(ir.values.get(hostile)?.consumers).toEqual(['n0']);
  });

  it('treats initializers listed as inputs (IR < 4) as initializers, and skips omitted optional inputs', () => {
    const { ir } = decoded(
      {
        node: [node('Clip', ['x', '', 'max'], ['y'])],
        initializer: [floatTensor('max', [], [6])],
        input: [valueInfo('x', FLOAT, [3]), valueInfo('max', FLOAT, [])],
        output: [valueInfo('y', FLOAT, [3])],
      },
      { ir_version: 3 },
    );
    expect(ir.inputs).toEqual(['x']);
    expect(ir.values.get('max')?.kind).toBe('initializer');
    expect(ir.nodes[0]?.inputs).toEqual(['x', 'max']);
  });
});
