// Attention sites found by structure (the embedded BERT's two Softmax nodes, nothing in the detectors, a
// renamed BERT still found), and divergence between captures.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAttentionSites } from '../../../src/lib/capture/attention.ts';
import { compareValue, firstDivergent, type ComparedValue } from '../../../src/lib/capture/divergence.ts';
import { decodeModelMessage } from '../../../src/lib/capture/capture-variant.ts';
import { buildGraphIR } from '../../../src/lib/graph/build-graph-ir.ts';
import { decodeModel, encodeModel } from '../../../src/lib/onnx/index.ts';
import { buildTinyCausalLm, type TinyCausalLmSpec } from '../../support/tiny-causal-lm.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const modelBytes = (id: string) =>
  new Uint8Array(readFileSync(resolve(ROOT, 'models', id, 'onnx', 'model.onnx')));
const irOf = (bytes: Uint8Array) => buildGraphIR(decodeModel(bytes));
const FIXTURES = 'tests/fixtures/hub/glassbox';

/** The model with every node, initializer and inner value renamed (graph inputs and outputs kept). */
function renamed(bytes: Uint8Array) {
  const message = decodeModelMessage(bytes);
  const graph = message.graph ?? {};
  const keep = new Set([...(graph.input ?? []), ...(graph.output ?? [])].map((info) => info.name));
  const names = new Map<string, string>();
  const rename = (name: string) => {
    if (name === '' || keep.has(name)) return name;
    if (!names.has(name)) names.set(name, `v${names.size}`);
    return names.get(name) as string;
  };
  for (const tensor of graph.initializer ?? []) tensor.name = rename(tensor.name ?? '');
  (graph.node ?? []).forEach((node, i) => {
    node.name = `op${i}`;
    node.input = (node.input ?? []).map(rename);
    node.output = (node.output ?? []).map(rename);
  });
  return message;
}

describe('findAttentionSites', () => {
  it("finds the tiny BERT's two attention Softmax nodes, labelled by layer", () => {
    expect(findAttentionSites(irOf(modelBytes('tiny-sentiment-bert')))).toEqual([
      {
        node: '/bert/encoder/layer.0/attention/self/Softmax',
        value: '/bert/encoder/layer.0/attention/self/Softmax_output_0',
        label: 'layer 0',
      },
      {
        node: '/bert/encoder/layer.1/attention/self/Softmax',
        value: '/bert/encoder/layer.1/attention/self/Softmax_output_0',
        label: 'layer 1',
      },
    ]);
  });

  it.each(['nanodet-coco', 'shapes-yolov8'])('finds none in %s (its Softmax is not attention)', (id) => {
    const ir = irOf(modelBytes(id));
    expect(ir.nodes.some((node) => node.opType === 'Softmax')).toBe(true);
    expect(findAttentionSites(ir)).toEqual([]);
  });

  it('finds them by structure alone: the BERT with every node and value renamed', () => {
    const message = renamed(modelBytes('tiny-sentiment-bert'));
    const sites = findAttentionSites(irOf(encodeModel(message)));
    expect(sites.map((site) => site.label)).toEqual(['attention 0', 'attention 1']);
  });

  // Decoders with a key/value cache: K is the cache (a graph input) concatenated with this step's keys.
  it.each([
    ['the embedded GPT (fused QKV, split)', resolve(ROOT, 'models/tiny-bible-gpt/onnx/model.onnx'), 4],
    ['a GPT-2 from the hub', resolve(ROOT, FIXTURES, 'tiny-random-gpt2/onnx/model.onnx'), 2],
    ['a GPT-2 without a cache', resolve(ROOT, FIXTURES, 'tiny-random-gpt2-no-cache/onnx/model.onnx'), 2],
    [
      'a Llama (RoPE, grouped-query attention)',
      resolve(ROOT, FIXTURES, 'tiny-random-llama/onnx/model.onnx'),
      2,
    ],
  ])('finds one per layer in %s, by structure alone (every name changed)', (_, path, layers) => {
    const bytes = new Uint8Array(readFileSync(path));
    expect(findAttentionSites(irOf(bytes))).toHaveLength(layers);
    const sites = findAttentionSites(irOf(encodeModel(renamed(bytes))));
    expect(sites.map((site) => site.label)).toEqual(
      Array.from({ length: layers }, (_, layer) => `attention ${layer}`),
    );
  });

  describe('on tiny causal LMs built here (meaningless names)', () => {
    const spec: TinyCausalLmSpec = {
      layers: 2,
      hidden: 8,
      vocab: 16,
      norm: 'layer-norm',
      unembedding: 'tied-transpose',
    };
    const sitesOf = (message: ReturnType<typeof buildTinyCausalLm>) =>
      findAttentionSites(irOf(encodeModel(message)));

    it('finds one per block, and none in an MLP-only stack (the glass box then says so)', () => {
      expect(sitesOf(buildTinyCausalLm(spec))).toHaveLength(2);
      expect(sitesOf(buildTinyCausalLm({ ...spec, noAttention: true }))).toEqual([]);
    });

    it('finds none where K is projected from another tensor than Q (not self-attention)', () => {
      const message = buildTinyCausalLm({ ...spec, layers: 1 });
      const nodes = message.graph?.node ?? [];
      const producer = (value: string) => nodes.find((node) => node.output?.includes(value));
      // Softmax ← Mul ← MatMul(q, Transpose(k)) ← k = MatMul(x, W): K now reads the raw embedding.
      const softmax = nodes.find((node) => node.op_type === 'Softmax')!;
      const scores = producer(producer(softmax.input![0]!)!.input![0]!)!;
      const k = producer(producer(scores.input![1]!)!.input![0]!)!;
      const embedding = nodes.find((node) => node.op_type === 'Gather')!.output![0]!;
      expect(k.op_type).toBe('MatMul');
      k.input = [embedding, k.input![1]!];
      expect(sitesOf(message)).toEqual([]);
    });
  });
});

function tensorOf(name: string, index: number, values: number[], shape = [values.length]): ComparedValue {
  return {
    name,
    producer: `/n${index}`,
    producerIndex: index,
    dtype: 'float32',
    shape,
    read: (i) => values[i] ?? Number.NaN,
    count: values.length,
  };
}

describe('divergence', () => {
  it('holds |a − b| ≤ atol + rtol·|a| and reports max abs and rel differences', () => {
    const same = compareValue(tensorOf('a', 0, [1000, 0]), tensorOf('a', 0, [1000.9, 0.00009]));
    expect(same.divergent).toBe(false);
    expect(same.maxAbsDiff).toBeCloseTo(0.9, 6);
    const off = compareValue(tensorOf('a', 0, [1, 0]), tensorOf('a', 0, [1.01, 0]));
    expect(off.divergent).toBe(true);
    expect(off.maxRelDiff).toBeCloseTo(0.01, 6);
  });

  it('counts NaN/Inf on one side only and different shapes as divergent, with a note', () => {
    const nan = compareValue(tensorOf('a', 0, [Number.NaN, 1]), tensorOf('a', 0, [0, 1]));
    expect(nan.divergent).toBe(true);
    expect(nan.note).toMatch(/NaN or infinite/);
    const bothNan = compareValue(tensorOf('a', 0, [Number.NaN]), tensorOf('a', 0, [Number.NaN]));
    expect(bothNan.divergent).toBe(false);
    const shape = compareValue(tensorOf('a', 0, [1, 2], [2]), tensorOf('a', 0, [1, 2], [1, 2]));
    expect(shape.divergent).toBe(true);
    expect(shape.note).toMatch(/Shapes differ/);
  });

  it('names the first divergent value in topological order', () => {
    const values = [
      compareValue(tensorOf('late', 9, [1]), tensorOf('late', 9, [2])),
      compareValue(tensorOf('ok', 1, [1]), tensorOf('ok', 1, [1])),
      compareValue(tensorOf('early', 4, [1]), tensorOf('early', 4, [5])),
    ];
    const result = firstDivergent(values);
    expect(result.values.map((v) => v.name)).toEqual(['ok', 'early', 'late']);
    expect(result.firstDivergent?.name).toBe('early');
    expect(firstDivergent([values[1] as (typeof values)[number]]).firstDivergent).toBeNull();
  });
});
