// What the logit lens costs on the embedded GPT (WASM, 1 thread, ONNX Runtime Web under Node): a plain
// forward pass over the whole prompt against the lens variant's pass (every layer's lens logits too) and
// the lens with its top-5 softmax per layer × position, interleaved, medians of several rounds.
// node scripts/run-ts.mjs scripts/measure-logit-lens.ts [rounds]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { configureWasmThreads, createRuntimeSession } from '../src/lib/runtime/onnx-runtime.ts';
import type { TensorData } from '../src/lib/tensor.ts';
import { LogitLens } from '../workers/generation/logit-lens.ts';

const FOLDER = resolve(import.meta.dirname, '../models/tiny-bible-gpt');
const LENGTHS = [8, 32, 128];
const RUNS_PER_ROUND = 5;

const int64 = (values: readonly number[]): TensorData => ({
  type: 'int64',
  dims: [1, values.length],
  data: BigInt64Array.from(values, (v) => BigInt(v)),
});

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed(count: number, run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

async function measure(args: string[]): Promise<number> {
  const rounds = Number(args[0] ?? 5);
  configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });
  const bytes = new Uint8Array(readFileSync(resolve(FOLDER, 'onnx/model.onnx')));
  const config = JSON.parse(readFileSync(resolve(FOLDER, 'config.json'), 'utf8')) as Record<string, number>;
  const reference = JSON.parse(readFileSync(resolve(FOLDER, 'reference.json'), 'utf8')) as {
    input_ids: number[];
  };
  const opened = await LogitLens.open(bytes, [], 'wasm');
  if (!opened.ok) throw new Error(opened.reason);
  const { lens } = opened;
  const plain = await createRuntimeSession(bytes, 'wasm');
  const heads = config.n_head ?? 1;
  const headDim = (config.n_embd ?? 0) / heads;
  say(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const length of LENGTHS) {
    const ids = Array.from({ length }, (_, i) => reference.input_ids[i % reference.input_ids.length] ?? 0);
    const feeds: Record<string, TensorData> = {
      input_ids: int64(ids),
      attention_mask: int64(ids.map(() => 1)),
      position_ids: int64(ids.map((_, i) => i)),
    };
    for (let layer = 0; layer < (config.n_layer ?? 0); layer++)
      for (const kv of ['key', 'value'])
        feeds[`past_key_values.${layer}.${kv}`] = {
          type: 'float32',
          dims: [1, heads, 0, headDim],
          data: new Float32Array(0),
        };
    // Warm both sessions at this length (first runs allocate).
    await plain.run(feeds);
    await lens.run(feeds, 5);
    const plainTimes: number[] = [];
    const lensTimes: number[] = [];
    const gridTimes: number[] = [];
    for (let round = 0; round < rounds; round++) {
      plainTimes.push(...(await timed(RUNS_PER_ROUND, () => plain.run(feeds))));
      lensTimes.push(...(await timed(RUNS_PER_ROUND, () => lens.runRaw(feeds))));
      gridTimes.push(...(await timed(RUNS_PER_ROUND, () => lens.run(feeds, 5))));
    }
    const [p, l, g] = [median(plainTimes), median(lensTimes), median(gridTimes)];
    say(
      `${length} tokens: plain forward ${p.toFixed(2)} ms, lens logits fetched ${l.toFixed(2)} ms (${(l / p).toFixed(2)}×), ` +
        `lens top-5 grid ${g.toFixed(2)} ms (${(g / p).toFixed(2)}×); ${(g / length).toFixed(3)} ms per position`,
    );
  }
  say(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  await plain.release();
  await lens.release();
  return 0;
}

// Measured while the module is evaluated: run-ts's module runner closes after the import, and ONNX
// Runtime's WASM build is imported lazily at the first session.
const exitCode = await measure(process.argv.slice(3));

export function main(): number {
  return exitCode;
}
