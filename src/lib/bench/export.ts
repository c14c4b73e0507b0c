// A result as CSV (one row per backend configuration) and as a Markdown table, for papers, issues and
// slides. JSON export is the result itself. Strings are escaped for each format; CSV cells that a
// spreadsheet would run as a formula are defused.
import { formatMs } from '../format.ts';
import { labelForKey } from './plan.ts';
import type { BackendResult, BenchResult, Comparison } from './result-types.ts';

const CSV_COLUMNS = [
  'model',
  'model_sha256',
  'config',
  'backend',
  'status',
  'threads_requested',
  'threads_used',
  'fetch_ms',
  'create_session_ms',
  'first_run_ms',
  'warm_up_runs',
  'iterations',
  'min_ms',
  'median_ms',
  'mean_ms',
  'p90_ms',
  'p99_ms',
  'max_ms',
  'stdev_ms',
  'throughput_per_s',
  'speedup_vs_baseline',
  'speedup_low',
  'speedup_high',
  'unreliable',
  'error',
] as const;

/** Quotes when needed; a leading = + - @ gets a ' so spreadsheets show text instead of running it. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toFixed(6))) : '';
  const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

function speedupFor(result: BenchResult, key: string): Comparison | undefined {
  return result.comparisons.find((comparison) => comparison.candidate === key);
}

function csvRow(result: BenchResult, backend: BackendResult): string {
  const stats = backend.stats;
  const cold = backend.coldStart;
  const speedup = speedupFor(result, backend.key)?.speedup ?? null;
  const cells: Array<string | number | null> = [
    result.model.id,
    result.model.sha256,
    backend.label,
    backend.backend,
    backend.status,
    backend.threadsRequested,
    backend.threadsUsed,
    cold?.fetchMs ?? null,
    cold?.createSessionMs ?? null,
    cold?.firstRunMs ?? null,
    backend.warmUpMs.length,
    backend.samplesMs.length,
    stats?.minMs ?? null,
    stats?.medianMs ?? null,
    stats?.meanMs ?? null,
    stats?.p90Ms ?? null,
    stats?.p99Ms ?? null,
    stats?.maxMs ?? null,
    stats?.stdevMs ?? null,
    stats?.throughputPerSecond ?? null,
    speedup?.ratio ?? null,
    speedup?.low ?? null,
    speedup?.high ?? null,
    backend.unreliable.join('; '),
    backend.error?.message ?? null,
  ];
  return cells.map(csvCell).join(',');
}

export function toCsv(result: BenchResult): string {
  return (
    [CSV_COLUMNS.join(','), ...result.backends.map((backend) => csvRow(result, backend))].join('\n') + '\n'
  );
}

/** Escapes what Markdown table cells cannot hold (pipes, newlines) and inline markup characters. */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[*_`[\]<>]/g, '\\$&')
    .replace(/\s*\n\s*/g, ' ');
}

/** 123.4×, 1.23×, 0.026× (two significant digits below 0.1, where fixed decimals would round to 0). */
export function formatRatio(ratio: number): string {
  if (ratio >= 10) return `${ratio.toFixed(1)}×`;
  return `${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}×`;
}

function speedupText(comparison: Comparison | undefined): string {
  const speedup = comparison?.speedup;
  if (!comparison) return 'baseline';
  if (!speedup) return '—';
  return `${formatRatio(speedup.ratio)} (${formatRatio(speedup.low)}–${formatRatio(speedup.high)})`;
}

function threadsText(backend: BackendResult): string {
  if (backend.threadsUsed === null) return `${backend.threadsRequested} asked`;
  return backend.threadsUsed === backend.threadsRequested
    ? String(backend.threadsUsed)
    : `${backend.threadsUsed} (asked ${backend.threadsRequested})`;
}

function markdownRow(result: BenchResult, backend: BackendResult): string {
  const stats = backend.stats;
  const cold = backend.coldStart;
  const notes = [
    backend.status === 'ok' ? '' : backend.status + (backend.error ? `: ${backend.error.message}` : ''),
    ...backend.unreliable,
  ].filter(Boolean);
  const cells = [
    backend.label,
    threadsText(backend),
    cold ? formatMs(cold.createSessionMs) : '—',
    cold ? formatMs(cold.firstRunMs) : '—',
    stats ? formatMs(stats.medianMs) : '—',
    stats ? formatMs(stats.p90Ms) : '—',
    stats ? `${formatMs(stats.meanMs)} ± ${formatMs(stats.stdevMs)}` : '—',
    stats?.throughputPerSecond ? `${stats.throughputPerSecond.toFixed(1)}/s` : '—',
    String(backend.samplesMs.length),
    speedupText(speedupFor(result, backend.key)),
    notes.join('; '),
  ];
  return `| ${cells.map(markdownCell).join(' | ')} |`;
}

export function toMarkdown(result: BenchResult): string {
  const env = result.environment;
  const gpu = env.webgpu.available
    ? `${env.webgpu.vendor} ${env.webgpu.architecture}${env.webgpu.isSoftware ? ' (software adapter)' : ''}`
    : 'no WebGPU';
  const lines = [
    `**${markdownCell(result.model.name)}** (\`${result.model.sha256.slice(0, 12)}\`), ${markdownCell(
      result.input.description,
    )} — ${env.hardwareConcurrency} cores, ${gpu}, ORT ${markdownCell(env.ortVersion)}, ${result.createdAt}${
      env.build === 'development' ? ', **development build** (not what users get)' : ''
    }`,
    '',
    '| Backend | Threads | Session | First run | Median | p90 | Mean ± sd | Throughput | n | Speedup (95% CI) | Notes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...result.backends.map((backend) => markdownRow(result, backend)),
  ];
  for (const overhead of result.overhead) {
    if (!overhead.ratio) continue;
    lines.push(
      '',
      `Overhead of the playground path (worker + comlink + tensor transfer) over a bare ORT call on ${markdownCell(
        labelForKey(overhead.backend),
      )}: ${formatRatio(overhead.ratio.ratio)} (${formatRatio(overhead.ratio.low)}–${formatRatio(overhead.ratio.high)})` +
        (overhead.floorRatio === null
          ? '.'
          : `; fastest against fastest ${formatRatio(overhead.floorRatio)}.`),
    );
  }
  for (const check of result.correctness) {
    const worst = Math.max(
      0,
      ...check.outputs.map((output) => output.maxAbsDiff ?? Number.POSITIVE_INFINITY),
    );
    lines.push(
      '',
      `${markdownCell(labelForKey(check.candidate))} vs ${markdownCell(labelForKey(check.reference))}: ${
        check.agrees ? 'outputs agree' : '**outputs disagree**'
      } (max abs diff ${worst.toExponential(1)}).`,
    );
  }
  for (const warning of result.warnings) lines.push('', `> ${markdownCell(warning)}`);
  return lines.join('\n') + '\n';
}
