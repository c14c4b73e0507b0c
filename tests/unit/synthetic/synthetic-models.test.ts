import { describe, expect, it } from 'vitest';
import { buildGraphIR, buildScopeTree, summarizeModel, validateGraph } from '../../../src/lib/graph/index.ts';
import { decodeModel, elementCountOf } from '../../../src/lib/onnx/index.ts';
import {
  SYNTHETIC_PRESETS,
  syntheticParameterCount,
  syntheticPreset,
  syntheticProblems,
  type SyntheticSpec,
} from '../../../src/lib/synthetic/index.ts';
import { buildSyntheticModel } from '../../../src/lib/synthetic/build-model.ts';

function decoded(id: string) {
  const preset = syntheticPreset(id);
  if (!preset) throw new Error(`no preset ${id}`);
  const bytes = buildSyntheticModel(preset.model, id);
  const model = decodeModel(bytes, { fileName: `${id}.onnx` });
  const ir = buildGraphIR(model);
  return { preset, bytes, model, ir, summary: summarizeModel(model, ir, buildScopeTree(ir)) };
}

/** Learnable parameters: float initializers (int64 shape constants and float scalars excluded). */
function floatParameters(model: ReturnType<typeof decodeModel>): number {
  return model.graph.initializers
    .filter((tensor) => tensor.dataType === 'float32' && tensor.dims.length > 0)
    .reduce((sum, tensor) => sum + elementCountOf(tensor.dims), 0);
}

const signature = (values: { name: string; shape?: (number | string | null)[] | null }[]) =>
  values.map(({ name, shape }) => ({ name, shape }));

// Presets small enough to build in a unit test (BERT-base and YOLOv8s are built in the integration test).
const SMALL = ['bert-tiny', 'bert-mini', 'yolov8n-160', 'yolov8n-640', 'matmul-256', 'conv-64'];

describe('synthetic models', () => {
  it.each(SMALL)('%s decodes, validates without a finding and says its weights are random', (id) => {
    const { model, ir } = decoded(id);
    expect(model.docString).toBe('Random weights — for speed, not answers.');
    expect(model.opsetImports).toEqual([{ domain: '', version: 17 }]);
    expect(validateGraph(ir, model)).toEqual([]);
  });

  it.each(SMALL)('%s has exactly the parameters its architecture says', (id) => {
    const { preset, model } = decoded(id);
    expect(floatParameters(model)).toBe(syntheticParameterCount(preset.model));
  });

  it('BERT-tiny: 4,336,770 parameters, counted by hand', () => {
    // embeddings 30,522·128 + 128·128 (positions) + 2·128 (LayerNorm)             = 3,923,456
    // per layer 4·(128² + 128) + 4·128 + (128·512 + 512) + (512·128 + 128)         =   198,272 (× 2)
    // pooler 128² + 128, classifier 128·2 + 2                                      =    16,770
    const { model, summary } = decoded('bert-tiny');
    expect(floatParameters(model)).toBe(3_923_456 + 2 * 198_272 + 16_770);
    expect(signature(summary.inputs)).toEqual([
      { name: 'input_ids', shape: ['batch', 128] },
      { name: 'attention_mask', shape: ['batch', 128] },
    ]);
    expect(signature(summary.outputs)).toEqual([{ name: 'logits', shape: ['batch', 2] }]);
    // 2 layers: 6 MatMuls each with weights (Q, K, V, O, up, down) + 2 attention MatMuls; pooler, classifier.
    const matmuls = summary.opHistogram.find((row) => row.opType === 'MatMul')?.count;
    expect(matmuls).toBe(2 * 8 + 2);
  });

  it('YOLOv8n backbone: 1,270,144 parameters, counted by hand, and the three feature maps', () => {
    // Ultralytics' own table for YOLOv8n layers 0–9 (Conv + BatchNorm: o·i·k² + 2·o) sums to 1,272,656;
    // folding BatchNorm into a bias keeps one number per output channel: 2,512 channels fewer.
    const perLayer = [448, 4_640, 7_264, 18_496, 49_408, 73_856, 197_120, 295_168, 459_520, 164_224];
    const { model, summary } = decoded('yolov8n-640');
    expect(floatParameters(model)).toBe(perLayer.reduce((a, b) => a + b, 0));
    expect(floatParameters(model)).toBe(1_272_656 - 2_512);
    expect(signature(summary.inputs)).toEqual([{ name: 'images', shape: ['batch', 3, 640, 640] }]);
    expect(signature(summary.outputs)).toEqual([
      { name: 'p3', shape: ['batch', 64, 80, 80] },
      { name: 'p4', shape: ['batch', 128, 40, 40] },
      { name: 'p5', shape: ['batch', 256, 20, 20] },
    ]);
  });

  it('BERT-base and DistilBERT shapes have the familiar parameter counts', () => {
    const count = (id: string) => syntheticParameterCount(syntheticPreset(id)?.model as SyntheticSpec);
    // Hugging Face's bert-base-uncased has 109.5 M (512 positions, token types); here 128 positions, none.
    expect(count('bert-base')).toBe(
      30_522 * 768 + 128 * 768 + 2 * 768 + 12 * 7_087_872 + 768 * 768 + 768 + 1_538,
    );
    expect(count('distilbert')).toBe(
      30_522 * 768 + 128 * 768 + 2 * 768 + 6 * 7_087_872 + 768 * 768 + 768 + 1_538,
    );
  });

  it('the same seed gives the same bytes; another seed other weights', () => {
    const spec: SyntheticSpec = { kind: 'matmul', spec: { m: 8, k: 8, n: 8 } };
    expect(buildSyntheticModel(spec, 'a')).toEqual(buildSyntheticModel(spec, 'a'));
    const other: SyntheticSpec = { kind: 'matmul', spec: { m: 8, k: 8, n: 8, seed: 2 } };
    expect(buildSyntheticModel(other, 'a')).not.toEqual(buildSyntheticModel(spec, 'a'));
  });

  it('refuses impossible specs with a sentence', () => {
    const bad: SyntheticSpec = {
      kind: 'encoder',
      spec: { layers: 2, hidden: 100, heads: 3, ffn: 400, sequence: 16, vocab: 100 },
    };
    expect(syntheticProblems(bad)).toEqual(['Hidden size 100 is not divisible by 3 heads.']);
    expect(() => buildSyntheticModel(bad, 'bad')).toThrow(/not divisible/);
    const odd: SyntheticSpec = {
      kind: 'conv-backbone',
      spec: { width: 0.25, depth: 0.33, maxChannels: 1024, inputSize: 100 },
    };
    expect(syntheticProblems(odd)).toEqual([
      'The input size must be a multiple of 32 (the backbone downsamples 5 times).',
    ]);
  });

  it('every preset id is unique and names its family', () => {
    const ids = SYNTHETIC_PRESETS.map((preset) => preset.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
