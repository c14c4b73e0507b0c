// What the Benchmark lab's history holds: single-run benchmark results and language-model generation
// results, side by side in one store. A stored record is told apart by its `schema` field and checked
// against that kind's schema when read back: a record from an older version, a hand-edited one or a
// damaged one is not an entry (the history skips and counts it), never a half-read result.
import { checkGenerationResult } from './generation-result-schema.ts';
import { GENERATION_RESULT_SCHEMA_NAME, type GenerationBenchResult } from './generation-result.ts';
import { checkBenchResult } from './result-schema.ts';
import type { BenchResult } from './result-types.ts';

export type HistoryEntry =
  { kind: 'bench'; result: BenchResult } | { kind: 'generation'; result: GenerationBenchResult };

/** A result as the history keeps it. */
export type HistoryResult = BenchResult | GenerationBenchResult;

/** A stored record as an entry, or null when it fails its kind's schema. */
export function readHistoryRecord(record: unknown): HistoryEntry | null {
  const schema =
    typeof record === 'object' && record !== null ? (record as { schema?: unknown }).schema : undefined;
  if (schema === GENERATION_RESULT_SCHEMA_NAME) {
    const check = checkGenerationResult(record);
    return check.valid ? { kind: 'generation', result: check.result } : null;
  }
  // Anything else was stored as a single-run result (the only kind before generation results were kept).
  const check = checkBenchResult(record);
  return check.valid ? { kind: 'bench', result: check.result } : null;
}

/** Newest first (ISO timestamps sort as text). */
export function newestFirst(entries: HistoryEntry[]): HistoryEntry[] {
  return entries.sort((a, b) => b.result.createdAt.localeCompare(a.result.createdAt));
}

/**
 * The configurations of a generation result in few words: "WASM 1, 2 threads, WebGPU" (thread counts of
 * WASM grouped, as the lab offers them).
 */
function generationConfigs(result: GenerationBenchResult): string {
  const threads = result.configurations
    .filter((config) => config.backend === 'wasm')
    .map((config) => config.threadsRequested);
  const words: string[] = [];
  if (threads.length > 0)
    words.push(`WASM ${threads.join(', ')} thread${threads.length === 1 && threads[0] === 1 ? '' : 's'}`);
  if (result.configurations.some((config) => config.backend === 'webgpu')) words.push('WebGPU');
  return words.join(', ') || 'no configuration';
}

/** One line saying what an entry is: "tiny-bible-gpt · generation · WASM 1, 2 threads · 12 tokens". */
export function historySummary(entry: HistoryEntry): string {
  if (entry.kind === 'bench') {
    const { result } = entry;
    const configs = result.backends.map((backend) => backend.label).join(', ');
    return `${result.model.name} — ${configs} — ${result.outcome}`;
  }
  const { result } = entry;
  const tokens = `${result.plan.maxNewTokens} token${result.plan.maxNewTokens === 1 ? '' : 's'}`;
  const parts = [result.model.id, 'generation', generationConfigs(result), tokens];
  if (result.outcome !== 'complete') parts.push(result.outcome);
  return parts.join(' · ');
}
