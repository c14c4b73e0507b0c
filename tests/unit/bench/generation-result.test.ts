// The lab's generation result: plan checks, the software adapter's smaller budget and the lab's own
// warning, token agreement over the shortest generation, and a result that validates against its schema
// (and one with a stale field or a wrong type that does not).
import { describe, expect, it } from 'vitest';
import {
  assembleGenerationResult,
  configurationBudget,
  generationMarkdown,
  generationPlanProblems,
  SOFTWARE_ADAPTER_GENERATION,
  tokenAgreement,
  type GenerationConfigRun,
  type GenerationEnvironment,
  type GenerationPlan,
} from '../../../src/lib/bench/generation-result.ts';
import { checkGenerationResult } from '../../../src/lib/bench/generation-result-schema.ts';
import { softwareAdapterWarning } from '../../../src/lib/bench/assemble.ts';
import type { BackendConfig } from '../../../src/lib/bench/plan.ts';
import { ENVIRONMENT } from './result-fixture.ts';

const WASM1: BackendConfig = { backend: 'wasm', threads: 1 };
const WASM2: BackendConfig = { backend: 'wasm', threads: 2 };
const WEBGPU: BackendConfig = { backend: 'webgpu', threads: 2 };

const PLAN: GenerationPlan = {
  modelId: 'tiny-bible-gpt',
  prompt: 'In the beginning God created',
  maxNewTokens: 16,
  repeats: 3,
  backends: [WASM1, WASM2, WEBGPU],
};

const SOFTWARE_ENV: GenerationEnvironment = {
  runner: ENVIRONMENT.runner,
  userAgent: ENVIRONMENT.userAgent,
  hardwareConcurrency: ENVIRONMENT.hardwareConcurrency,
  crossOriginIsolated: ENVIRONMENT.crossOriginIsolated,
  webgpu: ENVIRONMENT.webgpu,
};
const NO_GPU_ENV: GenerationEnvironment = {
  ...SOFTWARE_ENV,
  webgpu: { available: false, reason: 'No WebGPU.' },
};

function record(
  config: BackendConfig,
  ids: number[],
  overrides: Partial<GenerationConfigRun> = {},
): GenerationConfigRun {
  const runs = [40, 50, 45].map((decode, i) => ({
    firstTokenMs: 5 + i,
    prefillTokensPerSecond: 900 + i,
    decodeTokensPerSecond: decode,
    promptTokens: 6,
    generatedTokens: ids.length,
    cacheBytes: 4 * 2 * 4 * 22 * 32 * 4,
  }));
  return {
    config,
    status: 'ok',
    error: null,
    maxNewTokens: 16,
    repeatsPlanned: 3,
    threadsUsed: config.backend === 'wasm' ? config.threads : null,
    loadMs: 300,
    weightsBytes: 6_500_000,
    layers: 4,
    runs,
    lastIds: ids,
    lastText: ' the heaven and the earth',
    ...overrides,
  };
}

function assemble(runs: GenerationConfigRun[], environment = SOFTWARE_ENV, cancelled = false) {
  return assembleGenerationResult({
    id: 'generate-1',
    createdAt: '2026-12-07T15:00:00.000Z',
    durationMs: 1234,
    model: { id: 'tiny-bible-gpt', name: 'Tiny Bible GPT (demo)' },
    plan: PLAN,
    environment,
    runs,
    cancelled,
  });
}

describe('generation plan', () => {
  it('accepts the default plan and names every problem of a bad one', () => {
    expect(generationPlanProblems(PLAN)).toEqual([]);
    const problems = generationPlanProblems({
      ...PLAN,
      prompt: '  ',
      maxNewTokens: 1,
      repeats: 0,
      backends: [],
    });
    expect(problems).toHaveLength(4);
    expect(problems.join(' ')).toMatch(/prompt.*New tokens.*Timed generations.*backend/s);
    expect(generationPlanProblems({ ...PLAN, backends: [{ ...WEBGPU, variant: 'fp16' }] })).toEqual([
      expect.stringMatching(/plain configurations/),
    ]);
  });

  it('gives WebGPU on a software adapter few tokens and repeats, and nothing else less', () => {
    expect(configurationBudget(PLAN, WEBGPU, true)).toEqual({
      maxNewTokens: SOFTWARE_ADAPTER_GENERATION.maxNewTokens,
      repeats: SOFTWARE_ADAPTER_GENERATION.repeats,
    });
    expect(configurationBudget(PLAN, WEBGPU, false)).toEqual({ maxNewTokens: 16, repeats: 3 });
    expect(configurationBudget(PLAN, WASM2, true)).toEqual({ maxNewTokens: 16, repeats: 3 });
  });
});

describe('token agreement', () => {
  it('compares over the shortest generation and names the first configuration that differs', () => {
    expect(tokenAgreement([{ key: 'wasm-1', ids: [1, 2, 3, 4] }])).toBeNull();
    expect(
      tokenAgreement([
        { key: 'wasm-1', ids: [1, 2, 3, 4] },
        { key: 'webgpu', ids: [1, 2] },
      ]),
    ).toEqual({ comparedTokens: 2, differs: null });
    expect(
      tokenAgreement([
        { key: 'wasm-1', ids: [1, 2, 3, 4] },
        { key: 'wasm-2', ids: [1, 2, 3, 4] },
        { key: 'webgpu', ids: [] },
        { key: 'wasm-4', ids: [1, 2, 9, 4] },
      ]),
    ).toEqual({ comparedTokens: 4, differs: { reference: 'wasm-1', candidate: 'wasm-4', position: 2 } });
  });
});

describe('assembled result', () => {
  it('summarizes each configuration, says the lab’s software-adapter warning and validates', () => {
    const result = assemble([
      record(WASM1, [5, 6, 7, 8]),
      record(WASM2, [5, 6, 7, 8]),
      record(WEBGPU, [5, 6], { maxNewTokens: 8, repeatsPlanned: 2 }),
    ]);
    expect(result.outcome).toBe('complete');
    expect(result.model).toEqual({
      id: 'tiny-bible-gpt',
      name: 'Tiny Bible GPT (demo)',
      layers: 4,
      weightsBytes: 6_500_000,
    });
    expect(result.promptTokens).toBe(6);
    const [first] = result.configurations;
    expect(first?.key).toBe('wasm-1');
    expect(first?.label).toBe('WASM 1 thread');
    expect(first?.summary.decodeTokensPerSecond).toMatchObject({ count: 3, median: 45, min: 40, max: 50 });
    expect(first?.summary.firstTokenMs?.median).toBe(6);
    expect(result.agreement).toEqual({ comparedTokens: 2, differs: null });
    expect(result.warnings).toEqual([softwareAdapterWarning(SOFTWARE_ENV.webgpu)]);
    expect(result.warnings[0]).toMatch(/software adapter \(google swiftshader\)/);
    const check = checkGenerationResult(JSON.parse(JSON.stringify(result)));
    expect(check.valid ? [] : check.errors).toEqual([]);
  });

  it('says no software warning without WebGPU, and flags a failure, fewer threads and other tokens', () => {
    const failed = record(WEBGPU, [], {
      status: 'failed',
      error: { code: 'webgpu-unavailable', message: 'No adapter.', remedy: 'Use WASM.' },
      runs: [],
      threadsUsed: null,
    });
    const result = assemble(
      [record(WASM1, [5, 6, 7]), record(WASM2, [5, 6, 9], { threadsUsed: 1 }), failed],
      NO_GPU_ENV,
    );
    expect(result.outcome).toBe('some-failed');
    expect(result.warnings).toEqual([
      'WASM 2 threads ran with 1 thread(s).',
      'WebGPU failed: No adapter.',
      'WASM 2 threads made other tokens than WASM 1 thread from generated token 3.',
    ]);
    expect(checkGenerationResult(result).valid).toBe(true);
    expect(generationMarkdown(result)).toMatch(/\| WebGPU \(failed\) \| — \|/);
  });

  it('is refused by the schema with a stale field or a wrong type', () => {
    const result = assemble([record(WASM1, [1, 2])]);
    const stale = { ...result, tokensPerSecond: 3 };
    const check = checkGenerationResult(stale);
    expect(check.valid).toBe(false);
    const wrong = JSON.parse(JSON.stringify(result)) as {
      configurations: Array<{ runs: Array<{ cacheBytes: unknown }> }>;
    };
    (wrong.configurations[0] as { runs: Array<{ cacheBytes: unknown }> }).runs[0]!.cacheBytes = '12 KB';
    expect(checkGenerationResult(wrong).valid).toBe(false);
  });

  it('keeps a cancelled run’s finished generations', () => {
    const result = assemble(
      [record(WASM1, [1, 2]), record(WASM2, [], { status: 'skipped', runs: [], loadMs: null })],
      NO_GPU_ENV,
      true,
    );
    expect(result.outcome).toBe('cancelled');
    expect(result.warnings[0]).toMatch(/^Cancelled/);
    expect(result.configurations[0]?.runs).toHaveLength(3);
    expect(checkGenerationResult(result).valid).toBe(true);
  });
});
