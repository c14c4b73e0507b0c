// Capture variants of the embedded models and the 10,000-node synthetic model: valid, same nodes and
// initializers, the added outputs named, weights referenced in the original bytes instead of copied.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CAPTURE_SOURCE_LOCATION,
  decodeModelMessage,
  encodeWithOutputs,
  externalizeWeights,
  selectCaptureValues,
} from '../../../src/lib/capture/capture-variant.ts';
import { generateSyntheticModel } from '../../../src/lib/graph/synthetic-model.ts';
import { decodeModel, encodeModel } from '../../../src/lib/onnx/index.ts';
import { attribute, encode, FLOAT, floatTensor, node, valueInfo } from '../onnx/model-builders.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

function variantOf(bytes: Uint8Array) {
  const message = decodeModelMessage(bytes);
  const selection = selectCaptureValues(message.graph ?? {});
  const moved = externalizeWeights(message, bytes);
  const variant = encodeWithOutputs(
    message,
    selection.candidates.map((c) => c.name),
  );
  return { selection, moved, variant };
}

describe.each(['tiny-sentiment-bert', 'nanodet-coco', 'shapes-yolov8'])('capture variant of %s', (id) => {
  const bytes = new Uint8Array(readFileSync(resolve(ROOT, 'models', id, 'onnx', 'model.onnx')));

  it('decodes with the same nodes and initializers, every node output added, weights not copied', () => {
    const original = decodeModel(bytes);
    const { selection, moved, variant } = variantOf(bytes);
    const decoded = decodeModel(variant);
    expect(decoded.graph.nodes.map((n) => n.name)).toEqual(original.graph.nodes.map((n) => n.name));
    expect(decoded.graph.initializers.map((t) => t.name)).toEqual(
      original.graph.initializers.map((t) => t.name),
    );
    const outputs = decoded.graph.outputs.map((o) => o.name);
    const nodeOutputs = original.graph.nodes.flatMap((n) => n.outputs).filter((name) => name !== '');
    expect(new Set(outputs)).toEqual(new Set([...original.graph.outputs.map((o) => o.name), ...nodeOutputs]));
    expect(selection.candidates).toHaveLength(new Set(nodeOutputs).size);
    expect(moved).toBeGreaterThan(0);
    // Only the graph is encoded: the weights stay in the original bytes.
    expect(variant.length).toBeLessThan(bytes.length / 20);
    for (const tensor of decoded.graph.initializers.filter((t) => t.storage.kind === 'external')) {
      if (tensor.storage.kind !== 'external') continue;
      expect(tensor.storage.file).toBe(CAPTURE_SOURCE_LOCATION);
      const source = original.graph.initializers.find((t) => t.name === tensor.name);
      if (source?.storage.kind !== 'raw') throw new Error(`${tensor.name} was not raw_data`);
      const offset = source.storage.bytes.byteOffset - bytes.byteOffset;
      expect(tensor.storage.offset).toBe(offset);
      expect(tensor.storage.length).toBe(source.storage.bytes.byteLength);
    }
  });
});

describe('capture variant of the 10,000-node synthetic model', () => {
  // A generous timeout: encoding and decoding 10,000 nodes twice takes seconds on a busy machine.
  it('keeps every node and adds every output, far smaller than the model', { timeout: 60_000 }, () => {
    const bytes = encodeModel(generateSyntheticModel({ nodeCount: 10_000, hiddenSize: 64 }));
    const { selection, variant } = variantOf(bytes);
    const decoded = decodeModel(variant);
    expect(decoded.graph.nodes).toHaveLength(10_000);
    expect(selection.candidates.length).toBeGreaterThanOrEqual(10_000);
    expect(decoded.graph.outputs.length).toBeGreaterThanOrEqual(selection.candidates.length);
    expect(variant.length).toBeLessThan(bytes.length / 2);
  });
});

describe('values that cannot be captured', () => {
  const thenBranch = {
    name: 'then',
    node: [node('Neg', ['x'], ['inner'], { name: '/if/then/Neg' })],
    output: [valueInfo('inner', FLOAT, [2])],
  };
  const bytes = encode({
    name: 'mixed',
    node: [
      node('Relu', ['x'], ['r'], { name: '/a/Relu' }),
      node('Dropout', ['r'], ['d', ''], { name: '/a/Dropout' }),
      node('SplitToSequence', ['r'], ['seq'], { name: '/b/Split' }),
      node('ReduceSum', ['x'], ['s'], { name: '/b/Sum' }),
      node('Greater', ['s', 'zero'], ['cond'], { name: '/b/Greater' }),
      node('If', ['cond'], ['chosen'], {
        name: '/b/If',
        attribute: [attribute.graph('then_branch', thenBranch), attribute.graph('else_branch', thenBranch)],
      }),
      node('Cast', ['r'], ['label'], { name: '/b/Cast', attribute: [attribute.int('to', 8)] }),
    ],
    initializer: [floatTensor('zero', [], [0])],
    input: [valueInfo('x', FLOAT, [2])],
    output: [valueInfo('chosen', FLOAT, [2])],
    value_info: [
      { name: 'seq', type: { sequence_type: { elem_type: { tensor_type: { elem_type: FLOAT } } } } },
      valueInfo('label', 8, [2]),
    ],
  });
  const graph = decodeModelMessage(bytes).graph ?? {};

  it('lists subgraph values, empty outputs, sequences and strings with a reason', () => {
    const { candidates, skipped } = selectCaptureValues(graph);
    expect(candidates.map((c) => c.name)).toEqual(['r', 'd', 's', 'cond', 'chosen']);
    const reasons = new Map(skipped.map((s) => [s.name, s.reason]));
    expect(reasons.get('inner')).toMatch(/inside the If node \/b\/If's (then|else)_branch subgraph/);
    expect(reasons.get('')).toMatch(/empty name/);
    expect(reasons.get('seq')).toMatch(/sequence/);
    expect(reasons.get('label')).toMatch(/strings/);
  });

  it('named values: inputs, weights and unknown names are reported, one scope selects its nodes', () => {
    const named = selectCaptureValues(graph, { names: ['s', 'x', 'zero', 'nope', 'inner'] });
    expect(named.candidates.map((c) => c.name)).toEqual(['s']);
    const reasons = new Map(named.skipped.map((s) => [s.name, s.reason]));
    expect(reasons.get('x')).toMatch(/graph input or a weight/);
    expect(reasons.get('zero')).toMatch(/graph input or a weight/);
    expect(reasons.get('nope')).toMatch(/not produced by any node/);
    expect(reasons.get('inner')).toMatch(/subgraph/);
    expect(selectCaptureValues(graph, { scope: '/a' }).candidates.map((c) => c.name)).toEqual(['r', 'd']);
  });
});
