// The structural diff on hand-made graph pairs: each kind of change is found, named and counted, and
// nothing else is reported.
import { describe, expect, it } from 'vitest';
import { leftMarks } from '../../../src/lib/diff/diff-anchor.ts';
import { diffModels } from '../../../src/lib/diff/model-diff.ts';
import { decodeModel } from '../../../src/lib/onnx/index.ts';
import type { GraphMessage, NodeMessage } from '../../../src/lib/onnx/index.ts';
import { attribute, encode, FLOAT, floatTensor, node, valueInfo } from '../onnx/model-builders.ts';

/** x → MatMul(W) → Add(B) → Relu → Softmax(axis -1) → y, every node named. */
function baseGraph(
  options: { w?: number[]; axis?: number; nodes?: (nodes: NodeMessage[]) => NodeMessage[] } = {},
): GraphMessage {
  const nodes = [
    node('MatMul', ['x', 'W'], ['mm'], { name: 'mm' }),
    node('Add', ['mm', 'B'], ['add'], { name: 'add' }),
    node('Relu', ['add'], ['relu'], { name: 'relu' }),
    node('Softmax', ['relu'], ['y'], {
      name: 'softmax',
      attribute: [attribute.int('axis', options.axis ?? -1)],
    }),
  ];
  return {
    name: 'g',
    node: options.nodes ? options.nodes(nodes) : nodes,
    input: [valueInfo('x', FLOAT, [1, 2])],
    output: [valueInfo('y', FLOAT, [1, 2])],
    initializer: [floatTensor('W', [2, 2], options.w ?? [1, 2, 3, 4]), floatTensor('B', [2], [0.5, -0.5])],
  };
}

const decoded = (graph: GraphMessage) => decodeModel(encode(graph));

describe('diffModels', () => {
  it('reports nothing for the same model', () => {
    const diff = diffModels(decoded(baseGraph()), decoded(baseGraph()));
    expect(diff.changes).toEqual([]);
    expect(diff.alignedByName).toBe(4);
    expect(diff.unchanged).toBe(4);
    expect(diff.summary).toMatch(/No structural change/);
  });

  it('finds an added node between two kept ones', () => {
    const right = baseGraph({
      nodes: (nodes) => [
        nodes[0]!,
        nodes[1]!,
        node('Tanh', ['add'], ['tanh'], { name: 'tanh' }),
        { ...nodes[2]!, input: ['tanh'] },
        nodes[3]!,
      ],
    });
    const diff = diffModels(decoded(baseGraph()), decoded(right));
    expect(diff.counts).toEqual({ added: 1, removed: 0, changed: 1, weightsChanged: 0 });
    const added = diff.changes.find((change) => change.kind === 'added');
    expect(added?.right).toMatchObject({ name: 'tanh', opType: 'Tanh' });
    const relu = diff.changes.find((change) => change.kind === 'changed');
    expect(relu?.left?.name).toBe('relu');
    expect(relu?.wiring).toEqual([{ position: 0, before: 'output 0 of add', after: 'output 0 of tanh' }]);
  });

  it('finds a removed node', () => {
    const right = baseGraph({ nodes: (nodes) => [nodes[0]!, nodes[1]!, { ...nodes[3]!, input: ['add'] }] });
    const diff = diffModels(decoded(baseGraph()), decoded(right));
    expect(diff.counts).toMatchObject({ added: 0, removed: 1, changed: 1 });
    expect(diff.changes.find((change) => change.kind === 'removed')?.left?.name).toBe('relu');
  });

  it('finds a rewired input', () => {
    // Softmax now reads the Add's output, skipping Relu (which stays, feeding nothing).
    const right = baseGraph({
      nodes: (nodes) => [nodes[0]!, nodes[1]!, nodes[2]!, { ...nodes[3]!, input: ['add'] }],
    });
    const diff = diffModels(decoded(baseGraph()), decoded(right));
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({
      kind: 'changed',
      left: { name: 'softmax' },
      wiring: [{ position: 0, before: 'output 0 of relu', after: 'output 0 of add' }],
      attributes: [],
      weights: [],
    });
  });

  it('finds an attribute change and an op type change', () => {
    const right = baseGraph({
      axis: 1,
      nodes: (nodes) => [nodes[0]!, nodes[1]!, { ...nodes[2]!, op_type: 'Sigmoid' }, nodes[3]!],
    });
    const diff = diffModels(decoded(baseGraph()), decoded(right));
    expect(diff.counts.changed).toBe(2);
    const relu = diff.changes.find((change) => change.left?.name === 'relu');
    expect(relu?.opType).toEqual({ before: 'Relu', after: 'Sigmoid' });
    const softmax = diff.changes.find((change) => change.left?.name === 'softmax');
    expect(softmax?.attributes).toEqual([{ name: 'axis', before: '-1', after: '1' }]);
  });

  it('measures a weight change by max abs and relative norm', () => {
    const diff = diffModels(decoded(baseGraph()), decoded(baseGraph({ w: [1, 2, 3, 4.5] })));
    expect(diff.counts).toEqual({ added: 0, removed: 0, changed: 1, weightsChanged: 1 });
    const [weight] = diff.changes[0]?.weights ?? [];
    expect(weight).toMatchObject({ position: 1, leftName: 'W', rightName: 'W', dims: [2, 2] });
    expect(weight?.maxAbs).toBeCloseTo(0.5, 6);
    expect(weight?.relativeNorm).toBeCloseTo(0.5 / Math.sqrt(30), 6);
  });

  it('names a weight whose shape changed instead of measuring it', () => {
    const right = baseGraph();
    right.initializer = [floatTensor('W', [2, 3], [1, 2, 3, 4, 5, 6]), floatTensor('B', [2], [0.5, -0.5])];
    const diff = diffModels(decoded(baseGraph()), decoded(right));
    expect(diff.changes[0]?.weights[0]?.note).toBe('Its shape changed: [2, 2] → [2, 3].');
    expect(diff.changes[0]?.weights[0]?.maxAbs).toBeNaN();
  });

  it('aligns renamed nodes and weights by structure', () => {
    const renamed = baseGraph({
      w: [1, 2, 3, 5],
      nodes: (nodes) => nodes.map((n, i) => ({ ...n, name: `renamed_${i}` })),
    });
    const diff = diffModels(decoded(baseGraph()), decoded(renamed));
    expect(diff.alignedByName).toBe(0);
    expect(diff.alignedByStructure).toBe(4);
    expect(diff.counts).toEqual({ added: 0, removed: 0, changed: 1, weightsChanged: 1 });
    expect(diff.changes[0]).toMatchObject({
      alignedBy: 'structure',
      left: { name: 'mm' },
      right: { name: 'renamed_0' },
    });
  });

  it('says nothing aligns for two unrelated models, with counts', () => {
    const other: GraphMessage = {
      name: 'other',
      node: [
        node('Conv', ['image', 'K'], ['c'], { name: 'conv' }),
        node('Sigmoid', ['c'], ['s'], { name: 'sig' }),
        node('Constant', [], ['k'], {
          name: 'const',
          attribute: [attribute.tensor('value', floatTensor('', [1], [2]))],
        }),
        node('Mul', ['s', 'k'], ['out'], { name: 'mul' }),
      ],
      input: [valueInfo('image', FLOAT, [1, 1, 3, 3])],
      output: [valueInfo('out', FLOAT, [1, 1, 1, 1])],
      initializer: [
        floatTensor(
          'K',
          [1, 1, 3, 3],
          Array.from({ length: 9 }, () => 1),
        ),
      ],
    };
    const diff = diffModels(decoded(baseGraph()), decoded(other), { left: 'a.onnx', right: 'b.onnx' });
    expect(diff.nothingAligns).toBe(true);
    expect(diff.counts).toEqual({ added: 4, removed: 4, changed: 0, weightsChanged: 0 });
    expect(diff.summary).toBe(
      'Nothing aligns: none of the 4 nodes of a.onnx pairs with any of the 4 nodes of b.onnx, by name or by structure.',
    );
  });

  it('compares a Constant value by value', () => {
    const withConstant = (value: number): GraphMessage => ({
      name: 'c',
      node: [
        node('Constant', [], ['k'], {
          name: 'k',
          attribute: [attribute.tensor('value', floatTensor('', [2], [value, 1]))],
        }),
        node('Mul', ['x', 'k'], ['y'], { name: 'mul' }),
      ],
      input: [valueInfo('x', FLOAT, [2])],
      output: [valueInfo('y', FLOAT, [2])],
    });
    const diff = diffModels(decoded(withConstant(1)), decoded(withConstant(3)));
    expect(diff.counts).toMatchObject({ changed: 1, weightsChanged: 1 });
    expect(diff.changes[0]?.weights[0]).toMatchObject({ position: -1, leftName: 'k.value', maxAbs: 2 });
  });
});

describe('where changes show on the open graph', () => {
  it('anchors an added node at its aligned consumer, and marks removed over changed', () => {
    const right = baseGraph({
      nodes: (nodes) => [
        nodes[0]!,
        node('Tanh', ['mm'], ['tanh'], { name: 'tanh' }),
        { ...nodes[1]!, input: ['tanh', 'B'] },
        { ...nodes[3]!, input: ['add'] },
      ],
    });
    const diff = diffModels(decoded(baseGraph()), decoded(right));
    expect(diff.changes.find((c) => c.kind === 'added')?.anchor?.name).toBe('add');
    const marks = leftMarks(diff);
    expect(marks.get(1)).toBe('changed');
    expect(marks.get(2)).toBe('removed');
    expect(marks.has(0)).toBe(false);
  });
});
