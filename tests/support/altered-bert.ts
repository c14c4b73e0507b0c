// A copy of the tiny BERT with one layer changed: every weight of one MatMul of layer 1 scaled by 1.01,
// built with the codec at test time (so no second model is committed). Returns the bytes and the changed
// node's name, for the model diff's end-to-end test.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decodeModelMessage } from '../../src/lib/capture/capture-variant.ts';
import { encodeModel } from '../../src/lib/onnx/index.ts';
import { REPO_ROOT } from './file-fetch.ts';

export async function bertWithOneChangedLayer(): Promise<{
  bytes: Uint8Array;
  node: string;
  weight: string;
}> {
  const original = new Uint8Array(
    await readFile(resolve(REPO_ROOT, 'models/tiny-sentiment-bert/onnx/model.onnx')),
  );
  const message = decodeModelMessage(original);
  const graph = message.graph ?? {};
  const uses = new Map<string, number>();
  for (const node of graph.node ?? [])
    for (const input of node.input ?? []) uses.set(input, (uses.get(input) ?? 0) + 1);
  const weights = new Map((graph.initializer ?? []).map((tensor) => [tensor.name ?? '', tensor]));
  const target = (graph.node ?? []).find(
    (node) =>
      node.op_type === 'MatMul' &&
      (node.name ?? '').includes('layer.1') &&
      (node.input ?? []).some((input) => weights.has(input) && uses.get(input) === 1),
  );
  const weightName = target?.input?.find((input) => weights.has(input) && uses.get(input) === 1);
  const tensor = weightName === undefined ? undefined : weights.get(weightName);
  if (!target || !tensor?.raw_data)
    throw new Error('The tiny BERT has no single-use MatMul weight in layer 1.');
  const raw = tensor.raw_data.slice();
  const values = new Float32Array(raw.buffer, 0, raw.length / 4);
  for (let i = 0; i < values.length; i++) values[i] = (values[i] ?? 0) * 1.01;
  tensor.raw_data = raw;
  return { bytes: encodeModel(message), node: target.name ?? '', weight: weightName ?? '' };
}
