// Constants folded into their consumers: the tiny BERT's boxes and edges before and after, a Constant read
// by several nodes, one that is a graph output, and the one-line value preview of every Constant form.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../../../src/lib/onnx/index.ts';
import {
  buildGraphIR,
  buildScopeTree,
  buildVisibleGraph,
  constantPreview,
  constantTensor,
  foldableConstants,
} from '../../../src/lib/graph/index.ts';
import { attribute, encode, FLOAT, INT64, node, rawTensor, valueInfo } from '../onnx/model-builders.ts';

const bertUrl = new URL('../../../models/tiny-sentiment-bert/onnx/model.onnx', import.meta.url);

function graphOf(bytes: Uint8Array) {
  const model = decodeModel(bytes);
  const ir = buildGraphIR(model);
  return { model, ir, tree: buildScopeTree(ir) };
}

/** x → Add(x, c) and Mul(x, c) with one Constant c read by both; a second Constant k is a graph output. */
function sharedConstantModel(): Uint8Array {
  return encode({
    name: 'shared',
    node: [
      node('Constant', [], ['c'], {
        name: 'const_c',
        attribute: [attribute.tensor('value', rawTensor('', 'int64', [1], new BigInt64Array([-1n])))],
      }),
      node('Add', ['x', 'c'], ['a'], { name: 'add' }),
      node('Mul', ['a', 'c'], ['y'], { name: 'mul' }),
      node('Constant', [], ['k'], { name: 'const_k', attribute: [attribute.float('value_float', 0.5)] }),
      node('Constant', [], ['unused'], {
        name: 'const_unused',
        attribute: [attribute.ints('value_ints', [1, 2])],
      }),
    ],
    input: [valueInfo('x', INT64, [1])],
    output: [valueInfo('y', INT64, [1]), valueInfo('k', FLOAT, [])],
  });
}

describe('foldableConstants', () => {
  it('folds a Constant read by several nodes into all of them, and keeps graph outputs and unread ones', () => {
    const { ir, tree } = graphOf(sharedConstantModel());
    const folded = foldableConstants(ir);
    const idOf = (name: string) => ir.nodes.find((candidate) => candidate.name === name)?.id ?? '';
    expect([...folded.keys()]).toEqual([idOf('const_c')]);
    expect(folded.get(idOf('const_c'))).toEqual([idOf('add'), idOf('mul')]);

    const all = buildVisibleGraph(ir, tree, new Set());
    const shown = buildVisibleGraph(ir, tree, new Set(), { hidden: new Set(folded.keys()) });
    expect(all.nodes.map((n) => n.id)).toContain(idOf('const_c'));
    expect(shown.nodes.map((n) => n.id)).not.toContain(idOf('const_c'));
    // The graph output k keeps its producer box and its edge to the output box.
    expect(shown.nodes.map((n) => n.id)).toContain(idOf('const_k'));
    expect(shown.edges.some((e) => e.source === idOf('const_k') && e.target === 'output:k')).toBe(true);
    expect(shown.nodes.map((n) => n.id)).toContain(idOf('const_unused'));
    // Both edges out of c are gone, nothing else.
    expect(all.edges.length - shown.edges.length).toBe(2);
    expect(shown.edges.some((e) => e.source === idOf('const_c') || e.target === idOf('const_c'))).toBe(false);
  });

  it('shrinks the tiny BERT by its Constants', () => {
    const { ir, tree } = graphOf(new Uint8Array(readFileSync(bertUrl)));
    const constants = ir.nodes.filter((n) => n.opType === 'Constant');
    const folded = foldableConstants(ir);
    const everything = new Set(tree.byPath.keys());
    const before = buildVisibleGraph(ir, tree, everything);
    const after = buildVisibleGraph(ir, tree, everything, { hidden: new Set(folded.keys()) });
    const edgesOutOf = (ids: ReadonlySet<string>) =>
      before.edges.filter((e) => ids.has(e.source) || ids.has(e.target)).length;

    expect(constants.length).toBeGreaterThan(50);
    // Every Constant of this model is read by some node and none is a graph output: all of them fold.
    expect(folded.size).toBe(constants.length);
    expect(before.nodes.length - after.nodes.length).toBe(constants.length);
    expect(before.edges.length - after.edges.length).toBe(edgesOutOf(new Set(folded.keys())));
    expect(after.nodes.some((n) => n.label === 'Constant')).toBe(false);
    // Fully expanded, as measured on the committed model: 75 Constants, 262 → 187 boxes, 299 → 224 edges.
    expect([constants.length, before.nodes.length, before.edges.length]).toEqual([75, 262, 299]);
    expect([after.nodes.length, after.edges.length]).toEqual([187, 224]);
    // Consumers and the graph's ends are all still there.
    const afterIds = new Set(after.nodes.map((n) => n.id));
    for (const consumers of folded.values()) for (const id of consumers) expect(afterIds.has(id)).toBe(true);
    for (const name of [...ir.inputs, ...ir.outputs])
      expect([...afterIds].some((id) => id.endsWith(`:${name}`))).toBe(true);
  });
});

describe('constant values', () => {
  it('reads every value attribute form and previews it in one line', () => {
    const { model } = graphOf(
      encode({
        name: 'forms',
        node: [
          node('Constant', [], ['t'], {
            attribute: [attribute.tensor('value', rawTensor('', 'int64', [1], new BigInt64Array([-1n])))],
          }),
          node('Constant', [], ['f'], { attribute: [attribute.float('value_float', 0.125)] }),
          node('Constant', [], ['i'], { attribute: [attribute.int('value_int', 7)] }),
          node('Constant', [], ['is'], {
            attribute: [
              attribute.ints(
                'value_ints',
                Array.from({ length: 12 }, (_, k) => k),
              ),
            ],
          }),
          node('Constant', [], ['s'], { attribute: [attribute.string('value_string', 'hi')] }),
          node('Constant', [], ['max'], {
            attribute: [
              attribute.tensor(
                'value',
                rawTensor('', 'int64', [2], new BigInt64Array([0n, 9223372036854775807n])),
              ),
            ],
          }),
          node('Constant', [], ['big'], {
            attribute: [
              attribute.tensor('value', rawTensor('', 'float32', [2, 50], new Float32Array(100).fill(0.5))),
            ],
          }),
        ],
        output: ['t', 'f', 'i', 'is', 's', 'max', 'big'].map((name) => valueInfo(name, FLOAT)),
      }),
    );
    const previews = model.graph.nodes.map((n) => {
      const tensor = constantTensor(n);
      return tensor ? constantPreview(tensor) : null;
    });
    expect(previews).toEqual([
      'int64[1] = [-1]',
      'float32[] = 0.125',
      'int64[] = 7',
      'int64[12] = [0, 1, 2, 3, 4, 5, 6, 7, … and 4 more]',
      'string[] = "hi"',
      'int64[2] = [0, INT64_MAX]',
      'float32[2, 50] = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, … and 92 more]',
    ]);
  });
});
