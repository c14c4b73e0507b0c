import { describe, expect, it } from 'vitest';
import { dataTypeCode, decodeModel, encodeModel, summarizeTensor } from '../../../src/lib/onnx/index.ts';
import {
  attribute,
  convReluModel,
  encode,
  FLOAT,
  floatTensor,
  INT64,
  model,
  node,
  rawTensor,
  valueInfo,
} from './model-builders.ts';

describe('decodeModel', () => {
  it('decodes a Conv+Relu model: metadata, nodes, attributes, symbolic dims', () => {
    const decoded = decodeModel(convReluModel());
    expect(decoded.irVersion).toBe(8);
    expect(decoded.opsetImports).toEqual([{ domain: '', version: 17 }]);
    expect(decoded.producerName).toBe('glassbox-tests');
    expect(decoded.warnings).toEqual([]);
    expect(decoded.graph.nodes.map((n) => n.opType)).toEqual(['Conv', 'Relu']);
    const conv = decoded.graph.nodes[0];
    expect(conv?.inputs).toEqual(['input', 'conv.weight', 'conv.bias']);
    expect(conv?.attributes).toEqual([
      { name: 'kernel_shape', docString: '', kind: 'ints', value: [3n, 3n] },
      { name: 'pads', docString: '', kind: 'ints', value: [1n, 1n, 1n, 1n] },
    ]);
    expect(decoded.graph.inputs[0]?.type).toEqual({
      kind: 'tensor',
      elemType: 'float32',
      shape: [
        { kind: 'symbolic', name: 'N' },
        { kind: 'fixed', size: 3 },
        { kind: 'fixed', size: 8 },
        { kind: 'fixed', size: 8 },
      ],
    });
  });

  it('keeps initializer raw_data as a view into the input bytes (no copy)', () => {
    const bytes = convReluModel();
    const weight = decodeModel(bytes).graph.initializers[0];
    expect(weight?.storage.kind).toBe('raw');
    if (weight?.storage.kind !== 'raw') return;
    expect(weight.storage.bytes.buffer).toBe(bytes.buffer);
    expect(weight.storage.bytes.byteLength).toBe(4 * 3 * 3 * 3 * 4);
  });

  it('decodes a MatMul with an initializer and summarises it lazily', () => {
    const bytes = encode({
      node: [node('MatMul', ['x', 'W'], ['y'])],
      initializer: [floatTensor('W', [2, 3], [1, 2, 3, 4, 5, 6])],
      input: [valueInfo('x', FLOAT, [1, 2])],
      output: [valueInfo('y', FLOAT, [1, 3])],
    });
    const [weight] = decodeModel(bytes).graph.initializers;
    expect(weight && summarizeTensor(weight)).toEqual({
      name: 'W',
      dtype: 'float32',
      shape: [2, 3],
      elementCount: 6,
      byteSize: 24,
      storage: 'raw',
    });
  });

  it('decodes If subgraphs as nested graphs', () => {
    const branch = (name: string, value: number) => ({
      name,
      node: [
        node('Constant', [], [`${name}_out`], {
          attribute: [attribute.tensor('value', floatTensor('', [1], [value]))],
        }),
      ],
      output: [valueInfo(`${name}_out`, FLOAT, [1])],
    });
    const bytes = encode({
      node: [
        node('If', ['cond'], ['y'], {
          name: 'branch',
          attribute: [
            attribute.graph('then_branch', branch('then', 1)),
            attribute.graph('else_branch', branch('else', 0)),
          ],
        }),
      ],
      input: [valueInfo('cond', dataTypeCode('bool'))],
      output: [valueInfo('y', FLOAT, [1])],
    });
    const [ifNode] = decodeModel(bytes).graph.nodes;
    const thenBranch = ifNode?.attributes.find((a) => a.name === 'then_branch');
    expect(thenBranch?.kind).toBe('graph');
    if (thenBranch?.kind !== 'graph') return;
    expect(thenBranch.value.name).toBe('then');
    expect(thenBranch.value.nodes[0]?.opType).toBe('Constant');
    const constant = thenBranch.value.nodes[0]?.attributes[0];
    expect(constant?.kind === 'tensor' && summarizeTensor(constant.value).shape).toEqual([1]);
  });

  it('reports the file an external-data initializer needs, without failing', () => {
    const bytes = encode({
      node: [node('MatMul', ['x', 'W'], ['y'])],
      initializer: [
        {
          name: 'W',
          data_type: FLOAT,
          dims: [1024, 1024],
          data_location: 1,
          external_data: [
            { key: 'location', value: 'model.onnx.data' },
            { key: 'offset', value: '4096' },
            { key: 'length', value: '4194304' },
          ],
        },
      ],
      input: [valueInfo('x', FLOAT, [1, 1024])],
      output: [valueInfo('y', FLOAT, [1, 1024])],
    });
    const [weight] = decodeModel(bytes).graph.initializers;
    expect(weight?.storage).toEqual({
      kind: 'external',
      file: 'model.onnx.data',
      offset: 4096,
      length: 4194304,
      checksum: undefined,
    });
    expect(weight && summarizeTensor(weight)).toMatchObject({
      elementCount: 1024 * 1024,
      byteSize: 4194304,
      storage: 'external',
      externalFile: 'model.onnx.data',
    });
  });

  it('decodes an fp16 initializer with its byte size', () => {
    const halfOnes = new Uint16Array([0x3c00, 0x3c00, 0xc000]);
    const bytes = encode({
      node: [node('Add', ['x', 'b'], ['y'])],
      initializer: [rawTensor('b', 'float16', [3], halfOnes)],
      input: [valueInfo('x', 10, [3])],
      output: [valueInfo('y', 10, [3])],
    });
    const [bias] = decodeModel(bytes).graph.initializers;
    expect(bias && summarizeTensor(bias)).toMatchObject({ dtype: 'float16', elementCount: 3, byteSize: 6 });
  });

  it('decodes int64 shapes: raw int64 initializer, int64_data, large dims and INT64_MAX attributes', () => {
    const bytes = encode({
      node: [
        node('Reshape', ['x', 'shape'], ['r']),
        node('Slice', ['r', 'starts', 'ends'], ['y'], { attribute: [attribute.int('axis_hint', -1)] }),
      ],
      initializer: [
        rawTensor('shape', 'int64', [2], new BigInt64Array([-1n, 3_000_000_000n])),
        { name: 'starts', data_type: INT64, dims: [1], int64_data: [0] },
        {
          name: 'ends',
          data_type: INT64,
          dims: [1],
          int64_data: [{ low: -1, high: 0x7fffffff, unsigned: false }],
        },
      ],
      input: [valueInfo('x', FLOAT, [2, 3_000_000_000])],
      output: [valueInfo('y', FLOAT)],
    });
    const decoded = decodeModel(bytes);
    expect(decoded.graph.inputs[0]?.type).toMatchObject({ shape: [{ size: 2 }, { size: 3_000_000_000 }] });
    expect(decoded.graph.outputs[0]?.type).toEqual({ kind: 'tensor', elemType: 'float32', shape: undefined });
    expect(decoded.graph.nodes[1]?.attributes[0]).toMatchObject({ kind: 'int', value: -1n });
    const ends = decoded.graph.initializers[2];
    expect(ends?.storage.kind).toBe('int64_data');
  });

  it('returns names with HTML and control characters verbatim', () => {
    const hostile = '<script>alert("x")</script>\u0000\u0007\u001b[31m\u202e';
    const bytes = encodeModel(
      model(
        {
          name: hostile,
          node: [
            node('Relu', [hostile], ['out'], {
              name: `/a/${hostile}/Relu`,
              attribute: [attribute.string('note', hostile)],
            }),
          ],
          input: [valueInfo(hostile, FLOAT, [hostile])],
          output: [valueInfo('out', FLOAT)],
        },
        { producer_name: hostile, metadata_props: [{ key: hostile, value: hostile }], doc_string: hostile },
      ),
    );
    const decoded = decodeModel(bytes);
    expect(decoded.graph.name).toBe(hostile);
    expect(decoded.producerName).toBe(hostile);
    expect(decoded.docString).toBe(hostile);
    expect(decoded.metadataProps).toEqual([{ key: hostile, value: hostile }]);
    expect(decoded.graph.nodes[0]?.name).toBe(`/a/${hostile}/Relu`);
    expect(decoded.graph.nodes[0]?.inputs).toEqual([hostile]);
    expect(decoded.graph.nodes[0]?.attributes[0]).toMatchObject({ kind: 'string', value: hostile });
    expect(decoded.graph.inputs[0]?.type).toMatchObject({ shape: [{ kind: 'symbolic', name: hostile }] });
  });

  it('warns about a model without opset_import', () => {
    const bytes = encodeModel({ ir_version: 8, graph: { node: [node('Relu', ['x'], ['y'])] } });
    expect(decodeModel(bytes).warnings).toEqual([
      'The model imports no operator set (opset_import is empty): it may be truncated or incomplete.',
    ]);
  });

  it('accepts a Node Buffer as well as a Uint8Array', () => {
    const decoded = decodeModel(Buffer.from(convReluModel()));
    expect(decoded.graph.initializers.map((t) => t.name)).toEqual(['conv.weight', 'conv.bias']);
  });
});
