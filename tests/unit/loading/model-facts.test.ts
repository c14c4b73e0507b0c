import { describe, expect, it } from 'vitest';
import { GlassboxError } from '../../../src/lib/errors.ts';
import { readModelFacts } from '../../../src/lib/loading/model-facts.ts';
import { convReluModel } from '../onnx/model-builders.ts';

function own(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

describe('readModelFacts', () => {
  it('counts parameters as the sum of initializer elements, and hashes the file', async () => {
    const facts = await readModelFacts(own(convReluModel()), 'conv.onnx');
    // convReluModel: weight [4, 3, 3, 3] = 108 elements + bias [4] = 4.
    expect(facts.parameterCount).toBe(112);
    expect(facts.nodeCount).toBe(2);
    expect(facts.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(facts.fileBytes).toBe(convReluModel().byteLength);
  });

  it('names the file and the byte when the bytes are not ONNX', async () => {
    const error = await readModelFacts(own(new Uint8Array(64).fill(0xff)), 'models/x/onnx/model.onnx').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GlassboxError);
    expect(error).toMatchObject({ code: 'model-file-invalid' });
    expect((error as GlassboxError).message).toMatch(/model\.onnx/);
  });
});
