// Measures the variants Glassbox makes in the page (src/lib/variants/make-variant.ts) on the embedded
// models and a synthetic BERT-mini shape: file size, time to make it, ONNX Runtime WASM session creation
// and median latency (1 thread, Node), and how far its first output moves from float32's on one fixed
// input (max |Δ| and SNR in dB). A variant a model cannot have says why instead of a number.
// Usage: node scripts/run-ts.mjs scripts/measure-variants.ts [--runs N] [--models a,b] [--json]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { GlassboxError } from '../src/lib/errors.ts';
import {
  configureWasmThreads,
  createRuntimeSession,
  type RuntimeSession,
} from '../src/lib/runtime/onnx-runtime.ts';
import { buildSyntheticModel } from '../src/lib/synthetic/build-model.ts';
import { syntheticPreset } from '../src/lib/synthetic/index.ts';
import type { TensorData } from '../src/lib/tensor.ts';
import { makeVariant, MADE_VARIANT_KINDS, type MadeVariantKind } from '../src/lib/variants/make-variant.ts';

// run-ts.mjs closes Vite's module runner once this module is imported, and ONNX Runtime's build is
// imported on first use: one session created here, at import, loads it while the runner is open.
configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });
{
  const preset = syntheticPreset('matmul-256');
  if (preset)
    await (await createRuntimeSession(buildSyntheticModel(preset.model, 'warm-up'), 'wasm')).release();
}

const EMBEDDED = [
  'tiny-sentiment-bert',
  'tiny-bible-bert',
  'tiny-bible-gpt',
  'shapes-classifier',
  'shapes-yolov8',
  'nanodet-coco',
];
const SEQUENCE = 16;

interface Row {
  model: string;
  variant: 'fp32' | MadeVariantKind;
  bytes?: number;
  makeMs?: number;
  createMs?: number;
  medianMs?: number;
  /** The fastest run: on a shared machine, the least disturbed by other work. */
  minMs?: number;
  maxAbsDiff?: number;
  snrDb?: number;
  problem?: string;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Concrete dims for a declared shape: batch 1, sequences of 16, no past, images as declared. */
function concrete(shape: ReadonlyArray<number | string>, name: string): number[] {
  return shape.map((dim) => {
    if (typeof dim === 'number' && dim > 0) return dim;
    const label = String(dim);
    if (/past/.test(label)) return 0;
    if (/batch/.test(label) || label === '') return name.includes('past') ? 1 : 1;
    return SEQUENCE;
  });
}

function feedsFor(session: RuntimeSession): Record<string, TensorData> {
  const feeds: Record<string, TensorData> = {};
  for (const input of session.inputs) {
    const dims = concrete(input.shape, input.name);
    const count = dims.reduce((a, b) => a * b, 1);
    if (input.dtype === 'int64') {
      const value = (i: number) =>
        input.name === 'input_ids'
          ? 100 + ((i * 37) % 900)
          : input.name === 'position_ids'
            ? i % (dims.at(-1) ?? 1)
            : input.name === 'token_type_ids'
              ? 0
              : 1;
      feeds[input.name] = {
        type: 'int64',
        dims,
        data: BigInt64Array.from({ length: count }, (_, i) => BigInt(value(i))),
      };
    } else {
      feeds[input.name] = {
        type: 'float32',
        dims,
        data: Float32Array.from({ length: count }, (_, i) => 0.5 + 0.5 * Math.sin(i * 0.37)),
      };
    }
  }
  return feeds;
}

function difference(reference: TensorData, other: TensorData): { maxAbsDiff: number; snrDb: number } {
  let maxAbsDiff = 0;
  let signal = 0;
  let noise = 0;
  for (let i = 0; i < reference.data.length; i++) {
    const a = Number(reference.data[i]);
    const b = Number(other.data[i]);
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a - b));
    signal += a * a;
    noise += (a - b) * (a - b);
  }
  return { maxAbsDiff, snrDb: noise === 0 ? Infinity : 10 * Math.log10(signal / noise) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

interface Opened {
  session: RuntimeSession;
  feeds: Record<string, TensorData>;
  createMs: number;
  first: TensorData | undefined;
  times: number[];
}

async function open(bytes: Uint8Array): Promise<Opened> {
  const started = performance.now();
  const session = await createRuntimeSession(bytes, 'wasm');
  const createMs = performance.now() - started;
  const feeds = feedsFor(session);
  const outputs = await session.run(feeds);
  return { session, feeds, createMs, first: Object.values(outputs)[0], times: [] };
}

/**
 * Times every opened variant of one model in interleaved rounds (3 runs each per round): the machine is
 * shared, and its load drifts within seconds; interleaving gives each variant the same drift.
 */
async function timeInterleaved(opened: Opened[], runs: number): Promise<void> {
  for (let round = 0; round < Math.ceil(runs / 3); round++) {
    for (const entry of opened) entry.times.push(...(await entry.session.timeRuns(entry.feeds, 3)));
  }
}

export async function main(args: string[]): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const at = args.indexOf('--runs');
  const runs = at >= 0 ? Number(args[at + 1]) : 20;
  const only = args.includes('--models') ? (args[args.indexOf('--models') + 1] ?? '').split(',') : null;
  const models: Array<[string, () => Uint8Array]> = [
    ...EMBEDDED.map((id): [string, () => Uint8Array] => [
      id,
      () => new Uint8Array(readFileSync(resolve(root, `models/${id}/onnx/model.onnx`))),
    ]),
    [
      'synthetic bert-mini (4 × 256)',
      () => {
        const preset = syntheticPreset('bert-mini');
        if (!preset) throw new Error('no bert-mini preset');
        return buildSyntheticModel(preset.model, 'bert-mini');
      },
    ],
  ];
  const rows: Row[] = [];
  print(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  for (const [model, load] of models) {
    if (only && !only.some((name) => model.startsWith(name))) continue;
    const original = load();
    const reference = await open(original);
    const opened: Array<{ row: Row; entry: Opened }> = [
      { row: { model, variant: 'fp32', bytes: original.length }, entry: reference },
    ];
    for (const kind of MADE_VARIANT_KINDS) {
      const row: Row = { model, variant: kind };
      try {
        const started = performance.now();
        const made = makeVariant(original, kind);
        row.makeMs = performance.now() - started;
        row.bytes = made.bytes.length;
        const entry = await open(made.bytes);
        if (reference.first && entry.first) Object.assign(row, difference(reference.first, entry.first));
        opened.push({ row, entry });
      } catch (error) {
        row.problem = error instanceof GlassboxError ? error.message : String(error);
        rows.push(row);
        print(`${model} ${kind}: ${row.problem}`);
      }
    }
    await timeInterleaved(
      opened.map((o) => o.entry),
      runs,
    );
    for (const { row, entry } of opened) {
      row.createMs = entry.createMs;
      row.medianMs = median(entry.times);
      row.minMs = Math.min(...entry.times);
      rows.push(row);
      await entry.session.release();
      const delta =
        row.variant === 'fp32'
          ? ''
          : `, max|Δ| ${row.maxAbsDiff?.toExponential(1)}, SNR ${row.snrDb?.toFixed(1)} dB`;
      const made = row.makeMs === undefined ? '' : `, made ${row.makeMs.toFixed(0)} ms`;
      print(
        `${model} ${row.variant}: ${((row.bytes ?? 0) / 1e6).toFixed(2)} MB${made}, create ${row.createMs.toFixed(0)} ms, median ${row.medianMs.toFixed(2)} ms, fastest ${row.minMs.toFixed(2)} ms${delta}`,
      );
    }
  }
  print(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  if (args.includes('--json')) print(JSON.stringify(rows, null, 1));
  return 0;
}
