import { describe, expect, it } from 'vitest';
import {
  indexRunOverlay,
  OVERLAY_STEPS,
  overlayStep,
  paintOverlay,
  runOverlayOf,
  visibleOwners,
  type OverlayValue,
  type RunOverlay,
} from '../../../src/lib/capture/run-overlay.ts';
import {
  buildScopeTree,
  buildVisibleGraph,
  foldableConstants,
  type GraphIR,
} from '../../../src/lib/graph/index.ts';
import { attribute, FLOAT, floatTensor, node, valueInfo } from '../onnx/model-builders.ts';
import { decoded } from '../graph/graph-builders.ts';
import { chainFromNames } from '../graph/scoped-models.ts';

const NAMES = [
  '/enc/layer.0/MatMul',
  '/enc/layer.0/Relu',
  '/enc/layer.1/MatMul',
  '/enc/layer.1/Relu',
  '/head/Gemm',
];
const out = (name: string) => `${name}_output_0`;

function model() {
  const { ir } = decoded(chainFromNames(NAMES));
  return { ir, tree: buildScopeTree(ir) };
}

function value(name: string, meanAbs: number, extra: Partial<OverlayValue> = {}): OverlayValue {
  return { name, shape: [1, 4], meanAbs, std: meanAbs / 2, zeroShare: 0, nanCount: 0, infCount: 0, ...extra };
}

const VALUES: OverlayValue[] = [
  value(out(NAMES[0] ?? ''), 1),
  value(out(NAMES[1] ?? ''), 3, { zeroShare: 0.5, nanCount: 2 }),
  value(out(NAMES[2] ?? ''), 2, { infCount: 1 }),
  value(out(NAMES[3] ?? ''), 0.5, { zeroShare: 0.75 }),
  value(out(NAMES[4] ?? ''), 7, { shape: [1, 2] }),
];

const idOf = (ir: GraphIR, name: string) => ir.nodes.find((node) => node.name === name)?.id ?? '';

function paint(overlay: RunOverlay, expanded: string[], metric: Parameters<typeof paintOverlay>[4]) {
  const { ir, tree } = model();
  const visible = buildVisibleGraph(ir, tree, new Set(expanded));
  return { ir, visible, paint: paintOverlay(ir, tree, visible, indexRunOverlay(ir, overlay), metric) };
}

describe('indexRunOverlay', () => {
  it('gives each value’s metrics to the node that produced it and counts values the model lacks', () => {
    const { ir } = model();
    const indexed = indexRunOverlay(ir, { values: [...VALUES, value('not-in-this-model', 9)] });
    expect(indexed.byNode.get(idOf(ir, NAMES[1] ?? ''))).toEqual({
      'mean-abs': 3,
      std: 1.5,
      'zero-share': 0.5,
      'nan-inf': 2,
    });
    expect(indexed.unmatched).toEqual({ timings: 0, values: 1 });
    expect(indexed.available).toEqual(['mean-abs', 'std', 'zero-share', 'nan-inf']);
    expect(indexed.shapes.get(out(NAMES[4] ?? ''))).toEqual([1, 2]);
  });

  it('skips non-finite statistics (a value with no finite element) instead of painting NaN', () => {
    const { ir } = model();
    const indexed = indexRunOverlay(ir, {
      values: [value(out(NAMES[0] ?? ''), Number.NaN, { std: Number.NaN, nanCount: 4 })],
    });
    expect(indexed.byNode.get(idOf(ir, NAMES[0] ?? ''))).toEqual({ 'zero-share': 0, 'nan-inf': 4 });
  });

  it('adds timings by node name, marks CPU fallbacks on WebGPU, and refuses ambiguous names', () => {
    const { ir } = model();
    const indexed = indexRunOverlay(ir, {
      values: [],
      timings: {
        backend: 'webgpu',
        nodes: [
          { node: NAMES[0] ?? '', opType: 'MatMul', ms: 1.5, provider: 'JsExecutionProvider' },
          { node: NAMES[1] ?? '', opType: 'Relu', ms: 0.25, provider: 'CPUExecutionProvider' },
          { node: 'renamed', opType: 'Relu', ms: 3, provider: 'JsExecutionProvider' },
        ],
      },
    });
    expect(indexed.byNode.get(idOf(ir, NAMES[0] ?? ''))?.time).toBe(1.5);
    expect([...indexed.fallbackNodes]).toEqual([idOf(ir, NAMES[1] ?? '')]);
    expect(indexed.unmatched.timings).toBe(1);
    expect(indexed.available).toEqual(['time']);
  });

  it('does not call CPU nodes a fallback when the timed backend is WASM', () => {
    const { ir } = model();
    const indexed = indexRunOverlay(ir, {
      values: [],
      timings: {
        backend: 'wasm',
        nodes: [{ node: NAMES[0] ?? '', opType: 'MatMul', ms: 1, provider: 'CPUExecutionProvider' }],
      },
    });
    expect(indexed.fallbackNodes.size).toBe(0);
  });
});

describe('paintOverlay', () => {
  it('paints every op of a fully expanded view with its own value; inputs without data stay neutral', () => {
    const { ir, paint: painted } = paint(
      { values: VALUES },
      ['/enc', '/enc/layer.0', '/enc/layer.1', '/head'],
      'mean-abs',
    );
    expect(painted.values).toEqual({
      [idOf(ir, NAMES[0] ?? '')]: 1,
      [idOf(ir, NAMES[1] ?? '')]: 3,
      [idOf(ir, NAMES[2] ?? '')]: 2,
      [idOf(ir, NAMES[3] ?? '')]: 0.5,
      [idOf(ir, NAMES[4] ?? '')]: 7,
      [`output:${out(NAMES[4] ?? '')}`]: 7,
    });
    expect(painted.values['input:x']).toBeUndefined();
    expect(painted.range).toEqual({ min: 0.5, max: 7 });
    expect(painted.scale).toBe('linear');
  });

  it('aggregates collapsed groups: the worst node for value metrics and NaN/Inf, the total for time', () => {
    const overlay: RunOverlay = {
      values: VALUES,
      timings: {
        backend: 'wasm',
        nodes: NAMES.map((node, i) => ({ node, opType: 'X', ms: i + 1, provider: 'CPUExecutionProvider' })),
      },
    };
    const meanAbs = paint(overlay, ['/enc'], 'mean-abs').paint.values;
    expect(meanAbs['group:/enc/layer.0']).toBe(3);
    expect(meanAbs['group:/enc/layer.1']).toBe(2);
    const nanInf = paint(overlay, [], 'nan-inf').paint.values;
    expect(nanInf['group:/enc']).toBe(2);
    const time = paint(overlay, [], 'time').paint;
    expect(time.values['group:/enc']).toBe(1 + 2 + 3 + 4);
    // /head holds one node, so it is shown as that node, not as a group.
    expect(Object.values(time.values)).toContain(5);
    expect(time.range).toEqual({ min: 5, max: 10 });
  });

  it('fixes the zero-share scale to 0…1 so blocks compare across views', () => {
    expect(paint({ values: VALUES }, [], 'zero-share').paint.range).toEqual({ min: 0, max: 1 });
  });

  it('marks the box holding the first divergent node, in a group when it is collapsed', () => {
    const { ir } = model();
    const overlay: RunOverlay = {
      values: VALUES,
      divergences: {
        values: NAMES.map((name, i) => ({
          name: out(name),
          producerIndex: i,
          maxAbsDiff: i === 2 ? 0.5 : 1e-7,
          divergent: i >= 2,
        })),
        firstDivergent: out(NAMES[2] ?? ''),
      },
    };
    const collapsed = paint(overlay, ['/enc'], 'divergence').paint;
    expect(collapsed.firstDivergentId).toBe('group:/enc/layer.1');
    expect(collapsed.values['group:/enc/layer.1']).toBe(0.5);
    expect(collapsed.scale).toBe('log');
    const open = paint(overlay, ['/enc', '/enc/layer.1'], 'divergence').paint;
    expect(open.firstDivergentId).toBe(idOf(ir, NAMES[2] ?? ''));
  });

  it('labels edges with the run’s concrete shapes where the carried value was captured', () => {
    const { visible, paint: painted } = paint({ values: VALUES }, ['/enc'], 'mean-abs');
    const edge = visible.edges.find((candidate) => candidate.source === 'group:/enc/layer.1');
    expect(edge && painted.edgeShapes[edge.id]).toBe('1×4');
    const fromInput = visible.edges.find((candidate) => candidate.source === 'input:x');
    expect(fromInput && painted.edgeShapes[fromInput.id]).toBeUndefined();
  });

  it('paints time per node on a log scale starting at the smallest positive time', () => {
    // One slow node (8.1 ms) beside 0.01 ms ones: linear would paint them all on the first step.
    const times = [0, 0.01, 0.1, 8.1, 1];
    const overlay: RunOverlay = {
      values: VALUES,
      timings: {
        backend: 'wasm',
        nodes: NAMES.map((node, i) => ({
          node,
          opType: 'X',
          ms: times[i] ?? 0,
          provider: 'CPUExecutionProvider',
          runs: 5,
        })),
      },
    };
    const time = paint(overlay, ['/enc', '/enc/layer.0', '/enc/layer.1', '/head'], 'time').paint;
    expect(time.scale).toBe('log');
    expect(time.range).toEqual({ min: 0.01, max: 8.1 });
    const steps = Object.values(time.values).map((v) => overlayStep(v, time.range!, time.scale));
    // The 0.1 ms and 1 ms nodes land in the middle, not squashed against the 0 ms one.
    expect(new Set(steps).size).toBeGreaterThanOrEqual(4);
  });

  it('returns no range when no box has data for the metric', () => {
    const painted = paint({ values: VALUES }, [], 'time').paint;
    expect(painted.values).toEqual({});
    expect(painted.range).toBeNull();
  });
});

describe('visibleOwners', () => {
  it('maps each node to its own box or the outermost collapsed scope around it', () => {
    const { ir, tree } = model();
    const visible = buildVisibleGraph(ir, tree, new Set(['/enc']));
    const owners = visibleOwners(ir, tree, visible);
    expect(owners.get(idOf(ir, NAMES[0] ?? ''))).toBe('group:/enc/layer.0');
    expect(owners.get(idOf(ir, NAMES[4] ?? ''))).toBe(idOf(ir, NAMES[4] ?? ''));
  });
});

describe('runOverlayOf', () => {
  it('keeps only the metrics of each value and the comparison’s first divergent value', () => {
    const overlay = runOverlayOf(
      {
        values: [
          {
            ...value('a', 1),
            producer: 'p',
            producerIndex: 0,
            producerOpType: 'Relu',
            dtype: 'float32',
            elementCount: 4,
            bytes: 16,
            min: 0,
            max: 2,
            mean: 1,
            histogram: { min: 0, max: 2, counts: [1, 2] },
            kept: true,
          },
        ],
      },
      {
        comparison: {
          reference: { captureId: 'a', backend: 'wasm' },
          other: { captureId: 'b', backend: 'webgpu' },
          tolerance: { atol: 1e-4, rtol: 1e-3 },
          values: [
            { name: 'a', producer: 'p', producerIndex: 0, maxAbsDiff: 1, maxRelDiff: 1, divergent: true },
          ],
          firstDivergent: {
            name: 'a',
            producer: 'p',
            producerIndex: 0,
            maxAbsDiff: 1,
            maxRelDiff: 1,
            divergent: true,
          },
        },
      },
    );
    expect(overlay.values[0]).toEqual(value('a', 1));
    expect(overlay.divergences).toEqual({
      values: [{ name: 'a', producerIndex: 0, maxAbsDiff: 1, divergent: true }],
      firstDivergent: 'a',
    });
  });
});

describe('overlayStep', () => {
  it('spreads a linear range over the steps and clamps the ends', () => {
    expect(overlayStep(0, { min: 0, max: 9 }, 'linear')).toBe(0);
    expect(overlayStep(9, { min: 0, max: 9 }, 'linear')).toBe(OVERLAY_STEPS - 1);
    expect(overlayStep(4.5, { min: 0, max: 9 }, 'linear')).toBe(4);
    expect(overlayStep(-1, { min: 0, max: 9 }, 'linear')).toBe(0);
  });

  it('spreads decades evenly on a log scale and survives zeros', () => {
    const range = { min: 1e-9, max: 1 };
    expect(overlayStep(1e-9, range, 'log')).toBe(0);
    expect(overlayStep(1e-4, range, 'log')).toBe(Math.floor((5 / 9) * OVERLAY_STEPS));
    expect(overlayStep(0, range, 'log')).toBe(0);
  });

  it('puts every value on the first step when all boxes have the same value', () => {
    expect(overlayStep(3, { min: 3, max: 3 }, 'linear')).toBe(0);
  });
});

describe('a run on a graph with folded Constants', () => {
  /** x → Add(x, c) → Relu: the Constant c folds into Add. */
  function folded() {
    const { ir } = decoded({
      node: [
        node('Constant', [], ['c'], {
          name: 'const_c',
          attribute: [attribute.tensor('value', floatTensor('', [1], [2]))],
        }),
        node('Add', ['x', 'c'], ['a'], { name: 'add' }),
        node('Relu', ['a'], ['y'], { name: 'relu' }),
      ],
      input: [valueInfo('x', FLOAT, [1])],
      output: [valueInfo('y', FLOAT, [1])],
    });
    const tree = buildScopeTree(ir);
    const foldedInto = foldableConstants(ir);
    const visible = buildVisibleGraph(ir, tree, new Set(), { hidden: new Set(foldedInto.keys()) });
    return { ir, tree, foldedInto, visible };
  }

  it('colours no box with a folded Constant and marks its consumer when it is the first divergence', () => {
    const { ir, tree, foldedInto, visible } = folded();
    const indexed = indexRunOverlay(ir, {
      values: [value('c', 100), value('a', 3), value('y', 3)],
      divergences: {
        values: [{ name: 'c', producerIndex: 0, maxAbsDiff: 0.5, divergent: true }],
        firstDivergent: 'c',
      },
    });
    const painted = paintOverlay(ir, tree, visible, indexed, 'mean-abs', foldedInto);
    expect(Object.keys(painted.values).sort()).toEqual(
      [idOf(ir, 'add'), idOf(ir, 'relu'), 'output:y'].sort(),
    );
    // The Constant's 100 is not the Add box's colour: Add shows its own output.
    expect(painted.values[idOf(ir, 'add')]).toBe(3);
    expect(painted.range).toEqual({ min: 3, max: 3 });
    expect(painted.firstDivergentId).toBe(idOf(ir, 'add'));
    expect(visibleOwners(ir, tree, visible, foldedInto).get(idOf(ir, 'const_c'))).toBe(idOf(ir, 'add'));
  });
});
