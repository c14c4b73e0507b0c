// Alignment of a float32 model's values with its variants': the embedded tiny BERT against hand-made
// q4-shaped (MatMulNBits), int8-shaped (DequantizeLinear + MatMul) and fp16-shaped (inserted Casts) graphs
// of itself, with the replaced nodes' outputs renamed so only structure can pair them; a fully renamed
// copy; and an unrelated model, where nothing aligns and the counts say so.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModelMessage } from '../../../src/lib/capture/capture-variant.ts';
import {
  alignGraphOf,
  alignValues,
  describeAlignment,
  type AlignGraph,
  type AlignNode,
} from '../../../src/lib/variants/align-values.ts';

const bertUrl = new URL('../../../models/tiny-sentiment-bert/onnx/model.onnx', import.meta.url);
const reference = alignGraphOf(decodeModelMessage(readFileSync(bertUrl)).graph ?? {});

const weightMatMuls = reference.nodes.filter(
  (node) => node.opType === 'MatMul' && reference.initializers.has(node.inputs[1] ?? ''),
);
const outputCount = reference.nodes.flatMap((node) => node.outputs).filter((name) => name !== '').length;

/** Replaces each weight MatMul by `replace`, renaming its output; readers are rewired to the new name. */
function rewrite(graph: AlignGraph, replace: (node: AlignNode, renamed: string) => AlignNode[]): AlignGraph {
  const renames = new Map<string, string>();
  const nodes: AlignNode[] = [];
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((input) => renames.get(input) ?? input);
    if (node.opType === 'MatMul' && graph.initializers.has(node.inputs[1] ?? '')) {
      const renamed = `${node.outputs[0]}_variant`;
      renames.set(node.outputs[0] ?? '', renamed);
      nodes.push(...replace({ ...node, inputs }, renamed));
    } else nodes.push({ ...node, inputs });
  }
  return { ...graph, nodes };
}

const q4 = rewrite(reference, (node, renamed) => [
  {
    name: `${node.name}_Q4`,
    opType: 'MatMulNBits',
    inputs: [node.inputs[0] ?? '', `${node.inputs[1]}_Q4`, `${node.inputs[1]}_scales`],
    outputs: [renamed],
  },
]);

const int8 = rewrite(reference, (node, renamed) => [
  {
    name: `${node.name}_DequantizeLinear`,
    opType: 'DequantizeLinear',
    inputs: [`${node.inputs[1]}_quantized`, `${node.inputs[1]}_scale`, `${node.inputs[1]}_zero_point`],
    outputs: [`${node.inputs[1]}_dequantized`],
  },
  {
    name: `${node.name}_int8`,
    opType: 'MatMul',
    inputs: [node.inputs[0] ?? '', `${node.inputs[1]}_dequantized`],
    outputs: [renamed],
  },
]);

describe('alignValues on the tiny BERT', () => {
  it('aligns a model with itself entirely by name', () => {
    const alignment = alignValues(reference, reference);
    expect(alignment.aligned).toHaveLength(outputCount);
    expect(alignment.aligned.every((value) => value.by === 'name')).toBe(true);
    expect(alignment.referenceOnly).toEqual([]);
    expect(alignment.variantOnly).toEqual([]);
  });

  it('pairs MatMul with MatMulNBits by structure, the rest by name', () => {
    expect(weightMatMuls.length).toBe(12);
    const alignment = alignValues(reference, q4);
    const structural = alignment.aligned.filter((value) => value.by === 'structure');
    expect(structural.map((value) => value.reference)).toEqual(weightMatMuls.map((node) => node.outputs[0]));
    expect(structural.every((value) => value.variant === `${value.reference}_variant`)).toBe(true);
    expect(structural.every((value) => value.variantOpType === 'MatMulNBits')).toBe(true);
    expect(alignment.aligned).toHaveLength(outputCount);
    expect(alignment.referenceOnly).toEqual([]);
    expect(describeAlignment(alignment)[0]).toBe(
      `${outputCount} values aligned: ${outputCount - 12} by name, 12 by structure (MatMul ↔ MatMulNBits).`,
    );
  });

  it('pairs MatMul with DequantizeLinear + MatMul and names the dequantised weights as variant-only', () => {
    const alignment = alignValues(reference, int8);
    const structural = alignment.aligned.filter((value) => value.by === 'structure');
    expect(structural).toHaveLength(12);
    expect(structural.every((value) => value.variant === `${value.reference}_variant`)).toBe(true);
    expect(alignment.variantOnly).toHaveLength(12);
    expect(alignment.variantOnly.every((value) => value.opType === 'DequantizeLinear')).toBe(true);
    expect(describeAlignment(alignment)[1]).toBe(
      '12 values exist only in the variant (12 DequantizeLinear): nothing to compare them with.',
    );
  });

  it('looks through Cast pairs an fp16 variant inserts', () => {
    // Every Softmax kept in float32 between Casts, its nodes and output renamed.
    const renames = new Map<string, string>();
    const nodes: AlignNode[] = [];
    for (const node of reference.nodes) {
      const inputs = node.inputs.map((input) => renames.get(input) ?? input);
      if (node.opType !== 'Softmax') {
        nodes.push({ ...node, inputs });
        continue;
      }
      const out = node.outputs[0] ?? '';
      renames.set(out, `${out}_half`);
      nodes.push(
        { name: `${node.name}_in`, opType: 'Cast', inputs, outputs: [`${out}_in32`] },
        { name: `${node.name}_renamed`, opType: 'Softmax', inputs: [`${out}_in32`], outputs: [`${out}_32`] },
        { name: `${node.name}_out`, opType: 'Cast', inputs: [`${out}_32`], outputs: [`${out}_half`] },
      );
    }
    const alignment = alignValues(reference, { ...reference, nodes });
    const structural = alignment.aligned.filter((value) => value.by === 'structure');
    expect(structural.map((value) => value.opType)).toEqual(['Softmax', 'Softmax']);
    expect(structural.every((value) => value.variant.endsWith('_32'))).toBe(true);
    expect(alignment.variantOnly.map((value) => value.opType)).toEqual(['Cast', 'Cast', 'Cast', 'Cast']);
  });

  it('aligns a copy with every value renamed, in graph order, query/key/value included', () => {
    const renamed = (name: string) =>
      reference.inputs.includes(name) || reference.initializers.has(name) ? name : `x${name}`;
    const copy: AlignGraph = {
      ...reference,
      nodes: reference.nodes.map((node) => ({
        ...node,
        name: `n${node.name}`,
        inputs: node.inputs.map(renamed),
        outputs: node.outputs.map(renamed),
      })),
    };
    const alignment = alignValues(reference, copy);
    const wrong = alignment.aligned.filter((value) => value.variant !== `x${value.reference}`);
    expect(wrong).toEqual([]);
    expect(alignment.aligned.length).toBeGreaterThan(outputCount / 2);
    // Constants have no data inputs, so nothing but their names could pair them: said, not hidden.
    const constants = reference.nodes.filter((node) => node.opType === 'Constant').length;
    expect(alignment.referenceOnly.length).toBeGreaterThanOrEqual(constants);
    expect(alignment.aligned.length + alignment.referenceOnly.length).toBe(outputCount);
  });

  it('keeps only captured values when told which', () => {
    const captured = new Set(weightMatMuls.map((node) => node.outputs[0] ?? ''));
    const variantCaptured = new Set([...captured].map((name) => `${name}_variant`));
    const alignment = alignValues(reference, q4, { reference: captured, variant: variantCaptured });
    expect(alignment.aligned).toHaveLength(12);
    expect(alignment.referenceOnly).toEqual([]);
    expect(alignment.variantOnly).toEqual([]);
  });

  it('says nothing aligns for an unrelated model, with counts', () => {
    const unrelated: AlignGraph = {
      nodes: [{ name: 'conv', opType: 'Conv', inputs: ['images', 'w'], outputs: ['features'] }],
      initializers: new Set(['w']),
      inputs: ['images'],
    };
    const alignment = alignValues(reference, unrelated);
    expect(alignment.aligned).toEqual([]);
    expect(describeAlignment(alignment)).toEqual([
      'Nothing aligns: no value of the variant stands for one of the reference.',
      expect.stringMatching(
        new RegExp(`^${outputCount} reference values have no counterpart in the variant \\(75 Constant, `),
      ),
      '1 value exists only in the variant (1 Conv): nothing to compare them with.',
    ]);
  });
});

describe('alignValues on integer ops', () => {
  it('pairs MatMul with the scaled float result after MatMulInteger', () => {
    const ref: AlignGraph = {
      nodes: [
        { name: 'mm', opType: 'MatMul', inputs: ['x', 'W'], outputs: ['y'] },
        { name: 'relu', opType: 'Relu', inputs: ['y'], outputs: ['z'] },
      ],
      initializers: new Set(['W']),
      inputs: ['x'],
    };
    const variant: AlignGraph = {
      nodes: [
        { name: 'q', opType: 'DynamicQuantizeLinear', inputs: ['x'], outputs: ['xq', 'xs', 'xz'] },
        { name: 'mmi', opType: 'MatMulInteger', inputs: ['xq', 'Wq', 'xz', 'Wz'], outputs: ['acc'] },
        { name: 'cast', opType: 'Cast', inputs: ['acc'], outputs: ['accf'] },
        { name: 'scale', opType: 'Mul', inputs: ['accf', 's'], outputs: ['y_quant'] },
        { name: 'relu', opType: 'Relu', inputs: ['y_quant'], outputs: ['z'] },
      ],
      initializers: new Set(['Wq', 'Wz']),
      inputs: ['x'],
    };
    const alignment = alignValues(ref, variant);
    expect(alignment.aligned.map((value) => [value.reference, value.variant, value.by])).toEqual([
      ['z', 'z', 'name'],
      ['y', 'y_quant', 'structure'],
    ]);
    expect(alignment.variantOnly.map((value) => value.name)).toEqual(['xq', 'xs', 'xz', 'acc', 'accf']);
  });
});
