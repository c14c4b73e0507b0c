// What a decode step costs around the model, on the embedded GPT (WASM, 1 thread, ONNX Runtime Web under
// Node): the generation service's whole greedy generation against the model time its loop reports, so
// the difference is the per-token work of the glass box (candidates and their texts, the text so far, the
// yield for Stop, the token's report). Then the parts of that work one by one, timed on the logits and
// token ids of a real generation: processLogits, the texts, the yield.
// node scripts/run-ts.mjs scripts/measure-decode-overhead.ts [rounds] [tokens]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { DEFAULT_GENERATION_SETTINGS } from '../src/lib/tasks/text-generation/generation-settings.ts';
import { processLogits } from '../src/lib/tasks/text-generation/logits-processing.ts';
import { yieldToMessages } from '../workers/shared/yield-to-messages.ts';
import { nodeGenerationService, repoModelLocation } from '../tests/support/node-generation-service.ts';

const PROMPT = 'In the beginning God created';
const FOLDER = resolve(import.meta.dirname, '../models/tiny-bible-gpt');

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

/** Microseconds per call of work, the median of 7 batches of repeats calls. */
async function perCall(repeats: number, work: () => unknown): Promise<number> {
  const batches: number[] = [];
  for (let b = 0; b < 7; b++) {
    const started = performance.now();
    for (let i = 0; i < repeats; i++) await work();
    batches.push(((performance.now() - started) * 1000) / repeats);
  }
  return median(batches);
}

async function measure(args: string[]): Promise<number> {
  const rounds = Number(args[0] ?? 30);
  const tokens = Number(args[1] ?? 64);
  say(`load before: ${load()}`);
  const service = nodeGenerationService();
  await service.load(repoModelLocation('tiny-bible-gpt'), 'wasm');
  const settings = { ...DEFAULT_GENERATION_SETTINGS, mode: 'greedy' as const, maxNewTokens: tokens };
  const request = { prompt: PROMPT, settings, forcedIds: [], useCache: true };
  await service.generate('wasm', request);
  const wholeUs: number[] = [];
  const modelUs: number[] = [];
  // CPU time as well: on a shared machine wall time includes waiting for a core, CPU time much less so.
  const cpuUs: number[] = [];
  let streamed = 0;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await service.generate('wasm', request, () => streamed++);
    const used = process.cpuUsage(cpu);
    cpuUs.push((used.user + used.system) / result.tokens.length);
    const ms = performance.now() - started;
    const rest = ms - result.timings.prefillMs;
    wholeUs.push((rest * 1000) / result.timings.decodeTokens);
    modelUs.push((result.timings.decodeMs * 1000) / result.timings.decodeTokens);
  }
  const whole = median(wholeUs);
  const model = median(modelUs);
  say(
    `per decode token (µs, median of ${rounds} generations of ${tokens}): whole ${whole.toFixed(0)}, ` +
      `model ${model.toFixed(0)}, around the model ${(whole - model).toFixed(0)}; ` +
      `CPU per token (whole generation / tokens) ${median(cpuUs).toFixed(0)}`,
  );

  // The parts, on a real step's logits (a vocabulary of 3,072).
  const logits = new Float32Array(3072).map(() => Math.random() * 10 - 5);
  const history = Array.from({ length: 40 }, (_, i) => i * 7);
  say(
    `processLogits (greedy): ${(await perCall(2000, () => processLogits(logits, history, settings))).toFixed(1)} µs`,
  );
  const sample = { ...settings, mode: 'sample' as const, temperature: 0.8, topK: 50, topP: 0.9 };
  say(
    `processLogits (sample, top-k 50, top-p 0.9): ${(await perCall(500, () => processLogits(logits, history, sample))).toFixed(1)} µs`,
  );
  const tokenizerJson = JSON.parse(readFileSync(resolve(FOLDER, 'tokenizer.json'), 'utf8')) as object;
  const tokenizer = new Tokenizer(tokenizerJson, {});
  const ids = tokenizer.encode(
    `${PROMPT} the heaven and the earth. And the earth was without form, and void; and darkness was upon the face of the deep.`,
  ).ids;
  for (const n of [8, 32, 64]) {
    const some = Array.from({ length: n }, (_, i) => ids[i % ids.length]!);
    say(`tokenizer.decode of ${n} ids: ${(await perCall(500, () => tokenizer.decode(some))).toFixed(1)} µs`);
  }
  say(`yieldToMessages: ${(await perCall(2000, yieldToMessages)).toFixed(1)} µs`);
  say(`load after: ${load()}`);
  await service.release();
  return 0;
}

// Run at import: scripts/run-ts.mjs closes Vite's module runner once the import returns, and ONNX Runtime's
// build is imported dynamically at the first load, which needs the runner open.
const code = await measure(process.argv.slice(3));

export function main(): number {
  return code;
}
