// What looking inside one generation step costs on the embedded GPT (WASM, 1 thread, ONNX Runtime Web under
// Node): a plain decode step (one new token after a prompt's key/value cache, as the Generate view runs it)
// against capturing every value of that same step with the run-capture engine (build the variant, create
// its session, run, summarise), and against the capture's run alone; medians of several repeats.
// The logit lens's own cost per position is measured by scripts/measure-logit-lens.ts.
// node scripts/run-ts.mjs scripts/measure-generation-capture.ts [repeats]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { configureWasmThreads, createRuntimeSession } from '../src/lib/runtime/onnx-runtime.ts';
import { ioSignatureOf } from '../src/lib/sources/io-signature.ts';
import { decodeModel } from '../src/lib/onnx/index.ts';
import { recognizeCausalLm } from '../src/lib/tasks/text-generation/causal-lm.ts';
import { emptyPast, presentToPast, stepFeeds } from '../src/lib/tasks/text-generation/step-feeds.ts';
import type { TensorData } from '../src/lib/tensor.ts';
import { CaptureEngine } from '../workers/inference/capture/capture-engine.ts';

const FOLDER = resolve(import.meta.dirname, '../models/tiny-bible-gpt');
const PAST_LENGTHS = [8, 64];

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function measure(args: string[]): Promise<number> {
  const repeats = Number(args[0] ?? 7);
  configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });
  const bytes = new Uint8Array(readFileSync(resolve(FOLDER, 'onnx/model.onnx')));
  const config = JSON.parse(readFileSync(resolve(FOLDER, 'config.json'), 'utf8')) as Record<string, unknown>;
  const recognised = recognizeCausalLm(ioSignatureOf(decodeModel(bytes)), config);
  if (!recognised.ok) throw new Error(recognised.reason);
  const { layout } = recognised;
  const plain = await createRuntimeSession(bytes, 'wasm');
  const engine = new CaptureEngine();
  say(`load average before: ${load()}`);
  for (const past of PAST_LENGTHS) {
    // The cache of a past-long prompt, from a prefill with an empty cache.
    const prefill: Record<string, TensorData> = { ...stepFeeds(layout, new Array<number>(past).fill(1), 0) };
    for (const entry of emptyPast(layout))
      prefill[entry.name] = { type: 'float32', dims: [...entry.dims], data: new Float32Array(0) };
    const presents = await plain.run(prefill);
    const step: Record<string, TensorData> = { ...stepFeeds(layout, [2], past) };
    for (const [present, pastName] of presentToPast(layout)) {
      const tensor = presents[present];
      if (!tensor) throw new Error(`no ${present}`);
      step[pastName] = tensor;
    }
    await plain.run(step);
    const plainTimes: number[] = [];
    const captureTimes: number[] = [];
    const captureRuns: number[] = [];
    let values = 0;
    for (let i = 0; i < repeats; i++) {
      let started = performance.now();
      await plain.run(step);
      plainTimes.push(performance.now() - started);
      started = performance.now();
      const result = await engine.capture(
        'tiny-bible-gpt',
        {
          modelBytes: bytes,
          externalData: [],
          lastRun: { feeds: step, input: { kind: 'tensors', names: [] } },
        },
        'wasm',
      );
      captureTimes.push(performance.now() - started);
      captureRuns.push(result.timings.runMs);
      values = result.values.length;
    }
    const [p, c, r] = [median(plainTimes), median(captureTimes), median(captureRuns)];
    say(
      `decode step after ${past} tokens: plain ${p.toFixed(2)} ms; capture of all ${values} values ${c.toFixed(1)} ms ` +
        `(${(c / p).toFixed(0)}×; its run alone ${r.toFixed(2)} ms, ${(r / p).toFixed(1)}×)`,
    );
  }
  say(`load average after: ${load()}`);
  await plain.release();
  return 0;
}

// Measured while the module is evaluated: run-ts's module runner closes after the import, and ONNX
// Runtime's WASM build is imported lazily at the first session (as scripts/measure-logit-lens.ts).
const exitCode = await measure(process.argv.slice(3));

export function main(): number {
  return exitCode;
}
