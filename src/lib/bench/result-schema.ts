// The JSON Schema of an exported benchmark result (version 1), and the check every export, import,
// stored record and CLI output goes through. Objects are closed (additionalProperties: false) so a typo
// or a stale field is caught, not carried along.
import { BENCH_VARIANTS } from './plan.ts';
import { validateJson, type JsonSchema, type JsonType } from './json-schema.ts';
import { BENCH_RESULT_SCHEMA_NAME, BENCH_RESULT_VERSION, type BenchResult } from './result-types.ts';

const str: JsonSchema = { type: 'string' };
const num: JsonSchema = { type: 'number' };
const nonNegative: JsonSchema = { type: 'number', minimum: 0 };
const count: JsonSchema = { type: 'integer', minimum: 0 };
const bool: JsonSchema = { type: 'boolean' };
const strings: JsonSchema = { type: 'array', items: str };
const durations: JsonSchema = { type: 'array', items: nonNegative };

function nullable(schema: JsonSchema): JsonSchema {
  if (schema.type === undefined) return { anyOf: [schema, { type: 'null' }] };
  const types: JsonType[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  return { ...schema, type: [...types, 'null'] };
}

/** A closed object whose properties are all required unless listed in optional. */
function object(properties: Record<string, JsonSchema>, optional: string[] = []): JsonSchema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    additionalProperties: false,
  };
}

const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

const errorData = object({ code: str, message: str, remedy: str, detail: str }, ['detail']);

const latencySummary = object({
  count: { type: 'integer', minimum: 1 },
  minMs: nonNegative,
  medianMs: nonNegative,
  meanMs: nonNegative,
  p25Ms: nonNegative,
  p75Ms: nonNegative,
  p90Ms: nonNegative,
  p99Ms: nonNegative,
  maxMs: nonNegative,
  stdevMs: nonNegative,
  throughputPerSecond: nullable(nonNegative),
});

const speedup = object({ ratio: nonNegative, low: nonNegative, high: nonNegative, resamples: count });

const profileSummary = object({
  source: { enum: ['ort-profiler', 'webgpu-timestamps'] },
  runs: { type: 'integer', minimum: 1 },
  kernelMsPerRun: nonNegative,
  byOpType: arrayOf(
    object({
      opType: str,
      nodes: count,
      callsPerRun: nonNegative,
      msPerRun: nonNegative,
      share: nonNegative,
    }),
  ),
  slowestNodes: arrayOf(
    object({ node: str, opType: str, provider: str, msPerRun: nonNegative, share: nonNegative }),
  ),
  providers: arrayOf(object({ provider: str, nodes: count, msPerRun: nonNegative })),
});

const backendResult = object({
  key: str,
  label: str,
  backend: { enum: ['wasm', 'webgpu'] },
  threadsRequested: { type: 'integer', minimum: 1 },
  threadsUsed: nullable({ type: 'integer', minimum: 1 }),
  status: { enum: ['ok', 'failed', 'cancelled', 'skipped'] },
  error: nullable(errorData),
  coldStart: nullable(
    object({ fetchMs: nonNegative, createSessionMs: nonNegative, firstRunMs: nonNegative }),
  ),
  warmUpMs: durations,
  samplesMs: durations,
  stoppedBy: nullable({ enum: ['count-reached', 'budget-spent', 'max-iterations', 'cancelled'] }),
  stats: nullable(latencySummary),
  profiles: arrayOf(profileSummary),
  profileNote: nullable(str),
  cpuFallbackNodes: strings,
  unreliable: strings,
});

const outputDifference = object({
  output: str,
  dims: arrayOf(count),
  elements: count,
  maxAbsDiff: nullable(nonNegative),
  maxRelDiff: nullable(nonNegative),
  mismatches: count,
  worstIndex: { type: 'integer', minimum: -1 },
  problem: nullable(str),
  agrees: bool,
});

const stopRule: JsonSchema = {
  anyOf: [
    object({ kind: { const: 'iterations' }, count: { type: 'integer', minimum: 1 } }),
    object({
      kind: { const: 'time' },
      budgetMs: nonNegative,
      maxIterations: { type: 'integer', minimum: 1 },
    }),
  ],
};

const plan = object({
  modelId: str,
  input: { enum: ['synthetic', 'current'] },
  backends: arrayOf(
    object(
      {
        backend: { enum: ['wasm', 'webgpu'] },
        threads: { type: 'integer', minimum: 1 },
        variant: { enum: [...BENCH_VARIANTS] },
      },
      ['variant'],
    ),
  ),
  protocol: object({ warmUp: count, stop: stopRule }),
  profileRuns: count,
  overheadPairs: count,
});

const webgpuEnvironment: JsonSchema = {
  anyOf: [
    object({ available: { const: false }, reason: str }),
    object({
      available: { const: true },
      vendor: str,
      architecture: str,
      description: str,
      isFallbackAdapter: bool,
      isSoftware: bool,
      features: strings,
      limits: { type: 'object', additionalProperties: num },
    }),
  ],
};

export const BENCH_RESULT_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://glassbox.dev/schemas/bench-result-v1.json',
  title: 'Glassbox benchmark result, version 1',
  ...object({
    schema: { const: BENCH_RESULT_SCHEMA_NAME },
    version: { const: BENCH_RESULT_VERSION },
    id: str,
    createdAt: str,
    durationMs: nonNegative,
    outcome: { enum: ['complete', 'cancelled', 'some-failed', 'all-failed'] },
    model: object(
      {
        id: str,
        name: str,
        task: str,
        sha256: str,
        fileBytes: count,
        inputs: arrayOf(object({ name: str, dtype: str, dims: arrayOf(count) })),
        flops: nonNegative,
      },
      ['flops'],
    ),
    input: object({ kind: { enum: ['synthetic', 'text', 'image'] }, description: str }),
    plan,
    environment: object(
      {
        runner: { enum: ['app', 'cli'] },
        userAgent: str,
        hardwareConcurrency: count,
        crossOriginIsolated: bool,
        simd: bool,
        ortVersion: str,
        timerResolutionMs: nullable(nonNegative),
        webgpu: webgpuEnvironment,
        build: { enum: ['production', 'development'] },
      },
      ['build'],
    ),
    backends: arrayOf(backendResult),
    comparisons: arrayOf(object({ baseline: str, candidate: str, speedup: nullable(speedup) })),
    correctness: arrayOf(
      object({ reference: str, candidate: str, agrees: bool, outputs: arrayOf(outputDifference) }),
    ),
    overhead: arrayOf(
      object({
        backend: str,
        pairs: count,
        bareMs: durations,
        pathMs: durations,
        bareMedianMs: nullable(nonNegative),
        pathMedianMs: nullable(nonNegative),
        ratio: nullable(speedup),
        floorRatio: nullable(nonNegative),
      }),
    ),
    warnings: strings,
  }),
};

export type BenchResultCheck = { valid: true; result: BenchResult } | { valid: false; errors: string[] };

/** Checks parsed JSON against the schema; a valid value is typed as a BenchResult. */
export function checkBenchResult(value: unknown): BenchResultCheck {
  const errors = validateJson(BENCH_RESULT_SCHEMA, value);
  return errors.length === 0 ? { valid: true, result: value as BenchResult } : { valid: false, errors };
}

/** Building blocks shared with the generation result's schema (generation-result-schema.ts). */
export const SCHEMA_PARTS = {
  str,
  num,
  nonNegative,
  count,
  bool,
  strings,
  errorData,
  webgpuEnvironment,
  nullable,
  object,
  arrayOf,
} as const;
