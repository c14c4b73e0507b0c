// Copies of the tiny random GPT-2 fixture (tests/fixtures/hub/glassbox/tiny-random-gpt2) with one weight
// changed, built in memory: a perturbed copy whose greedy tokens part from the original's at a known
// node (the comparison's test, where Node has only WASM), and a copy whose token 142 embeds as NaN, so a
// generation that picks it gets NaN scores at the next step (the NaN step's test). Node names are the
// fixture's, so captures of the original and a copy compare value by value.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeModelMessage } from '../../src/lib/capture/capture-variant.ts';
import { encodeModel } from '../../src/lib/onnx/index.ts';
import { REPO_ROOT } from './file-fetch.ts';

export const GPT2_FIXTURE = 'tests/fixtures/hub/glassbox/tiny-random-gpt2';

/** The token table the first node (/transformer/wte/Gather) reads, [513, 32]. */
export const EMBEDDING = 'transformer.wte.weight';
/** Layer 1's MLP up-projection, read by /transformer/h.1/mlp/c_fc/MatMul, [32, 128]. */
export const LAYER1_UP = 'onnx::MatMul_302';
export const LAYER1_UP_NODE = '/transformer/h.1/mlp/c_fc/MatMul';
/**
 * The fixture's greedy tokens for its reference prompt start 50, 50, 142, 142 (reference.json): with
 * token 142's embedding NaN, tokens 1–3 come out as before and step 4 reads a NaN.
 */
export const NAN_TOKEN = 142;

function fixtureModel(): Uint8Array {
  return readFileSync(resolve(REPO_ROOT, GPT2_FIXTURE, 'onnx/model.onnx'));
}

/** The fixture with `change` applied to the float32 values of one initializer. */
function altered(
  name: string,
  change: (values: Float32Array, dims: readonly number[]) => void,
): Uint8Array<ArrayBuffer> {
  const message = decodeModelMessage(fixtureModel());
  const tensor = message.graph?.initializer?.find((initializer) => initializer.name === name);
  const raw = tensor?.raw_data;
  if (!tensor || !raw) throw new Error(`${name} is not a raw_data initializer of the fixture`);
  // A copy: raw_data is a view into the file's bytes (a Node Buffer, whose slice() is a view too).
  const values = new Float32Array(new Uint8Array(raw).buffer);
  change(
    values,
    (tensor.dims ?? []).map((dim) => Number(dim)),
  );
  tensor.raw_data = new Uint8Array(values.buffer);
  // A copy on its own ArrayBuffer, as fetch bodies and ORT take it.
  return new Uint8Array(encodeModel(message));
}

/** Layer 1's MLP up-projection scaled by factor. */
export function perturbedGpt2(factor: number): Uint8Array<ArrayBuffer> {
  return altered(LAYER1_UP, (values) => {
    for (let i = 0; i < values.length; i++) values[i]! *= factor;
  });
}

/** Token `token`'s row of the token table set to NaN. */
export function nanEmbeddingGpt2(token = NAN_TOKEN): Uint8Array<ArrayBuffer> {
  return altered(EMBEDDING, (values, dims) => {
    const width = dims[1] ?? 0;
    values.fill(Number.NaN, token * width, (token + 1) * width);
  });
}

/** A chat template that raises, as templates do for roles they refuse (transformers' raise_exception). */
export const THROWING_TEMPLATE = "{{ raise_exception('Only system roles are supported by this template.') }}";

/** tokenizer_config.json (its text) with its chat template replaced by one that throws. */
export function withThrowingChatTemplate(configText: string): Uint8Array<ArrayBuffer> {
  const config = JSON.parse(configText) as Record<string, unknown>;
  return new TextEncoder().encode(JSON.stringify({ ...config, chat_template: THROWING_TEMPLATE }, null, 2));
}
