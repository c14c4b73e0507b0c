// The scale sweep: one architecture at growing sizes, each size benchmarked on the same configurations
// (WASM 1 thread, WASM N threads, WebGPU). Turns the per-size results into points of latency and
// achieved GFLOP/s against FLOPs, finds where WebGPU starts to win on this machine, and exports it.
import { csvCell } from './export.ts';
import { configKey, configLabel, type BackendConfig } from './plan.ts';
import type { BenchEnvironment, BenchResult } from './result-types.ts';
import { familyPresets, RANDOM_WEIGHTS_NOTE, type SweepFamily } from '../synthetic/index.ts';

export const SWEEP_SCHEMA_NAME = 'glassbox-sweep-result';

/** On a software adapter WebGPU runs only on this many of the smallest sizes: it is 50–600× slower. */
export const SOFTWARE_WEBGPU_SIZES = 2;

export const SWEEP_FAMILY_LABELS: Record<SweepFamily, string> = {
  encoder: 'Transformer encoder (BERT family)',
  'conv-backbone': 'Convolutional backbone (YOLOv8)',
  matmul: 'MatMul (square)',
};

export interface SweepPointBackend {
  key: string;
  label: string;
  status: 'ok' | 'failed' | 'cancelled' | 'skipped';
  /** Why a configuration did not run at this size (a software adapter's size limit, an error). */
  note: string | null;
  medianMs: number | null;
  p90Ms: number | null;
  iterations: number;
  /** FLOPs / median latency. */
  gflopsPerSecond: number | null;
}

export interface SweepPoint {
  presetId: string;
  name: string;
  flops: number | null;
  fileBytes: number;
  backends: SweepPointBackend[];
}

export interface SweepCrossover {
  /** The smallest size where WebGPU's median beats every WASM configuration's; null: not reached. */
  presetId: string | null;
  flops: number | null;
  /** In words, for the chart and the export. */
  text: string;
}

export interface SweepResult {
  schema: typeof SWEEP_SCHEMA_NAME;
  version: 1;
  id: string;
  createdAt: string;
  durationMs: number;
  family: SweepFamily;
  note: typeof RANDOM_WEIGHTS_NOTE;
  configs: { key: string; label: string }[];
  points: SweepPoint[];
  crossover: SweepCrossover;
  environment: BenchEnvironment | null;
  warnings: string[];
}

/** Which configurations run at size index `index`: WebGPU only on the smallest sizes of a software adapter. */
export function configsAtSize(configs: readonly BackendConfig[], index: number, softwareAdapter: boolean) {
  return configs.filter(
    (config) => config.backend !== 'webgpu' || !softwareAdapter || index < SOFTWARE_WEBGPU_SIZES,
  );
}

/** Preset ids of a family in size order, limited to the chosen ones. */
export function sweepSizes(family: SweepFamily, chosen?: readonly string[]): string[] {
  const ids = familyPresets(family).map((preset) => preset.id);
  return chosen ? ids.filter((id) => chosen.includes(id)) : ids;
}

export function gflopsPerSecond(flops: number | null, medianMs: number | null): number | null {
  return flops !== null && medianMs !== null && medianMs > 0 ? flops / (medianMs * 1e6) : null;
}

/** One size's point from its benchmark result; configurations not run at this size are 'skipped'. */
export function sweepPoint(
  presetId: string,
  name: string,
  configs: readonly BackendConfig[],
  result: BenchResult | null,
  skippedNote: (config: BackendConfig) => string | null,
): SweepPoint {
  const flops = result?.model.flops ?? null;
  return {
    presetId,
    name,
    flops,
    fileBytes: result?.model.fileBytes ?? 0,
    backends: configs.map((config) => {
      const key = configKey(config);
      const run = result?.backends.find((backend) => backend.key === key);
      const medianMs = run?.stats?.medianMs ?? null;
      return {
        key,
        label: run?.label ?? configLabel(config),
        status: run?.status ?? 'skipped',
        note: run ? (run.error?.message ?? null) : skippedNote(config),
        medianMs,
        p90Ms: run?.stats?.p90Ms ?? null,
        iterations: run?.samplesMs.length ?? 0,
        gflopsPerSecond: gflopsPerSecond(flops, medianMs),
      };
    }),
  };
}

/** Where WebGPU's median first beats every WASM configuration measured at the same size. */
export function findCrossover(points: readonly SweepPoint[], softwareAdapter: boolean): SweepCrossover {
  const gpuMeasured = points.filter((p) => p.backends.some((b) => b.key === 'webgpu' && b.medianMs !== null));
  for (const point of points) {
    const gpu = point.backends.find((b) => b.key === 'webgpu')?.medianMs ?? null;
    const cpu = point.backends
      .filter((b) => b.key !== 'webgpu' && b.medianMs !== null)
      .map((b) => b.medianMs as number);
    if (gpu === null || cpu.length === 0) continue;
    if (gpu < Math.min(...cpu)) {
      return {
        presetId: point.presetId,
        flops: point.flops,
        text: `WebGPU starts to win at ${point.name}${softwareAdapter ? ' (on a software adapter: not a GPU’s figure)' : ''}.`,
      };
    }
  }
  const text =
    gpuMeasured.length === 0
      ? 'Not reached: WebGPU was not measured.'
      : `Not reached: WASM is faster at every size WebGPU ran (${gpuMeasured.length} of ${points.length})${
          softwareAdapter ? '; WebGPU here is a software adapter, not a GPU' : ''
        }.`;
  return { presetId: null, flops: null, text };
}

/** Run-wide warnings: a software adapter, sizes WebGPU skipped, failures. */
export function sweepWarnings(points: readonly SweepPoint[], environment: BenchEnvironment | null): string[] {
  const warnings: string[] = [];
  const webgpu = environment?.webgpu;
  if (webgpu?.available && webgpu.isSoftware) {
    warnings.push(
      `WebGPU ran on a software adapter (${webgpu.architecture || webgpu.vendor || 'software'}): its numbers are not a GPU’s, and it ran only the ${SOFTWARE_WEBGPU_SIZES} smallest sizes.`,
    );
  }
  for (const point of points) {
    for (const backend of point.backends) {
      if (backend.status === 'failed')
        warnings.push(`${point.name}, ${backend.label}: ${backend.note ?? 'failed'}`);
    }
  }
  return warnings;
}

const CSV_COLUMNS = [
  'family',
  'size',
  'flops',
  'config',
  'status',
  'median_ms',
  'p90_ms',
  'iterations',
  'gflops_per_s',
  'note',
];

export function sweepToCsv(result: SweepResult): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const point of result.points) {
    for (const b of point.backends) {
      rows.push(
        [
          result.family,
          point.presetId,
          point.flops,
          b.key,
          b.status,
          b.medianMs,
          b.p90Ms,
          b.iterations,
          b.gflopsPerSecond,
          b.note,
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}

const cellText = (value: number | null, digits: number) => (value === null ? '—' : value.toFixed(digits));

export function sweepToMarkdown(result: SweepResult): string {
  const header = ['Size', 'GFLOP', ...result.configs.map((c) => `${c.label} (ms · GFLOP/s)`)];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const point of result.points) {
    const cells = result.configs.map((config) => {
      const b = point.backends.find((entry) => entry.key === config.key);
      return b && b.medianMs !== null
        ? `${cellText(b.medianMs, 2)} · ${cellText(b.gflopsPerSecond, 2)}`
        : (b?.status ?? '—');
    });
    lines.push(
      `| ${point.name} | ${point.flops === null ? '—' : (point.flops / 1e9).toFixed(3)} | ${cells.join(' | ')} |`,
    );
  }
  lines.push('', `${result.crossover.text} Synthetic models: ${RANDOM_WEIGHTS_NOTE}.`);
  for (const warning of result.warnings) lines.push(`- ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** Problems of parsed JSON that claims to be a sweep result; empty when it is one. */
export function sweepResultProblems(value: unknown): string[] {
  const problems: string[] = [];
  const record = value as Partial<SweepResult> | null;
  if (typeof record !== 'object' || record === null) return ['not an object'];
  if (record.schema !== SWEEP_SCHEMA_NAME) problems.push(`schema is not ${SWEEP_SCHEMA_NAME}`);
  if (record.version !== 1) problems.push('version is not 1');
  if (!Array.isArray(record.points)) problems.push('points is not a list');
  for (const point of record.points ?? []) {
    if (typeof point.presetId !== 'string') problems.push('a point has no presetId');
    if (!(point.flops === null || (typeof point.flops === 'number' && point.flops >= 0)))
      problems.push(`${point.presetId}: flops is not a count`);
    for (const b of point.backends ?? []) {
      if (!(b.medianMs === null || b.medianMs >= 0))
        problems.push(`${point.presetId} ${b.key}: negative median`);
    }
  }
  if (typeof record.crossover?.text !== 'string') problems.push('crossover has no text');
  return problems;
}
