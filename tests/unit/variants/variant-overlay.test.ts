// A precision-ladder variant's error painted on the graph: each value's error goes to the node that made
// it, a collapsed block shows its worst node on a log scale, and the first value past the threshold marks
// its box (the first divergent node of a backend comparison keeps the mark when both are attached).
import { describe, expect, it } from 'vitest';
import { indexRunOverlay, paintOverlay, runOverlayOf } from '../../../src/lib/capture/run-overlay.ts';
import { buildScopeTree, buildVisibleGraph } from '../../../src/lib/graph/index.ts';
import { paintedError } from '../../../src/lib/variants/error-metrics.ts';
import { decoded } from '../graph/graph-builders.ts';
import { chainFromNames } from '../graph/scoped-models.ts';

const NAMES = ['/enc/layer.0/MatMul', '/enc/layer.0/Relu', '/enc/layer.1/MatMul', '/head/Gemm'];
const out = (name: string) => `${name}_output_0`;
const SNRS = [60, 45, 15, 30];

function setup() {
  const { ir } = decoded(chainFromNames(NAMES));
  const tree = buildScopeTree(ir);
  const variantErrors = {
    values: NAMES.map((name, i) => ({
      name: out(name),
      producerIndex: i,
      error: paintedError(SNRS[i] ?? 0) ?? 0,
    })),
    firstPast: out(NAMES[2] ?? ''),
  };
  return { ir, tree, overlay: runOverlayOf({ values: [] }, { variantErrors }) };
}

describe('variant-error overlay', () => {
  it('maps each error to its node and marks the first value past the threshold', () => {
    const { ir, overlay } = setup();
    const indexed = indexRunOverlay(ir, overlay);
    expect(indexed.available).toEqual(['variant-error']);
    const id = (name: string) => ir.nodes.find((node) => node.name === name)?.id ?? '';
    expect(indexed.byNode.get(id('/enc/layer.1/MatMul'))?.['variant-error']).toBeCloseTo(
      10 ** (-15 / 20),
      12,
    );
    expect(indexed.firstDivergentNode).toBe(id('/enc/layer.1/MatMul'));
  });

  it('paints a collapsed block by its worst node, on a log scale', () => {
    const { ir, tree, overlay } = setup();
    const visible = buildVisibleGraph(ir, tree, new Set());
    const paint = paintOverlay(ir, tree, visible, indexRunOverlay(ir, overlay), 'variant-error');
    expect(paint.scale).toBe('log');
    expect(paint.values['group:/enc']).toBeCloseTo(10 ** (-15 / 20), 12);
    expect(paint.firstDivergentId).toBe('group:/enc');
  });

  it('leaves the mark to a backend comparison when both are attached', () => {
    const { ir, overlay } = setup();
    const both = {
      ...overlay,
      divergences: {
        values: [{ name: out(NAMES[0] ?? ''), producerIndex: 0, maxAbsDiff: 1, divergent: true }],
        firstDivergent: out(NAMES[0] ?? ''),
      },
    };
    const indexed = indexRunOverlay(ir, both);
    expect(indexed.firstDivergentNode).toBe(ir.nodes.find((node) => node.name === NAMES[0])?.id);
  });
});
