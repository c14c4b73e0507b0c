// The picker's facts: parameters and FLOPs counted on a structure-only build must equal the real model's.
import { describe, expect, it } from 'vitest';
import { modelFlops } from '../../../src/lib/flops/index.ts';
import { decodeModel } from '../../../src/lib/onnx/index.ts';
import { syntheticPreset } from '../../../src/lib/synthetic/index.ts';
import { buildSyntheticMessage, buildSyntheticModel } from '../../../src/lib/synthetic/build-model.ts';
import { presetFacts } from '../../../src/lib/synthetic/preset-facts.ts';

describe('presetFacts', () => {
  it.each(['bert-tiny', 'yolov8n-160', 'matmul-256', 'conv-64'])(
    '%s: structure-only FLOPs equal the generated model’s',
    (id) => {
      const preset = syntheticPreset(id);
      if (!preset) throw new Error(`no preset ${id}`);
      const full = modelFlops(decodeModel(buildSyntheticModel(preset.model, id)));
      const facts = presetFacts(preset);
      expect(facts.flops).toBe(full.total);
      expect(full.unknownNodes).toBe(0);
    },
  );

  it('hand-checked counts: BERT-tiny 4,336,770 parameters; MatMul n = 128 is 2n³ FLOPs', () => {
    const tiny = syntheticPreset('bert-tiny');
    const matmul = syntheticPreset('matmul-128');
    if (!tiny || !matmul) throw new Error('presets missing');
    expect(presetFacts(tiny).parameters).toBe(4_336_770);
    expect(presetFacts(matmul)).toEqual({ id: 'matmul-128', parameters: 128 * 128, flops: 2 * 128 ** 3 });
  });

  it('the structure-only build carries no weight data, and still counts BERT-base', () => {
    const preset = syntheticPreset('bert-base');
    if (!preset) throw new Error('no bert-base');
    const structure = buildSyntheticMessage(preset.model, 'bert-base', false);
    const weights = (structure.graph?.initializer ?? []).filter(
      (t) => t.data_type === 1 && (t.dims ?? []).length > 0,
    );
    expect(weights.length).toBeGreaterThan(100);
    for (const tensor of weights) expect(tensor.raw_data ?? new Uint8Array()).toHaveLength(0);
    const facts = presetFacts(preset);
    expect(facts.parameters).toBe(109_187_330);
    expect(facts.flops).toBeGreaterThan(22e9);
  });
});
