// fp16 headroom and the float16-simulated run on real ONNX Runtime (WASM in Node), through the capture
// engine, on a model with a planted overflow: an exporter-style decomposed LayerNorm (opset 14, as hub
// BERT exports have it) whose input is scaled by 300. Every value of the float32 run is finite; in float16
// the squares of its centred input (Pow) pass 65,504, the variance becomes Infinity, x / √∞ = 0, and the
// output is LayerNorm's bias: finite, and wrong (onnxruntime issue 31626's pattern, "you cannot find this
// by checking outputs for non-finite values"). The headroom of the float32 run and the simulated run both
// name the Pow node, and the simulated output stays finite.
import { describe, expect, it } from 'vitest';
import type { CapturedValueSummary } from '../../src/lib/capture/capture-types.ts';
import { fp16Headroom } from '../../src/lib/fp16/fp16-headroom.ts';
import { encodeModel } from '../../src/lib/onnx/index.ts';
import { configureWasmThreads } from '../../src/lib/runtime/onnx-runtime.ts';
import { float16SimulatedVariant, isRoundingNode } from '../../src/lib/variants/float16-simulated.ts';
import { CaptureEngine } from '../../workers/inference/capture/capture-engine.ts';
import type { CaptureSource } from '../../workers/inference/capture/last-run.ts';
import { info, raw } from '../support/onnx-messages.ts';

configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });

const FLOAT = 1;
const WIDTH = 16;
const BETA = Array.from({ length: WIDTH }, (_, i) => (i - 8) / 16);

function plantedOverflowModel(scale: number): Uint8Array {
  const node = (name: string, op: string, input: string[], output: string, attribute = [] as object[]) => ({
    name,
    op_type: op,
    input,
    output: [output],
    attribute,
  });
  const axes = { name: 'axes', type: 7, ints: [-1] };
  return encodeModel({
    ir_version: 8,
    opset_import: [{ domain: '', version: 14 }],
    graph: {
      name: 'planted-overflow',
      node: [
        node('/embeddings/Mul', 'Mul', ['x', 'scale'], 'h'),
        node('/LayerNorm/ReduceMean', 'ReduceMean', ['h'], 'mean', [axes]),
        node('/LayerNorm/Sub', 'Sub', ['h', 'mean'], 'centred'),
        node('/LayerNorm/Pow', 'Pow', ['centred', 'two'], 'squares'),
        node('/LayerNorm/ReduceMean_1', 'ReduceMean', ['squares'], 'variance', [axes]),
        node('/LayerNorm/Add', 'Add', ['variance', 'eps'], 'variance_eps'),
        node('/LayerNorm/Sqrt', 'Sqrt', ['variance_eps'], 'std'),
        node('/LayerNorm/Div', 'Div', ['centred', 'std'], 'normalized'),
        node('/LayerNorm/Mul', 'Mul', ['normalized', 'gamma'], 'scaled'),
        node('/LayerNorm/Add_1', 'Add', ['scaled', 'beta'], 'y'),
      ],
      initializer: [
        raw('scale', FLOAT, [], new Float32Array([scale])),
        raw('two', FLOAT, [], new Float32Array([2])),
        raw('eps', FLOAT, [], new Float32Array([1e-12])),
        raw('gamma', FLOAT, [WIDTH], new Float32Array(WIDTH).fill(1)),
        raw('beta', FLOAT, [WIDTH], new Float32Array(BETA)),
      ],
      input: [info('x', FLOAT, [1, 4, WIDTH])],
      output: [info('y', FLOAT, [1, 4, WIDTH])],
    },
  });
}

const x = Float32Array.from({ length: 4 * WIDTH }, (_, i) => Math.sin(i * 1.7) * 2);

function source(bytes: Uint8Array): CaptureSource {
  return {
    modelBytes: bytes,
    externalData: [],
    lastRun: {
      feeds: { x: { type: 'float32', dims: [1, 4, WIDTH], data: x } },
      input: { kind: 'tensors', names: ['x'] },
    },
  };
}

const ignoreRounding = (value: CapturedValueSummary) => isRoundingNode(value.producer);

describe('a planted float16 overflow inside a LayerNorm', () => {
  const engine = new CaptureEngine('fp16-overflow');
  const model = plantedOverflowModel(300);

  it('the float32 run is finite everywhere and its headroom names the Pow node', async () => {
    const run = await engine.capture('fp32', source(model), 'wasm');
    expect(run.values.every((v) => v.nanCount === 0 && v.infCount === 0)).toBe(true);
    const report = fp16Headroom(run.values);
    expect(report.firstOverflow?.node).toBe('/LayerNorm/Pow');
    expect(report.firstOverflow?.maxAbs).toBeGreaterThan(65520);
    // The LayerNorm's input itself fits float16: the overflow is inside.
    expect(report.nodes.find((n) => n.node === '/embeddings/Mul')?.flags).toEqual([]);
    expect(report.nodes.find((n) => n.node === '/LayerNorm/Add_1')?.flags).toEqual([]);
  });

  it('the float16-simulated run flags that node while its output stays finite (and wrong)', async () => {
    const simulated = float16SimulatedVariant(model);
    const run = await engine.capture('fp16-simulated', source(simulated.bytes), 'wasm');
    const report = fp16Headroom(run.values, { ignore: ignoreRounding });
    expect(report.firstOverflow?.node).toBe('/LayerNorm/Pow');
    const flagsOf = (node: string) => report.nodes.find((n) => n.node === node)?.flags ?? [];
    // The Infinity that Pow's rounding made reaches the variance and the standard deviation...
    expect(flagsOf('/LayerNorm/ReduceMean_1')).toContain('non-finite');
    expect(flagsOf('/LayerNorm/Sqrt')).toContain('non-finite');
    // ...and x / ∞ = 0 hides it: the output is finite, and it is LayerNorm's bias, not the normalized input.
    const output = run.values.find((v) => v.name === 'y');
    expect(output).toMatchObject({ nanCount: 0, infCount: 0 });
    const y = await engine.tensor(run.captureId, 'y');
    for (let i = 0; i < y.data.length; i++) expect(y.data[i]).toBeCloseTo(BETA[i % WIDTH] ?? NaN, 3);
  });

  it('the same model scaled by 10 has headroom: nothing is flagged, and the simulated output matches float32', async () => {
    const mild = plantedOverflowModel(10);
    const fp32 = await engine.capture('mild-fp32', source(mild), 'wasm');
    expect(fp16Headroom(fp32.values).firstOverflow).toBeNull();
    const simulated = await engine.capture('mild-sim', source(float16SimulatedVariant(mild).bytes), 'wasm');
    const report = fp16Headroom(simulated.values, { ignore: ignoreRounding });
    expect(report.nodes.every((n) => n.flags.length === 0)).toBe(true);
    const [a, b] = [await engine.tensor(fp32.captureId, 'y'), await engine.tensor(simulated.captureId, 'y')];
    let maxDiff = 0;
    for (let i = 0; i < a.data.length; i++)
      maxDiff = Math.max(maxDiff, Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0)));
    // float16 keeps 11 significant bits: normalized values near ±2 move by a few 1e-3 at most.
    expect(maxDiff).toBeGreaterThan(0);
    expect(maxDiff).toBeLessThan(1e-2);
  });
});
