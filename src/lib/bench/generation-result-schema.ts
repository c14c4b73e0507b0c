// The JSON Schema of the Benchmark lab's generation result (version 1) and the check every export goes
// through. Closed objects, as the single-run result's schema: a typo or a stale field is caught.
import { validateJson, type JsonSchema } from './json-schema.ts';
import {
  GENERATION_RESULT_SCHEMA_NAME,
  GENERATION_RESULT_VERSION,
  type GenerationBenchResult,
} from './generation-result.ts';
import { SCHEMA_PARTS } from './result-schema.ts';

const { str, nonNegative, count, bool, errorData, webgpuEnvironment, nullable, object, arrayOf } =
  SCHEMA_PARTS;

const ids = arrayOf(count);

const spread = nullable(
  object({
    count: { type: 'integer', minimum: 1 },
    median: nonNegative,
    min: nonNegative,
    max: nonNegative,
    iqr: nonNegative,
  }),
);

const run = object({
  firstTokenMs: nonNegative,
  prefillTokensPerSecond: nullable(nonNegative),
  decodeTokensPerSecond: nullable(nonNegative),
  promptTokens: count,
  generatedTokens: count,
  cacheBytes: count,
});

const backendConfig = object(
  {
    backend: { enum: ['wasm', 'webgpu'] },
    threads: { type: 'integer', minimum: 1 },
    variant: str,
  },
  ['variant'],
);

const configuration = object({
  key: str,
  label: str,
  backend: { enum: ['wasm', 'webgpu'] },
  threadsRequested: { type: 'integer', minimum: 1 },
  threadsUsed: nullable({ type: 'integer', minimum: 1 }),
  status: { enum: ['ok', 'failed', 'cancelled', 'skipped'] },
  error: nullable(errorData),
  maxNewTokens: { type: 'integer', minimum: 1 },
  repeatsPlanned: count,
  loadMs: nullable(nonNegative),
  weightsBytes: nullable(count),
  layers: nullable(count),
  runs: arrayOf(run),
  summary: object({ firstTokenMs: spread, prefillTokensPerSecond: spread, decodeTokensPerSecond: spread }),
  ids,
  lastText: str,
});

export const GENERATION_RESULT_SCHEMA: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://glassbox.dev/schemas/generation-bench-result-v1.json',
  title: 'Glassbox generation benchmark result, version 1',
  ...object({
    schema: { const: GENERATION_RESULT_SCHEMA_NAME },
    version: { const: GENERATION_RESULT_VERSION },
    id: str,
    createdAt: str,
    durationMs: nonNegative,
    outcome: { enum: ['complete', 'cancelled', 'some-failed', 'all-failed'] },
    model: object({ id: str, name: str, layers: nullable(count), weightsBytes: nullable(count) }),
    plan: object({
      modelId: str,
      prompt: str,
      maxNewTokens: { type: 'integer', minimum: 1 },
      repeats: { type: 'integer', minimum: 1 },
      backends: arrayOf(backendConfig),
    }),
    promptTokens: nullable(count),
    environment: object(
      {
        runner: { enum: ['app', 'cli'] },
        userAgent: str,
        hardwareConcurrency: count,
        crossOriginIsolated: bool,
        webgpu: webgpuEnvironment,
        build: { enum: ['production', 'development'] },
      },
      ['build'],
    ),
    configurations: arrayOf(configuration),
    agreement: nullable(
      object({
        comparedTokens: count,
        differs: nullable(object({ reference: str, candidate: str, position: count })),
      }),
    ),
    warnings: arrayOf(str),
  }),
};

export type GenerationResultCheck =
  { valid: true; result: GenerationBenchResult } | { valid: false; errors: string[] };

/** Checks parsed JSON against the schema; a valid value is typed as a GenerationBenchResult. */
export function checkGenerationResult(value: unknown): GenerationResultCheck {
  const errors = validateJson(GENERATION_RESULT_SCHEMA, value);
  return errors.length === 0
    ? { valid: true, result: value as GenerationBenchResult }
    : { valid: false, errors };
}
