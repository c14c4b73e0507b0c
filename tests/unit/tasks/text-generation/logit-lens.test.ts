// The logit lens's structure finding and graph surgery: on the embedded GPT, on GPT-2-shaped and
// Llama-shaped graphs (norms fused and written out, unembedding tied and untied), and on near misses
// that must be refused with a sentence saying what was not found.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeModelMessage } from '../../../../src/lib/capture/capture-variant.ts';
import { decodeModel, encodeModel } from '../../../../src/lib/onnx/index.ts';
import { findLensStructure } from '../../../../src/lib/tasks/text-generation/logit-lens/find-lens-structure.ts';
import {
  buildLensVariant,
  lensOutputName,
  lensTopKNames,
} from '../../../../src/lib/tasks/text-generation/logit-lens/lens-variant.ts';
import {
  lensCellsFrom,
  shownProbability,
  shownToken,
} from '../../../../src/lib/tasks/text-generation/logit-lens/lens-cells.ts';
import { lensTopK, topKSoftmax } from '../../../support/softmax-top-k.ts';
import { buildTinyCausalLm, type TinyCausalLmSpec } from '../../../support/tiny-causal-lm.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const base: TinyCausalLmSpec = {
  layers: 3,
  hidden: 8,
  vocab: 11,
  norm: 'layer-norm',
  unembedding: 'tied-transpose',
};

function structureOf(spec: Partial<TinyCausalLmSpec>) {
  const found = findLensStructure(buildTinyCausalLm({ ...base, ...spec }).graph ?? {});
  if (!found.ok) throw new Error(found.reason);
  return found.structure;
}

function refusal(spec: Partial<TinyCausalLmSpec>): string {
  const found = findLensStructure(buildTinyCausalLm({ ...base, ...spec }).graph ?? {});
  return found.ok ? 'recognised' : found.reason;
}

describe('finding the lens structure', () => {
  it.each([
    [
      'GPT-2, fused LayerNorm, tied through a Transpose',
      { norm: 'layer-norm', unembedding: 'tied-transpose' },
      'layer-norm',
      'fused',
      'shared',
    ],
    [
      'GPT-2, LayerNorm written out, tied as a folded copy',
      { norm: 'layer-norm-decomposed', unembedding: 'tied-copy' },
      'layer-norm',
      'decomposed',
      'copied',
    ],
    [
      'GPT-2, tied through Gemm transB between Reshapes',
      { norm: 'layer-norm', unembedding: 'tied-gemm' },
      'layer-norm',
      'fused',
      'shared',
    ],
    [
      'Llama, RMSNorm written out, untied lm_head',
      { norm: 'rms-decomposed', unembedding: 'untied' },
      'rms-norm',
      'decomposed',
      'untied',
    ],
    [
      'Llama, SimplifiedLayerNormalization, untied',
      { norm: 'rms-simplified', unembedding: 'untied' },
      'rms-norm',
      'fused',
      'untied',
    ],
    [
      'Llama, SkipSimplifiedLayerNormalization as the final norm',
      { norm: 'skip-simplified', unembedding: 'untied' },
      'rms-norm',
      'fused',
      'untied',
    ],
  ] as const)('%s', (_, spec, kind, form, tied) => {
    const structure = structureOf({ ...spec, layers: 3 });
    expect(structure.norm.kind).toBe(kind);
    expect(structure.norm.form).toBe(form);
    expect(structure.head.tied).toBe(tied);
    expect(structure.residuals).toHaveLength(3);
    // The last residual is what the final norm reads; every one is a sum on the main path.
    expect(structure.residuals[2]).toBe(structure.norm.input);
    expect(new Set(structure.residuals).size).toBe(3);
  });

  it('copies a last-position Gather between the norm and the unembedding along with the head', () => {
    const structure = structureOf({ lastPositionOnly: true, unembedding: 'untied' });
    expect(structure.head.nodes.map((node) => node.opType)).toEqual(['Gather', 'MatMul']);
    expect(structure.norm.kind).toBe('layer-norm');
  });

  it('counts layers, not sums: two residual sums per layer', () => {
    expect(structureOf({ layers: 1 }).residuals).toHaveLength(1);
    expect(structureOf({ layers: 5, norm: 'rms-decomposed', unembedding: 'untied' }).residuals).toHaveLength(
      5,
    );
  });

  it('finds the embedded GPT: 4 layers, LayerNorm, the tied table copied by the exporter', () => {
    const bytes = new Uint8Array(readFileSync(resolve(ROOT, 'models/tiny-bible-gpt/onnx/model.onnx')));
    const found = findLensStructure(decodeModelMessage(bytes).graph ?? {});
    if (!found.ok) throw new Error(found.reason);
    // The exporter's names say which Adds these are: the second residual sum of every block.
    expect(found.structure.residuals).toEqual([0, 1, 2, 3].map((i) => `/transformer/h.${i}/Add_1_output_0`));
    expect(found.structure.norm).toMatchObject({ kind: 'layer-norm', form: 'fused' });
    expect(found.structure.head.tied).toBe('copied');
    expect(found.structure.head.logits).toBe('logits');
  });

  it('finds the hub-layout Llama fixture: 2 layers, RMSNorm written out by torch.onnx.export, untied', () => {
    const path = resolve(ROOT, 'tests/fixtures/hub/glassbox/tiny-random-llama/onnx/model.onnx');
    const found = findLensStructure(decodeModelMessage(new Uint8Array(readFileSync(path))).graph ?? {});
    if (!found.ok) throw new Error(found.reason);
    expect(found.structure.norm).toMatchObject({ kind: 'rms-norm', form: 'decomposed' });
    expect(found.structure.head.tied).toBe('untied');
    expect(found.structure.residuals).toHaveLength(2);
  });

  it.each([
    ['no norm before the unembedding', { norm: 'none' }, 'No final norm before the unembedding was found'],
    ['logits from a Softmax, not a MatMul', { softmaxOutput: true }, 'No unembedding'],
    ['a residual stack without attention', { noAttention: true }, 'its first block has no attention'],
  ] as const)('refuses %s with a sentence', (_, spec, sentence) => {
    expect(refusal(spec)).toContain(sentence);
  });

  it('refuses a graph whose norm reads no residual sum', () => {
    const model = buildTinyCausalLm(base);
    const graph = model.graph ?? {};
    // Feed the final norm straight from the embedding Gather: a norm and unembedding, but no layers.
    const nodes = graph.node ?? [];
    const finalNorm = nodes.filter((n) => n.op_type === 'LayerNormalization').at(-1);
    const gather = nodes.find((n) => n.op_type === 'Gather');
    if (!finalNorm?.input || !gather?.output) throw new Error('unexpected test graph');
    finalNorm.input[0] = gather.output[0] ?? '';
    const found = findLensStructure(graph);
    expect(found.ok ? 'recognised' : found.reason).toContain('No residual stream was found');
  });

  it('refuses a model without outputs', () => {
    expect(findLensStructure({ node: [], output: [] })).toEqual({
      ok: false,
      reason: 'The model has no outputs, so it has no logits to look through.',
    });
  });
});

describe('the lens variant', () => {
  it.each(['layer-norm', 'layer-norm-decomposed', 'rms-decomposed', 'skip-simplified'] as const)(
    'adds one output per layer after the original outputs, copying nodes but no weights (%s)',
    (norm) => {
      const model = buildTinyCausalLm({
        ...base,
        norm,
        unembedding: norm.startsWith('rms') ? 'untied' : 'tied-transpose',
      });
      const result = buildLensVariant(model);
      if (!result.ok) throw new Error(result.reason);
      const decoded = decodeModel(encodeModel(result.variant.model));
      const original = decodeModel(encodeModel(model));
      expect(decoded.graph.outputs.map((o) => o.name)).toEqual(['logits', ...[0, 1, 2].map(lensOutputName)]);
      expect(decoded.graph.initializers.map((t) => t.name)).toEqual(
        original.graph.initializers.map((t) => t.name),
      );
      // The original nodes are untouched and first; the copies read the same weights.
      expect(decoded.graph.nodes.slice(0, original.graph.nodes.length)).toEqual(original.graph.nodes);
      const copies = decoded.graph.nodes.slice(original.graph.nodes.length);
      const perLayer =
        result.variant.structure.norm.nodes.length + result.variant.structure.head.nodes.length;
      expect(copies).toHaveLength(3 * perLayer);
      const names = new Set(decoded.graph.nodes.flatMap((n) => n.outputs).filter((o) => o !== ''));
      expect(names.size).toBe(decoded.graph.nodes.flatMap((n) => n.outputs).filter((o) => o !== '').length);
      if (norm === 'skip-simplified')
        expect(copies.filter((n) => n.opType === 'SimplifiedLayerNormalization')).toHaveLength(3);
    },
  );

  it('adds Softmax and TopK per layer when asked for the top k in the graph', () => {
    const result = buildLensVariant(buildTinyCausalLm(base), { topK: 5 });
    if (!result.ok) throw new Error(result.reason);
    const decoded = decodeModel(encodeModel(result.variant.model));
    const outputs = decoded.graph.outputs.map((o) => o.name);
    for (const layer of [0, 1, 2]) {
      const names = lensTopKNames(layer);
      expect(outputs).toContain(names.probabilities);
      expect(outputs).toContain(names.ids);
    }
    expect(decoded.graph.nodes.filter((n) => n.opType === 'TopK')).toHaveLength(3);
    expect(
      decoded.graph.nodes.filter((n) => n.name.startsWith('/logit_lens_') && n.opType === 'Softmax'),
    ).toHaveLength(3);
  });

  it('leaves the model it was given unchanged', () => {
    const model = buildTinyCausalLm(base);
    const before = encodeModel(model);
    expect(buildLensVariant(model).ok).toBe(true);
    expect(encodeModel(model)).toEqual(before);
  });

  it('passes a refusal on', () => {
    const result = buildLensVariant(buildTinyCausalLm({ ...base, norm: 'none' }));
    expect(result.ok ? '' : result.reason).toMatch(/^No final norm before the unembedding was found/);
  });
});

describe('the top-k oracle (plain TypeScript softmax)', () => {
  it('keeps the k most probable tokens with softmax probabilities, most probable first', () => {
    const row = Float32Array.from([0, 2, 1, 2, -1]);
    const top = topKSoftmax(row, 3);
    const total = [0, 2, 1, 2, -1].reduce((sum, v) => sum + Math.exp(v), 0);
    expect(top.map((c) => c.id)).toEqual([1, 3, 2]);
    expect(top[0]?.probability).toBeCloseTo(Math.exp(2) / total, 12);
    expect(top[2]?.probability).toBeCloseTo(Math.exp(1) / total, 12);
  });

  it('caps k at 5 and splits positions', () => {
    const logits = Float32Array.from({ length: 2 * 7 }, (_, i) => i % 7);
    const cells = lensTopK(logits, [1, 2, 7], 9);
    expect(cells).toHaveLength(2);
    expect(cells[1]?.map((c) => c.id)).toEqual([6, 5, 4, 3, 2]);
  });
});

describe('the grid cells', () => {
  it('decodes each candidate to text, the top one first and the rest as alternatives', () => {
    const cells = lensCellsFrom(
      [
        [
          [
            { id: 2, probability: 0.6 },
            { id: 0, probability: 0.3 },
          ],
        ],
      ],
      (id) => ['a', 'b', ' c'][id] ?? '?',
    );
    expect(cells).toEqual([
      [{ tokenText: ' c', probability: 0.6, alternatives: [{ tokenText: 'a', probability: 0.3 }] }],
    ]);
  });

  it('shows spaces, invisible characters and long tokens so that they can be read', () => {
    expect(shownToken(' the')).toBe('·the');
    expect(shownToken('\u202Eevil')).toBe('⟨U+202E⟩evil');
    expect(shownToken('')).toBe('∅');
    expect(shownToken('abcdefghijklmnop', 5)).toBe('abcd…');
    expect([0.345, 0.05, 0.0004, Number.NaN].map(shownProbability)).toEqual(['35%', '5.0%', '<0.1%', '—']);
  });
});
