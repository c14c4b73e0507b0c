// GenericModel with real ONNX Runtime (onnxruntime-web's WASM backend in Node) on the embedded models:
// any model's inputs described by shape and fill, every output summarized.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { GlassboxError } from '../../src/lib/errors.ts';
import { configureWasmThreads } from '../../src/lib/runtime/onnx-runtime.ts';
import { resolveDims, symbolicDims } from '../../src/lib/tensors/input-fill.ts';
import { GenericModel } from '../../workers/inference/tasks/generic-model.ts';
import type { GenericInputSpec } from '../../src/contracts/inference.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';

function modelBytes(id: string): Uint8Array<ArrayBuffer> {
  const file = readFileSync(resolve(REPO_ROOT, 'models', id, 'onnx', 'model.onnx'));
  const bytes = new Uint8Array(new ArrayBuffer(file.byteLength));
  bytes.set(file);
  return bytes;
}

// As the inference service does: one WASM thread without cross-origin isolation.
configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });

describe('GenericModel with tiny-sentiment-bert on WASM', () => {
  let model: GenericModel;

  beforeAll(async () => {
    model = await GenericModel.create(
      'embedded:tiny-sentiment-bert',
      modelBytes('tiny-sentiment-bert'),
      'model.onnx',
    );
    expect(model.info.inputs).toEqual([]);
    await model.createSession('wasm');
    await model.warmUp('wasm');
  });

  afterAll(() => model.release());

  it('describes the model and its symbolic inputs', () => {
    expect(model.hasSession('wasm')).toBe(true);
    expect(model.hasSession('webgpu')).toBe(false);
    expect(model.info.modelKey).toBe('embedded:tiny-sentiment-bert');
    expect(model.info.facts.parameterCount).toBeGreaterThan(1_000_000);
    expect(model.info.inputs).toEqual([
      { name: 'input_ids', dtype: 'int64', shape: ['batch_size', 'sequence_length'] },
      { name: 'attention_mask', dtype: 'int64', shape: ['batch_size', 'sequence_length'] },
      { name: 'token_type_ids', dtype: 'int64', shape: ['batch_size', 'sequence_length'] },
    ]);
    expect(model.info.outputs).toEqual([{ name: 'logits', dtype: 'float32', shape: ['batch_size', 2] }]);
    expect(symbolicDims(model.info.inputs.map((i) => i.shape))).toEqual(['batch_size', 'sequence_length']);
  });

  function specs(symbols: Record<string, number>, fill: GenericInputSpec['fill']) {
    const inputs: Record<string, GenericInputSpec> = {};
    for (const input of model.info.inputs) {
      const resolved = resolveDims(input.shape, symbols);
      if (!resolved.ok) throw new Error(resolved.reason);
      inputs[input.name] = { dims: resolved.dims, fill };
    }
    return inputs;
  }

  it('runs on ones with the symbolic dims set, and summarizes the logits', async () => {
    const run = await model.run('wasm', specs({ batch_size: 1, sequence_length: 8 }, { kind: 'ones' }));
    expect(run.backend).toBe('wasm');
    expect(run.inferenceMs).toBeGreaterThan(0);
    expect(run.buildMs).toBeGreaterThanOrEqual(0);
    expect(run.outputs).toHaveLength(1);
    const [logits] = run.outputs;
    expect(logits).toMatchObject({ name: 'logits', dtype: 'float32', dims: [1, 2], count: 2 });
    expect(logits?.nanCount).toBe(0);
    expect(logits?.infCount).toBe(0);
    expect(logits?.peek).toHaveLength(2);
    for (const value of logits?.peek ?? []) expect(Number.isFinite(value)).toBe(true);
    expect([0, 1]).toContain(logits?.argmax);
  });

  it('follows the batch size into the output shape', async () => {
    const run = await model.run('wasm', specs({ batch_size: 3, sequence_length: 5 }, { kind: 'ones' }));
    expect(run.outputs[0]).toMatchObject({ dims: [3, 2], count: 6 });
  });

  it('gives the same outputs for the same seed, other outputs for another seed', async () => {
    const symbols = { batch_size: 2, sequence_length: 6 };
    // Random token ids (below the vocabulary size), a full mask, and token type 0 (the model has 2 types).
    const random = (seed: number) =>
      ({
        ...specs(symbols, { kind: 'ones' }),
        input_ids: { dims: [2, 6], fill: { kind: 'random', seed, min: 0, max: 99 } },
        token_type_ids: { dims: [2, 6], fill: { kind: 'zeros' } },
      }) satisfies Record<string, GenericInputSpec>;
    const first = await model.run('wasm', random(11));
    const again = await model.run('wasm', random(11));
    const other = await model.run('wasm', random(12));
    expect(again.outputs).toEqual(first.outputs);
    expect(other.outputs[0]?.peek).not.toEqual(first.outputs[0]?.peek);
  });

  it('names an input that was given no value', async () => {
    const inputs = specs({ batch_size: 1, sequence_length: 4 }, { kind: 'ones' });
    delete inputs.attention_mask;
    const error = await model.run('wasm', inputs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlassboxError);
    expect(error).toMatchObject({ code: 'empty-input' });
    expect((error as GlassboxError).message).toContain('attention_mask');
  });

  it('names the input whose pasted values do not fit', async () => {
    const inputs = specs({ batch_size: 1, sequence_length: 4 }, { kind: 'ones' });
    inputs.input_ids = { dims: [1, 4], fill: { kind: 'values', text: '101 2023 102' } };
    await expect(model.run('wasm', inputs)).rejects.toMatchObject({
      code: 'empty-input',
      message: 'Input input_ids: 3 values were pasted, but the shape [1, 4] has 4 elements.',
    });
  });

  it('does not hide a missing session behind the optional warm-up', async () => {
    await expect(model.warmUp('webgpu')).rejects.toMatchObject({ code: 'no-model-loaded' });
  });

  it('refuses a run on a backend with no session', async () => {
    await expect(
      model.run('webgpu', specs({ batch_size: 1, sequence_length: 4 }, { kind: 'ones' })),
    ).rejects.toMatchObject({ code: 'no-model-loaded' });
  });
});

describe('GenericModel with shapes-yolov8 on WASM', () => {
  let model: GenericModel;

  beforeAll(async () => {
    model = await GenericModel.create('embedded:shapes-yolov8', modelBytes('shapes-yolov8'), 'model.onnx');
    await model.createSession('wasm');
    await model.warmUp('wasm');
  });

  afterAll(() => model.release());

  it('runs its one image input on zeros and gives the declared output shape', async () => {
    expect(model.info.inputs).toEqual([{ name: 'images', dtype: 'float32', shape: [1, 3, 256, 256] }]);
    const declared = model.info.outputs[0];
    expect(declared?.name).toBe('output0');
    const run = await model.run('wasm', { images: { dims: [1, 3, 256, 256], fill: { kind: 'zeros' } } });
    const [output] = run.outputs;
    expect(output?.name).toBe('output0');
    expect(output?.dims).toEqual(declared?.shape);
    expect(output?.dims).toEqual([1, 8, 1344]);
    expect(output?.count).toBe(8 * 1344);
    expect(output?.nanCount).toBe(0);
    expect(output?.min).not.toBeNull();
    expect(output?.peek).toHaveLength(16);
  });

  it('refuses sizes other than the fixed ones the model declares', async () => {
    await expect(
      model.run('wasm', { images: { dims: [1, 3, 128, 128], fill: { kind: 'zeros' } } }),
    ).rejects.toMatchObject({
      code: 'empty-input',
      message: 'The input images needs the shape [1, 3, 256, 256]; it was given [1, 3, 128, 128].',
    });
  });
});

describe('GenericModel.create', () => {
  it('rejects bytes that are not an ONNX model, before any session', async () => {
    const notOnnx = new TextEncoder().encode('<!doctype html><p>Not found</p>');
    const bytes = new Uint8Array(new ArrayBuffer(notOnnx.byteLength));
    bytes.set(notOnnx);
    const error = await GenericModel.create('url:x', bytes, 'page.onnx').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlassboxError);
    expect(error).toMatchObject({ code: 'model-file-invalid' });
  });

  it('rejects random bytes with code model-file-invalid', async () => {
    const bytes = new Uint8Array(new ArrayBuffer(2048)).fill(0xff);
    await expect(GenericModel.create('url:y', bytes, 'junk.onnx')).rejects.toMatchObject({
      code: 'model-file-invalid',
    });
  });
});
