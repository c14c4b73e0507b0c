// The synthetic model worker's service, run in-thread in Node: the bytes it hands over are the preset's
// model (they decode and run on ONNX Runtime WASM), its facts list every preset, and an unknown id is
// refused in words.
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../../src/lib/onnx/index.ts';
import { SYNTHETIC_PRESETS, syntheticPreset } from '../../src/lib/synthetic/index.ts';
import { buildSyntheticModel } from '../../src/lib/synthetic/build-model.ts';
import { SyntheticService } from '../../workers/synthetic/synthetic-service.ts';

describe('the synthetic model service', () => {
  const service = new SyntheticService();

  it('builds a preset as a Blob of exactly the preset’s model, which ONNX Runtime runs', async () => {
    const built = service.build('matmul-128');
    const bytes = new Uint8Array(await built.blob.arrayBuffer());
    const preset = syntheticPreset('matmul-128');
    if (!preset) throw new Error('no preset');
    // (protobufjs hands a Buffer in Node: compare as plain bytes)
    expect(bytes).toEqual(new Uint8Array(buildSyntheticModel(preset.model, preset.id)));
    expect(built.bytes).toBe(bytes.byteLength);
    expect(built.buildMs).toBeGreaterThanOrEqual(0);
    expect(decodeModel(bytes).graph.outputs.map((o) => o.name)).toEqual(['y']);
    const session = await ort.InferenceSession.create(bytes);
    const x = new ort.Tensor('float32', new Float32Array(128 * 128).fill(1), [1, 128, 128]);
    const { y } = await session.run({ x });
    expect(y?.dims).toEqual([1, 128, 128]);
    await session.release();
  });

  it('lists every preset’s parameters and FLOPs, in preset order', () => {
    const facts = service.facts();
    expect(facts.map((f) => f.id)).toEqual(SYNTHETIC_PRESETS.map((p) => p.id));
    expect(facts.find((f) => f.id === 'bert-tiny')).toMatchObject({ parameters: 4_336_770 });
    for (const f of facts) expect(f.flops).toBeGreaterThan(0);
  });

  it('refuses an unknown preset with a sentence naming the known ones', () => {
    expect(() => service.build('bert-large')).toThrow(/There is no synthetic model “bert-large”/);
    let thrown: unknown = null;
    try {
      service.build('../x');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'source-rejected', remedy: expect.stringContaining('bert-tiny') });
  });
});
