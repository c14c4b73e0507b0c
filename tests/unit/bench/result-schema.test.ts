import { describe, expect, it } from 'vitest';
import { validateJson } from '../../../src/lib/bench/json-schema.ts';
import { BENCH_RESULT_SCHEMA, checkBenchResult } from '../../../src/lib/bench/result-schema.ts';
import { sampleResult } from './result-fixture.ts';

function roundTrip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

describe('the result schema', () => {
  it('accepts a complete result after a JSON round trip', () => {
    const check = checkBenchResult(roundTrip(sampleResult()));
    expect(check.valid ? [] : check.errors).toEqual([]);
  });

  it('names the path of a missing, misspelled or mistyped field', () => {
    const result = roundTrip(sampleResult()) as Record<string, unknown> & {
      backends: Array<Record<string, unknown>>;
    };
    delete result.environment;
    result.extra = 1;
    (result.backends[0] as Record<string, unknown>).status = 'fine';
    (result.backends[1] as Record<string, unknown>).samplesMs = [1, -2];
    const check = checkBenchResult(result);
    expect(check.valid).toBe(false);
    expect(check.valid ? [] : check.errors).toEqual([
      '$: missing environment',
      '$.backends[0].status: must be one of "ok", "failed", "cancelled", "skipped"',
      '$.backends[1].samplesMs[1]: below 0',
      '$: unexpected property extra',
    ]);
  });

  it('rejects another schema or version, and non-finite numbers', () => {
    expect(checkBenchResult({ ...sampleResult(), version: 2 }).valid).toBe(false);
    expect(checkBenchResult({ ...sampleResult(), schema: 'other' }).valid).toBe(false);
    expect(checkBenchResult({ ...sampleResult(), durationMs: Number.NaN }).valid).toBe(false);
    expect(checkBenchResult(null).valid).toBe(false);
  });

  it('accepts either form of the WebGPU environment, and nothing else', () => {
    const result = sampleResult();
    const without = {
      ...result,
      environment: { ...result.environment, webgpu: { available: false, reason: 'no' } },
    };
    expect(checkBenchResult(roundTrip(without)).valid).toBe(true);
    const broken = { ...result, environment: { ...result.environment, webgpu: { available: true } } };
    expect(checkBenchResult(roundTrip(broken)).valid).toBe(false);
  });
});

describe('the JSON Schema subset validator', () => {
  it('checks integers, nullable types, const and nested items', () => {
    const schema = { type: 'array' as const, items: { type: ['integer' as const, 'null' as const] } };
    expect(validateJson(schema, [1, null, 2])).toEqual([]);
    expect(validateJson(schema, [1.5])).toEqual(['$[0]: expected integer or null, got number']);
    expect(validateJson({ const: 'a' }, 'b')).toEqual(['$: must be "a"']);
    expect(validateJson(BENCH_RESULT_SCHEMA, 'text')).toEqual(['$: expected object, got string']);
  });
});

describe('configuration variants in the result schema', () => {
  it('accepts a plan whose configurations carry a known variant, and refuses an unknown one', () => {
    const result = sampleResult();
    result.plan.backends = [
      { backend: 'wasm', threads: 1 },
      { backend: 'webgpu', threads: 2, variant: 'graph-capture' },
      { backend: 'wasm', threads: 1, variant: 'fp16' },
    ];
    const check = checkBenchResult(roundTrip(result));
    expect(check.valid ? [] : check.errors).toEqual([]);
    const bad = roundTrip(result) as { plan: { backends: Array<{ variant?: string }> } };
    const second = bad.plan.backends[1];
    if (second) second.variant = 'int4';
    expect(checkBenchResult(bad).valid).toBe(false);
  });
});
