// One participant's exported result, checked before it joins the class board: size first (from the
// file's metadata, before a byte is read), then JSON, then the lab's own result schema. Every refusal
// is one sentence naming the file, so a teacher with 30 files can tell the participant what to fix.
import { formatBytes } from '../format.ts';
import { checkBenchResult } from './result-schema.ts';
import { BENCH_RESULT_SCHEMA_NAME, BENCH_RESULT_VERSION, type BenchResult } from './result-types.ts';
import { GENERATION_RESULT_SCHEMA_NAME } from './generation-result.ts';

/**
 * Largest result file the board reads. A lab export is 10–200 KB (1,000 timed runs on four
 * configurations is about 150 KB); 5 MB leaves room for long runs and stops a wrong file (a model, a
 * video) from being read into memory at all.
 */
export const MAX_BOARD_FILE_BYTES = 5 * 1024 * 1024;
/** Most files one board holds: a class, with room to spare; more is a wrong folder, not a class. */
export const MAX_BOARD_FILES = 200;

export type BoardFileCheck =
  { ok: true; name: string; result: BenchResult } | { ok: false; name: string; reason: string };

/** The size check alone: done on the page before the file is handed to the worker. */
export function sizeProblem(name: string, bytes: number): BoardFileCheck | null {
  if (bytes > MAX_BOARD_FILE_BYTES) {
    return {
      ok: false,
      name,
      reason: `${name} is ${formatBytes(bytes)}, over the ${formatBytes(MAX_BOARD_FILE_BYTES)} limit for a result file, so it was not read.`,
    };
  }
  if (bytes === 0) return { ok: false, name, reason: `${name} is empty.` };
  return null;
}

function refuse(name: string, reason: string): BoardFileCheck {
  return { ok: false, name, reason: `${name} ${reason}` };
}

/** The first schema problem in words, and how many more there are. */
function schemaReason(errors: string[]): string {
  // The path can hold a property name from the file: cut it short so one sentence stays one line or two.
  const raw = errors[0] ?? 'unknown problem';
  const first = raw.length > 160 ? `${raw.slice(0, 159)}…` : raw;
  const more =
    errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  return `does not match the lab’s result format: ${first}${more}.`;
}

/** Checks a file's text: JSON, a Glassbox result, this version, and the full schema. */
export function checkBoardFile(name: string, bytes: number, text: string): BoardFileCheck {
  const tooBig = sizeProblem(name, bytes);
  if (tooBig) return tooBig;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return refuse(name, `is not JSON (${why}).`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse(name, 'is JSON but not a benchmark result (it is not an object).');
  }
  const record = value as Record<string, unknown>;
  if (record.schema === GENERATION_RESULT_SCHEMA_NAME) {
    return refuse(
      name,
      'is a text-generation result; the board compares the lab’s single-run results (tokens per second are not latencies).',
    );
  }
  if (record.schema !== BENCH_RESULT_SCHEMA_NAME) {
    return refuse(
      name,
      `is not a Glassbox benchmark result: it lacks "schema": "${BENCH_RESULT_SCHEMA_NAME}" (export it with the lab’s JSON button).`,
    );
  }
  if (record.version !== BENCH_RESULT_VERSION) {
    return refuse(
      name,
      `is a version ${JSON.stringify(record.version)} result; this board reads version ${BENCH_RESULT_VERSION}.`,
    );
  }
  const check = checkBenchResult(value);
  return check.valid ? { ok: true, name, result: check.result } : refuse(name, schemaReason(check.errors));
}
