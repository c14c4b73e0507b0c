// Sentences about a captured run for the page: what was captured within the budget, how the backends
// compare, where the time goes. Pure, so the wording is tested once and every view says the same.
import { formatBytes, formatCount, formatMs } from '../format.ts';
import { BACKEND_LABELS, type Backend } from '../runtime/backend.ts';
import type { BackendComparison, CaptureResult, NodeTiming } from './capture-types.ts';
import { ranOnCpuFallback } from './run-overlay.ts';

/** Compact numbers for differences and statistics: 3 significant digits, exponents for tiny ones. */
export function formatDiff(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs < 1e-3 || abs >= 1e5 ? value.toExponential(2) : String(Number(value.toPrecision(3)));
}

/** "245 values captured, 3 skipped · 12.3 MB kept of a 256 MB budget" (+ "in 4 chunks" when split). */
export function captureFacts(capture: CaptureResult): string {
  const skipped = capture.skipped.length > 0 ? `, ${formatCount(capture.skipped.length)} skipped` : '';
  const chunks =
    capture.chunks > 1
      ? ` The run did not fit the budget at once, so it was captured block by block in ${capture.chunks} runs.`
      : '';
  return (
    `${formatCount(capture.values.length)} value${capture.values.length === 1 ? '' : 's'} captured${skipped} · ${formatBytes(capture.keptBytes)} kept ` +
    `of a ${formatBytes(capture.budgetBytes)} budget (${formatBytes(capture.totalBytes)} in all).${chunks}`
  );
}

/** What the comparison found: the first divergent node with its numbers, or that the backends agree. */
export function comparisonSentence(comparison: BackendComparison): string {
  const { atol, rtol } = comparison.tolerance;
  const tolerance = `|a − b| ≤ ${formatDiff(atol)} + ${formatDiff(rtol)}·|a|`;
  const other = BACKEND_LABELS[comparison.other.backend];
  const reference = BACKEND_LABELS[comparison.reference.backend];
  const divergent = comparison.values.filter((value) => value.divergent).length;
  const first = comparison.firstDivergent;
  if (!first) {
    const largest = comparison.values.reduce(
      (max, value) => (Number.isFinite(value.maxAbsDiff) ? Math.max(max, value.maxAbsDiff) : max),
      0,
    );
    return (
      `${reference} and ${other} agree within the tolerance (${tolerance}) on all ` +
      `${formatCount(comparison.values.length)} compared values; the largest difference is ${formatDiff(largest)}.`
    );
  }
  const where = first.producer === '' ? `the node producing ${first.name}` : first.producer;
  const note = first.note ? ` (${first.note})` : '';
  return (
    `${reference} and ${other} first disagree at ${where}: value ${first.name}, max abs diff ` +
    `${formatDiff(first.maxAbsDiff)}, max rel diff ${formatDiff(first.maxRelDiff)}${note}, beyond the tolerance ` +
    `(${tolerance}). ${formatCount(divergent)} of ${formatCount(comparison.values.length)} values diverge.`
  );
}

/**
 * "12.4 ms in 58 kernels on WASM (CPU); slowest: /conv/Conv (3.1 ms)" plus CPU fallbacks on WebGPU. Kernels,
 * not nodes: ORT runs its optimised graph, where one fused kernel stands for several of the file's nodes.
 */
export function timingSentence(nodes: readonly NodeTiming[], backend: Backend): string {
  if (nodes.length === 0) return `The profiler reported no node times on ${BACKEND_LABELS[backend]}.`;
  const total = nodes.reduce((sum, node) => sum + (Number.isFinite(node.ms) ? node.ms : 0), 0);
  const slowest = nodes.reduce((best, node) => (node.ms > best.ms ? node : best));
  const fallbacks = nodes.filter((node) => ranOnCpuFallback(node, backend)).length;
  const fallbackText =
    fallbacks > 0
      ? ` ${formatCount(fallbacks)} node${fallbacks === 1 ? '' : 's'} ran on a CPU fallback (marked CPU).`
      : '';
  const runs = nodes[0]?.runs;
  const basis = runs
    ? ` (each kernel’s median of ${formatCount(runs)} profiled run${runs === 1 ? '' : 's'})`
    : '';
  return (
    `${formatMs(total)} in ${formatCount(nodes.length)} kernel${nodes.length === 1 ? '' : 's'} on ${BACKEND_LABELS[backend]}${basis}; slowest: ` +
    `${slowest.node || slowest.opType} (${formatMs(slowest.ms)}).${fallbackText}`
  );
}
