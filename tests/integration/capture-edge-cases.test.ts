// Run capture on hand-built models with real ONNX Runtime (WASM in Node): values with no type
// information, float16 and bool values captured, string and sequence values and If subgraph values listed
// as skipped with a sentence, and a capture that fails mid-run leaves the engine usable.
import { describe, expect, it } from 'vitest';
import { dataTypeCode, encodeModel } from '../../src/lib/onnx/index.ts';
import type { GraphMessage } from '../../src/lib/onnx/index.ts';
import { configureWasmThreads } from '../../src/lib/runtime/onnx-runtime.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { CaptureEngine } from '../../workers/inference/capture/capture-engine.ts';
import type { CaptureSource } from '../../workers/inference/capture/last-run.ts';

configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });

const FLOAT = dataTypeCode('float32');
const FLOAT16 = dataTypeCode('float16');
const STRING = dataTypeCode('string');

const info = (name: string, dims: number[]) => ({
  name,
  type: { tensor_type: { elem_type: FLOAT, shape: { dim: dims.map((d) => ({ dim_value: d })) } } },
});
const branch = (name: string, op: string): GraphMessage => ({
  name,
  node: [{ op_type: op, input: ['r'], output: [`${name}_out`], name: `/${name}/${op}` }],
  output: [info(`${name}_out`, [4])],
});

/** No value_info at all: ORT infers every added output's type. */
function mixedModel(): Uint8Array {
  return encodeModel({
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }],
    graph: {
      name: 'mixed',
      node: [
        { op_type: 'Relu', input: ['x'], output: ['r'], name: '/a/Relu' },
        {
          op_type: 'Cast',
          input: ['r'],
          output: ['half'],
          name: '/a/ToHalf',
          attribute: [{ name: 'to', type: 2, i: FLOAT16 }],
        },
        { op_type: 'Greater', input: ['r', 'zero'], output: ['positive'], name: '/a/Greater' },
        {
          op_type: 'Cast',
          input: ['r'],
          output: ['text'],
          name: '/b/ToString',
          attribute: [{ name: 'to', type: 2, i: STRING }],
        },
        { op_type: 'SplitToSequence', input: ['r'], output: ['pieces'], name: '/b/Split' },
        {
          op_type: 'ReduceSum',
          input: ['x'],
          output: ['sum'],
          name: '/c/Sum',
          attribute: [{ name: 'keepdims', type: 2, i: 0 }],
        },
        { op_type: 'Greater', input: ['sum', 'zero'], output: ['cond'], name: '/c/Greater' },
        {
          op_type: 'If',
          input: ['cond'],
          output: ['chosen'],
          name: '/c/If',
          attribute: [
            { name: 'then_branch', type: 5, g: branch('then', 'Neg') },
            { name: 'else_branch', type: 5, g: branch('else', 'Abs') },
          ],
        },
      ],
      initializer: [{ name: 'zero', data_type: FLOAT, dims: [], float_data: [0] }],
      input: [info('x', [4])],
      output: [info('chosen', [4])],
    },
  });
}

function source(bytes: Uint8Array, x: number[]): CaptureSource {
  return {
    modelBytes: bytes,
    externalData: [],
    lastRun: {
      feeds: { x: { type: 'float32', dims: [x.length], data: new Float32Array(x) } },
      input: { kind: 'tensors', names: ['x'] },
    },
  };
}

describe('capture of values ORT and ONNX make awkward', () => {
  const bytes = mixedModel();
  const engine = new CaptureEngine();

  it('captures float16 and bool values and lists strings, sequences and subgraph values with a reason', async () => {
    const result = await engine.capture('mixed', source(bytes, [-1, 0.5, 2, -3]), 'wasm');
    const byName = new Map(result.values.map((value) => [value.name, value]));
    expect([...byName.keys()].sort()).toEqual(['chosen', 'cond', 'half', 'positive', 'r', 'sum']);
    expect(byName.get('half')).toMatchObject({
      dtype: 'float16',
      shape: [4],
      min: 0,
      max: 2,
      zeroShare: 0.5,
    });
    expect(byName.get('half')?.mean).toBeCloseTo(2.5 / 4, 6);
    expect(byName.get('positive')).toMatchObject({ dtype: 'bool', mean: 0.5 });
    const half = await engine.tensor(result.captureId, 'half');
    expect([...half.data]).toEqual([0, 0.5, 2, 0]);
    const reasons = new Map(result.skipped.map((skip) => [skip.name, skip.reason]));
    expect(reasons.get('text')).toMatch(/strings/);
    expect(reasons.get('pieces')).toMatch(/not a tensor/);
    expect(reasons.get('then_out')).toMatch(/inside the If node \/c\/If's then_branch subgraph/);
    expect(reasons.get('else_out')).toMatch(/else_branch/);
  });

  it('a capture that fails mid-run says so and leaves the engine working', async () => {
    const broken = source(bytes, [1, 2, 3]);
    const error = await engine.capture('mixed', broken, 'wasm').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlassboxError);
    expect((error as GlassboxError).message).toMatch(/failed while running on WASM/);
    const again = await engine.capture('mixed', source(bytes, [1, 2, 3, 4]), 'wasm');
    expect(again.values.find((value) => value.name === 'sum')?.max).toBe(10);
  });
});
