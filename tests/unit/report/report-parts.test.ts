// The report's parts on their own: the store-only zip reads back byte for byte (and a damaged one is
// refused), typed .npy keeps int64 and float16 bits, and the cut model has one node, the weights embedded
// and the other inputs as typed graph inputs.
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../../../src/lib/onnx/index.ts';
import { cutNodeModel } from '../../../src/lib/report/cut-node.ts';
import { decodeTypedNpy, encodeTypedNpy } from '../../../src/lib/report/typed-npy.ts';
import { crc32, readZip, writeZip } from '../../../src/lib/report/zip.ts';
import { encodeModel } from '../../../src/lib/onnx/index.ts';
import { attribute, FLOAT, floatTensor, model, node, valueInfo } from '../onnx/model-builders.ts';

describe('zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('reads back every part, names with non-ASCII characters included', () => {
    const parts = [
      { name: 'README.md', bytes: new TextEncoder().encode('# report\n') },
      { name: 'node/inputs/é.npy', bytes: new Uint8Array([1, 2, 3, 0, 255]) },
      { name: 'empty.txt', bytes: new Uint8Array() },
    ];
    const read = readZip(writeZip(parts, new Date(Date.UTC(2026, 11, 7, 15, 30))));
    expect(read.map((p) => p.name)).toEqual(parts.map((p) => p.name));
    read.forEach((p, i) => expect([...p.bytes]).toEqual([...(parts[i]?.bytes ?? [])]));
  });

  it('refuses a damaged archive in words', () => {
    const zip = writeZip([{ name: 'a.bin', bytes: new Uint8Array([1, 2, 3, 4]) }]);
    const at = 31 + 'a.bin'.length;
    zip[at] = (zip[at] ?? 0) ^ 0xff;
    expect(() => readZip(zip)).toThrow('a.bin is damaged (CRC mismatch).');
    expect(() => readZip(new Uint8Array(30))).toThrow('Not a zip file');
  });
});

describe('typed .npy', () => {
  it('keeps int64 and float16 bits and the shape', () => {
    const ids = new BigInt64Array([101n, 2023n, 102n]);
    const back = decodeTypedNpy(encodeTypedNpy({ type: 'int64', dims: [1, 3], data: ids }));
    expect(back.type).toBe('int64');
    expect(back.dims).toEqual([1, 3]);
    expect([...new BigInt64Array(back.bytes.slice().buffer)]).toEqual([101n, 2023n, 102n]);
    const half = decodeTypedNpy(
      encodeTypedNpy({ type: 'float16', dims: [2], data: new Uint16Array([0x3c00, 0x7bff]) }),
    );
    expect([...new Uint16Array(half.bytes.slice().buffer)]).toEqual([0x3c00, 0x7bff]);
    const scalar = encodeTypedNpy({ type: 'float32', dims: [], data: new Float32Array([1]) });
    expect(decodeTypedNpy(scalar).dims).toEqual([]);
    expect((10 + new DataView(scalar.buffer).getUint16(8, true)) % 64).toBe(0);
  });

  it('refuses a type it cannot write', () => {
    expect(() => encodeTypedNpy({ type: 'string', dims: [1], data: new Uint8Array(1) })).toThrow(
      'A string tensor has no .npy type here.',
    );
  });
});

describe('cutNodeModel', () => {
  const full = model({
    name: 'full',
    node: [
      node('Relu', ['x'], ['r'], { name: 'relu' }),
      node('Constant', [], ['k'], {
        name: 'k',
        attribute: [attribute.tensor('value', floatTensor('', [1], [2]))],
      }),
      node('Gemm', ['r', 'W', 'B'], ['g'], { name: 'gemm', attribute: [attribute.int('transB', 1)] }),
      node('Mul', ['g', 'k'], ['y'], { name: 'mul' }),
    ],
    input: [valueInfo('x', FLOAT, [1, 2])],
    output: [valueInfo('y', FLOAT, [1, 2])],
    initializer: [floatTensor('W', [2, 2], [1, 2, 3, 4]), floatTensor('B', [2], [5, 6])],
  });
  const types = new Map([
    ['r', { type: 'float32', dims: [1, 2] }],
    ['g', { type: 'float32', dims: [1, 2] }],
    ['y', { type: 'float32', dims: [1, 2] }],
  ]);

  it('cuts one node with its weights embedded and the rest as typed inputs', () => {
    const cut = cutNodeModel(full, 2, types);
    expect(cut).toMatchObject({ feeds: ['r'], embedded: ['W', 'B'], outputs: ['g'] });
    const decoded = decodeModel(encodeModel(cut.model));
    expect(decoded.graph.nodes.map((n) => [n.name, n.opType])).toEqual([['gemm', 'Gemm']]);
    expect(decoded.graph.nodes[0]?.attributes[0]).toMatchObject({ name: 'transB', value: 1n });
    expect(decoded.graph.inputs).toMatchObject([
      { name: 'r', type: { kind: 'tensor', elemType: 'float32', shape: [{ size: 1 }, { size: 2 }] } },
    ]);
    expect(decoded.graph.outputs.map((o) => o.name)).toEqual(['g']);
    expect(decoded.graph.initializers.map((t) => [t.name, t.dims])).toEqual([
      ['W', [2, 2]],
      ['B', [2]],
    ]);
    expect(decoded.opsetImports).toEqual([{ domain: '', version: 17 }]);
  });

  it('embeds a Constant producer as an initializer', () => {
    const cut = cutNodeModel(full, 3, types);
    expect(cut).toMatchObject({ feeds: ['g'], embedded: ['k'] });
    expect(decodeModel(encodeModel(cut.model)).graph.initializers[0]?.name).toBe('k');
  });

  it('says which input was not captured', () => {
    expect(() => cutNodeModel(full, 2, new Map())).toThrow(
      'The input r of the node was not captured, so it cannot be fed.',
    );
    expect(() => cutNodeModel(full, 9, types)).toThrow('The model has no node number 9.');
  });
});

describe('the issue text', () => {
  it('has the form’s fields and keeps a hostile node name inside its code span', async () => {
    const { reportMarkdown } = await import('../../../src/lib/report/report-markdown.ts');
    const text = reportMarkdown({
      createdAt: '2026-12-07T15:30:00.000Z',
      source: { kind: 'file', label: 'm.onnx', file: 'm.onnx', sha256: 'ab'.repeat(32), bytes: 10 },
      environment: {
        ortVersion: '1.30.0',
        reference: 'wasm',
        other: 'webgpu',
        adapter: null,
        userAgent: 'Chrome',
        platform: 'Linux',
      },
      node: {
        name: 'evil`\n### Injected',
        opType: 'Add',
        domain: '',
        index: 3,
        attributes: [],
        inputs: ['a', ''],
        outputs: ['y'],
      },
      divergence: {
        value: 'y',
        maxAbsDiff: 0.5,
        maxRelDiff: 0.25,
        tolerance: { atol: 1e-4, rtol: 1e-3 },
        divergent: true,
        worst: { index: 2, reference: 2, other: 2.5 },
        head: { reference: [1, 2], other: [1, 2.5] },
      },
      modelInputs: [],
      cut: { path: 'node/model.onnx', feeds: [], embedded: [], expected: {} },
    });
    for (const field of [
      'Describe the issue',
      'To reproduce',
      'Urgency',
      'ONNX Runtime Version or Commit ID',
    ])
      expect(text).toContain(`### ${field}`);
    expect(text).toContain("`evil'\uFFFD### Injected`");
    expect(text).not.toMatch(/^### Injected/m);
    expect(text).toContain('flat index 2: wasm 2, webgpu 2.5');
  });
});

describe('a node with subgraphs', () => {
  it('is cut, with a note that its bodies may read outer values', () => {
    const body = {
      name: 'body',
      node: [node('Identity', ['outer'], ['out'])],
      output: [valueInfo('out', FLOAT, [1])],
    };
    const withIf = model({
      name: 'if',
      node: [
        node('If', ['cond'], ['y'], {
          name: 'if',
          attribute: [attribute.graph('then_branch', body), attribute.graph('else_branch', body)],
        }),
      ],
      input: [valueInfo('cond', 9, [])],
      output: [valueInfo('y', FLOAT, [1])],
    });
    const cut = cutNodeModel(withIf, 0, new Map([['cond', { type: 'bool', dims: [] }]]));
    expect(cut.feeds).toEqual(['cond']);
    expect(cut.note).toMatch(/^The node has subgraphs/);
  });
});
