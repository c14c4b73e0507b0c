import { describe, expect, it } from 'vitest';
import { findCycles, validateGraph } from '../../../src/lib/graph/index.ts';
import { attribute, FLOAT, node, valueInfo } from '../onnx/model-builders.ts';
import { decoded } from './graph-builders.ts';

const io = { input: [valueInfo('x', FLOAT, [1])], output: [valueInfo('y', FLOAT, [1])] };

describe('validateGraph', () => {
  it('finds nothing wrong with a clean chain', () => {
    const { model, ir } = decoded({ node: [node('Relu', ['x'], ['h']), node('Neg', ['h'], ['y'])], ...io });
    expect(validateGraph(ir, model)).toEqual([]);
  });

  it('reports a cycle as an error naming its nodes', () => {
    const { model, ir } = decoded({
      node: [
        node('Add', ['x', 'c'], ['a'], { name: 'first' }),
        node('Relu', ['a'], ['b'], { name: 'second' }),
        node('Neg', ['b'], ['c'], { name: 'third' }),
        node('Identity', ['b'], ['y']),
      ],
      ...io,
    });
    expect(findCycles(ir)).toEqual([['n0', 'n1', 'n2']]);
    const issues = validateGraph(ir, model);
    expect(issues).toContainEqual({
      severity: 'error',
      code: 'cycle',
      message: 'Cycle through 3 nodes: Add node "first" → Relu node "second" → Neg node "third"',
      nodeIds: ['n0', 'n1', 'n2'],
    });
  });

  it('finds cycles in a 20,000-node chain without overflowing the stack', () => {
    const nodes = Array.from({ length: 20_000 }, (_, i) =>
      node('Relu', [i === 0 ? 'last' : `v${i - 1}`], [i === 19_999 ? 'last' : `v${i}`]),
    );
    const { ir } = decoded({ node: [...nodes, node('Identity', ['last'], ['y'])], ...io });
    expect(findCycles(ir)[0]).toHaveLength(20_000);
  });

  it('warns about dangling inputs and outputs nobody produces', () => {
    const { model, ir } = decoded({
      node: [node('Add', ['x', 'ghost'], ['y'])],
      input: io.input,
      output: [...io.output, valueInfo('never', FLOAT, [1])],
    });
    const issues = validateGraph(ir, model);
    expect(issues).toEqual([
      {
        severity: 'warning',
        code: 'dangling-input',
        message: 'Value "ghost" is read by 1 node but no node, input or initializer provides it',
        nodeIds: ['n0'],
        valueName: 'ghost',
      },
      {
        severity: 'warning',
        code: 'output-not-produced',
        message: 'Graph output "never" is not produced by any node',
        nodeIds: [],
        valueName: 'never',
      },
    ]);
  });

  it('flags unknown operators, undeclared domains and custom domains', () => {
    const { model, ir } = decoded(
      {
        node: [
          node('Frobnicate', ['x'], ['a']),
          node('Gelu', ['a'], ['b'], { domain: 'com.microsoft' }),
          node('Warp', ['b'], ['y'], { domain: 'org.example.vision' }),
        ],
        ...io,
      },
      {
        opset_import: [
          { domain: '', version: 17 },
          { domain: 'org.example.vision', version: 1 },
        ],
      },
    );
    expect(
      validateGraph(ir, model).map(({ severity, code, message, nodeIds }) => ({
        severity,
        code,
        message,
        nodeIds,
      })),
    ).toEqual([
      {
        severity: 'warning',
        code: 'unknown-op',
        message: '"Frobnicate" is not a standard ONNX operator (1 node)',
        nodeIds: ['n0'],
      },
      {
        severity: 'warning',
        code: 'undeclared-domain',
        message: 'Domain "com.microsoft" is used by 1 node but not imported in opset_import',
        nodeIds: ['n1'],
      },
      {
        severity: 'info',
        code: 'custom-domain',
        message:
          'Custom operator domain "org.example.vision" (1 node): runtimes need a matching extension to run it',
        nodeIds: ['n2'],
      },
    ]);
  });

  it('accepts calls of model-local functions', () => {
    const { model, ir } = decoded(
      { node: [node('MyBlock', ['x'], ['y'], { domain: 'local' })], ...io },
      {
        opset_import: [{ domain: '', version: 17 }],
        functions: [
          {
            name: 'MyBlock',
            domain: 'local',
            input: ['a'],
            output: ['b'],
            node: [node('Relu', ['a'], ['b'])],
          },
        ],
      },
    );
    expect(validateGraph(ir, model)).toEqual([]);
  });

  it('checks inside If branches too', () => {
    const { model, ir } = decoded({
      node: [
        node('If', ['x'], ['y'], {
          attribute: [
            attribute.graph('then_branch', {
              node: [node('Relu', ['missing'], ['t'])],
              output: [valueInfo('t', FLOAT)],
            }),
            attribute.graph('else_branch', {
              node: [node('Relu', ['x'], ['e'])],
              output: [valueInfo('e', FLOAT)],
            }),
          ],
        }),
      ],
      ...io,
    });
    const issues = validateGraph(ir, model);
    expect(issues.map((issue) => [issue.code, issue.valueName, issue.nodeIds])).toEqual([
      ['dangling-input', 'missing', ['n0']],
      ['dangling-input', 'missing', ['n0/then_branch/n0']],
    ]);
  });

  it('notes nodes out of topological order', () => {
    const { model, ir } = decoded({ node: [node('Neg', ['h'], ['y']), node('Relu', ['x'], ['h'])], ...io });
    expect(validateGraph(ir, model)).toEqual([
      {
        severity: 'info',
        code: 'not-topological',
        message: '1 edge point backwards in file order; ONNX asks for nodes in topological order',
        nodeIds: ['n0'],
      },
    ]);
  });
});
