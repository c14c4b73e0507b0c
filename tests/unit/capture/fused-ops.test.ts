// ORT's fused kernels mapped back to hand-made graphs: by the name a kernel keeps or is made from, by
// structure for generated names, and the near misses that must stay unmapped rather than guessed.
import { describe, expect, it } from 'vitest';
import type { NodeTiming } from '../../../src/lib/capture/capture-types.ts';
import { fusedReport, mapFusedKernels } from '../../../src/lib/capture/fused-ops.ts';
import { indexRunOverlay, paintOverlay } from '../../../src/lib/capture/run-overlay.ts';
import { buildScopeTree, buildVisibleGraph, type GraphIR } from '../../../src/lib/graph/index.ts';
import type { NodeMessage } from '../../../src/lib/onnx/index.ts';
import { FLOAT, node, valueInfo } from '../onnx/model-builders.ts';
import { decoded } from '../graph/graph-builders.ts';

const op = (type: string, inputs: string[], output: string, name: string): NodeMessage =>
  node(type, inputs, [output], { name });

/** x·0.5·(1 + erf(x/√2)) after a bias Add, as torch exports nn.GELU; `p` prefixes names and values. */
function gelu(p: string, input: string): NodeMessage[] {
  return [
    op('Add', [input, 'bias'], `${p}b`, `${p}/dense/Add`),
    op('Div', [`${p}b`, 'sqrt2'], `${p}d`, `${p}/Div`),
    op('Erf', [`${p}d`], `${p}e`, `${p}/Erf`),
    op('Add', [`${p}e`, 'one'], `${p}a`, `${p}/Add`),
    op('Mul', [`${p}b`, `${p}a`], `${p}m`, `${p}/Mul`),
    op('Mul', [`${p}m`, 'half'], `${p}out`, `${p}/Mul_1`),
  ];
}

/** A decomposed LayerNorm reading `input`, named under `p`. */
function layerNorm(p: string, input: string, output: string): NodeMessage[] {
  return [
    op('ReduceMean', [input], `${p}mean`, `${p}/ReduceMean`),
    op('Sub', [input, `${p}mean`], `${p}c`, `${p}/Sub`),
    op('Pow', [`${p}c`, 'two'], `${p}sq`, `${p}/Pow`),
    op('ReduceMean', [`${p}sq`], `${p}var`, `${p}/ReduceMean_1`),
    op('Add', [`${p}var`, 'eps'], `${p}ve`, `${p}/Add`),
    op('Sqrt', [`${p}ve`], `${p}sd`, `${p}/Sqrt`),
    op('Div', [`${p}c`, `${p}sd`], `${p}n`, `${p}/Div`),
    op('Mul', [`${p}n`, 'gamma'], `${p}g`, `${p}/Mul`),
    op('Add', [`${p}g`, 'beta'], output, `${p}/Add_1`),
  ];
}

const CONSTS = ['bias', 'sqrt2', 'one', 'half', 'two', 'eps', 'gamma', 'beta', 'w', 'w2'];

function graphOf(nodes: NodeMessage[], output: string): GraphIR {
  return decoded({
    node: nodes,
    input: [valueInfo('x', FLOAT, [1, 4, 8]), ...CONSTS.map((name) => valueInfo(name, FLOAT, [8]))],
    output: [valueInfo(output, FLOAT, [1, 4, 8])],
  }).ir;
}

const timing = (node: string, opType: string, ms: number, extra: Partial<NodeTiming> = {}): NodeTiming => ({
  node,
  opType,
  ms,
  provider: 'CPUExecutionProvider',
  ...extra,
});

const namesOf = (ir: GraphIR, ids: readonly string[]) =>
  ids.map((id) => ir.nodes.find((n) => n.id === id)?.name);

/** MatMul → Gelu → LayerNorm → MatMul: the tiny Bible BERT's prediction head, where the two touch. */
function head(): GraphIR {
  return graphOf(
    [
      op('MatMul', ['x', 'w'], 'h', '/dense/MatMul'),
      ...gelu('/g', 'h'),
      ...layerNorm('/ln', '/gout', 'y0'),
      op('MatMul', ['y0', 'w2'], 'y', '/decoder/MatMul'),
    ],
    'y',
  );
}

const HEAD_TIMINGS = [
  timing('/dense/MatMul', 'MatMul', 1, { order: 0 }),
  timing('BiasGelu', 'BiasGelu', 2, { order: 1, outputShapes: [[1, 4, 8]] }),
  timing('/ln/Mul/LayerNormFusion/', 'LayerNormalization', 4, { order: 2 }),
  timing('/decoder/MatMul', 'MatMul', 8, { order: 3 }),
];

describe('mapFusedKernels', () => {
  it('gives a LayerNorm its whole chain by name and the Gelu before it by structure', () => {
    const ir = head();
    const mapping = mapFusedKernels(ir, HEAD_TIMINGS);
    expect(mapping.unmapped).toEqual([]);
    const [norm, biasGelu] = mapping.groups;
    expect(norm?.how).toBe('name');
    expect(namesOf(ir, norm?.nodeIds ?? []).every((name) => name?.startsWith('/ln/'))).toBe(true);
    expect(norm?.nodeIds).toHaveLength(9);
    // The sink, which carries the time, is last.
    expect(norm?.nodeNames.at(-1)).toBe('/ln/Add_1');
    expect(biasGelu?.how).toBe('structure');
    expect(biasGelu?.nodeNames).toEqual(['/g/dense/Add', '/g/Div', '/g/Erf', '/g/Add', '/g/Mul', '/g/Mul_1']);
    expect([...mapping.plain.keys()]).toEqual(['/dense/MatMul', '/decoder/MatMul']);
    expect(mapping.removed).toBe(0);
  });

  it('puts each kernel’s time on its group’s last node once, and the total is kept', () => {
    const ir = head();
    const indexed = indexRunOverlay(ir, { values: [], timings: { backend: 'wasm', nodes: HEAD_TIMINGS } });
    const timeOf = (name: string) =>
      indexed.byNode.get(ir.nodes.find((n) => n.name === name)?.id ?? '')?.time;
    expect(timeOf('/g/Mul_1')).toBe(2);
    expect(timeOf('/ln/Add_1')).toBe(4);
    expect(timeOf('/ln/ReduceMean')).toBeUndefined();
    let sum = 0;
    for (const metrics of indexed.byNode.values()) sum += metrics.time ?? 0;
    expect(sum).toBe(15);
    expect(indexed.unmatched.timings).toBe(0);
    expect(indexed.fused).toMatchObject({ fusedMs: 6, mappedMs: 6, unmappedMs: 0, totalMs: 15 });
  });

  it('marks the boxes whose time is on their group’s last box as fused, on the time metric only', () => {
    const ir = head();
    const tree = buildScopeTree(ir);
    const indexed = indexRunOverlay(ir, { values: [], timings: { backend: 'wasm', nodes: HEAD_TIMINGS } });
    const open = buildVisibleGraph(ir, tree, new Set([...tree.byPath.keys()]));
    const paint = paintOverlay(ir, tree, open, indexed, 'time');
    const fusedNames = (paint.fusedIds ?? []).map((id) => ir.nodes.find((n) => n.id === id)?.name).sort();
    // 8 of the LayerNorm's 9 nodes and 5 of the Gelu's 6: every group member but the last.
    expect(fusedNames).toHaveLength(13);
    expect(fusedNames).not.toContain('/ln/Add_1');
    expect(fusedNames).not.toContain('/g/Mul_1');
    expect(paintOverlay(ir, tree, open, indexed, 'mean-abs').fusedIds).toBeUndefined();
    // Folded into their block, the boxes carry the group's summed time and no mark.
    const folded = paintOverlay(ir, tree, buildVisibleGraph(ir, tree, new Set()), indexed, 'time');
    expect(folded.fusedIds).toBeUndefined();
  });

  it('a Conv that kept its name as FusedConv takes its Relu, not the next kernel’s Conv', () => {
    const ir = graphOf(
      [
        op('Conv', ['x', 'w'], 'c1', 'conv1'),
        op('Relu', ['c1'], 'r1', 'relu1'),
        op('Conv', ['r1', 'w2'], 'c2', 'conv2'),
        op('Relu', ['c2'], 'y', 'relu2'),
      ],
      'y',
    );
    const mapping = mapFusedKernels(ir, [
      timing('conv2', 'FusedConv', 3, { order: 1 }),
      timing('conv1', 'FusedConv', 5, { order: 0 }),
    ]);
    expect(mapping.groups.map((group) => [group.kernel, group.nodeNames])).toEqual([
      ['conv1', ['conv1', 'relu1']],
      ['conv2', ['conv2', 'relu2']],
    ]);
  });

  it('reads "fused <node>" and "<node>/<Fusion>/" names, but only at a path boundary', () => {
    const ir = graphOf(
      [
        op('Gemm', ['x', 'w'], 'g', '/pooler/Gemm'),
        op('Tanh', ['g'], 't', '/pooler/Tanh'),
        op('MatMul', ['t', 'w2'], 'm', '/s/MatMul_1'),
        op('Div', ['m', 'two'], 'y', '/s/Div'),
      ],
      'y',
    );
    const mapping = mapFusedKernels(ir, [
      timing('fused /pooler/Gemm', 'FusedGemm', 1, { order: 0 }),
      // "/s/MatMul_1x/…" is not made from "/s/MatMul_1": no anchor, and a generated name's structure
      // check finds no region for an unknown op type.
      timing('/s/MatMul_1x/MatMulScaleFusion/', 'NotAFusion', 2, { order: 1 }),
    ]);
    expect(mapping.groups[0]?.nodeNames).toEqual(['/pooler/Gemm', '/pooler/Tanh']);
    expect(mapping.unmapped).toEqual([
      { kernel: '/s/MatMul_1x/MatMulScaleFusion/', opType: 'NotAFusion', ms: 2, why: 'not-found' },
    ]);
    // The two nodes that neither ran nor joined a kernel: ORT removed them, as far as the profile says.
    expect(mapping.removed).toBe(2);
  });

  describe('generated names: placed only when one region fits', () => {
    const twoLayers = () =>
      graphOf(
        [
          op('MatMul', ['x', 'w'], 'h0', '/l0/MatMul'),
          ...gelu('/l0', 'h0'),
          op('MatMul', ['/l0out', 'w2'], 'h1', '/l1/MatMul'),
          ...gelu('/l1', 'h1'),
          op('MatMul', ['/l1out', 'w2'], 'y', '/out/MatMul'),
        ],
        'y',
      );
    const ran = [
      timing('/l0/MatMul', 'MatMul', 1, { order: 0 }),
      timing('/l1/MatMul', 'MatMul', 1, { order: 2 }),
      timing('/out/MatMul', 'MatMul', 1, { order: 4 }),
    ];

    it('the run order tells two identical layers apart', () => {
      const ir = twoLayers();
      const mapping = mapFusedKernels(ir, [
        ...ran,
        timing('BiasGelu_token_1', 'BiasGelu', 2, { order: 3 }),
        timing('BiasGelu', 'BiasGelu', 3, { order: 1 }),
      ]);
      expect(mapping.groups.map((group) => [group.kernel, group.nodeNames.at(-1)])).toEqual([
        ['BiasGelu', '/l0/Mul_1'],
        ['BiasGelu_token_1', '/l1/Mul_1'],
      ]);
    });

    it('without a run order two identical regions are ambiguous: unmapped, not guessed', () => {
      const ir = twoLayers();
      const unordered = ran.map(({ order: _order, ...rest }) => rest);
      const mapping = mapFusedKernels(ir, [...unordered, timing('BiasGelu', 'BiasGelu', 3)]);
      expect(mapping.groups).toEqual([]);
      expect(mapping.unmapped).toEqual([{ kernel: 'BiasGelu', opType: 'BiasGelu', ms: 3, why: 'ambiguous' }]);
    });

    it('a region whose output shape differs from the kernel’s is not it', () => {
      const ir = twoLayers();
      const shapes = new Map([
        ['/l0out', [1, 4, 8]],
        ['/l1out', [1, 4, 8]],
      ]);
      const mapping = mapFusedKernels(
        ir,
        [...ran, timing('BiasGelu', 'BiasGelu', 3, { order: 1, outputShapes: [[1, 4, 32]] })],
        shapes,
      );
      expect(mapping.unmapped.map((kernel) => kernel.why)).toEqual(['not-found']);
    });

    it('places 200 identical layers’ kernels, each on its own layer', () => {
      const layers = 200;
      const nodes: NodeMessage[] = [];
      const timings: NodeTiming[] = [];
      let input = 'x';
      for (let layer = 0; layer < layers; layer++) {
        nodes.push(
          op('MatMul', [input, 'w'], `h${layer}`, `/l${layer}/MatMul`),
          ...gelu(`/l${layer}`, `h${layer}`),
        );
        input = `/l${layer}out`;
        timings.push(timing(`/l${layer}/MatMul`, 'MatMul', 1, { order: 2 * layer }));
        // Generated names in an order unrelated to the layers', as ORT's token counter may give them.
        timings.push(
          timing(`BiasGelu_token_${(layer * 7) % layers}`, 'BiasGelu', 1, { order: 2 * layer + 1 }),
        );
      }
      nodes.push(op('MatMul', [input, 'w2'], 'y', '/out/MatMul'));
      timings.push(timing('/out/MatMul', 'MatMul', 1, { order: 2 * layers }));
      const ir = graphOf(nodes, 'y');
      const mapping = mapFusedKernels(ir, timings);
      expect(mapping.unmapped).toEqual([]);
      expect(mapping.groups).toHaveLength(layers);
      mapping.groups.forEach((group, layer) => {
        expect(group.kernel).toBe(`BiasGelu_token_${(layer * 7) % layers}`);
        expect(group.nodeNames.at(-1)).toBe(`/l${layer}/Mul_1`);
      });
    });

    it('a region without the fusion’s core op (no Erf) is not a Gelu', () => {
      const ir = graphOf(
        [
          op('MatMul', ['x', 'w'], 'h', '/m'),
          op('Add', ['h', 'bias'], 'a', '/add'),
          op('Mul', ['a', 'half'], 'y', '/mul'),
        ],
        'y',
      );
      const mapping = mapFusedKernels(ir, [
        timing('/m', 'MatMul', 1, { order: 0 }),
        timing('Gelu_AddBias_0', 'BiasGelu', 1, { order: 1 }),
      ]);
      expect(mapping.unmapped.map((kernel) => kernel.kernel)).toEqual(['Gelu_AddBias_0']);
      expect(mapping.removed).toBe(2);
    });
  });

  it('two nodes sharing a name get neither the time; it is not called a fused kernel', () => {
    const ir = graphOf([op('Relu', ['x'], 'a', 'same'), op('Relu', ['a'], 'y', 'same')], 'y');
    const timings = [timing('same', 'Relu', 2)];
    const mapping = mapFusedKernels(ir, timings);
    expect(mapping.unmapped).toEqual([{ kernel: 'same', opType: 'Relu', ms: 2, why: 'shared-name' }]);
    expect(fusedReport(mapping, timings)).toMatchObject({
      fusedMs: 0,
      unmappedMs: 0,
      sharedNameMs: 2,
      totalMs: 2,
    });
  });
});
