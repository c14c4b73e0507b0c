import { describe, expect, it } from 'vitest';
import {
  configKey,
  labelForKey,
  configLabel,
  defaultBackendConfigs,
  parseConfigKey,
  planProblems,
  threadChoices,
  type BenchPlan,
} from '../../../src/lib/bench/plan.ts';

const PLAN: BenchPlan = {
  modelId: 'm',
  input: 'synthetic',
  backends: [
    { backend: 'wasm', threads: 1 },
    { backend: 'webgpu', threads: 2 },
  ],
  protocol: { warmUp: 2, stop: { kind: 'iterations', count: 10 } },
  profileRuns: 2,
  overheadPairs: 10,
};

describe('benchmark plans', () => {
  it('accept a sensible plan', () => {
    expect(planProblems(PLAN)).toEqual([]);
  });

  it('refuse zero iterations with a message that says what to do', () => {
    const plan = { ...PLAN, protocol: { warmUp: 0, stop: { kind: 'iterations' as const, count: 0 } } };
    expect(planProblems(plan)).toEqual([
      'Zero iterations measure nothing: ask for at least 1 timed iteration.',
    ]);
  });

  it('refuse no backend, duplicates, bad counts and budgets', () => {
    expect(planProblems({ ...PLAN, backends: [] })).toEqual(['Choose at least one backend to measure.']);
    expect(planProblems({ ...PLAN, backends: [PLAN.backends[0]!, PLAN.backends[0]!] })).toEqual([
      'A backend configuration is listed twice.',
    ]);
    expect(
      planProblems({ ...PLAN, protocol: { warmUp: -1, stop: { kind: 'iterations', count: 1.5 } } }),
    ).toHaveLength(2);
    expect(
      planProblems({
        ...PLAN,
        protocol: { warmUp: 0, stop: { kind: 'time', budgetMs: 0, maxIterations: 0 } },
      }),
    ).toHaveLength(2);
    expect(planProblems({ ...PLAN, backends: [{ backend: 'wasm', threads: 0 }] })).toHaveLength(1);
  });

  it('label and key configurations', () => {
    expect(configLabel({ backend: 'wasm', threads: 1 })).toBe('WASM 1 thread');
    expect(configLabel({ backend: 'wasm', threads: 4 })).toBe('WASM 4 threads');
    expect(configKey({ backend: 'wasm', threads: 4 })).toBe('wasm-4');
    expect(configKey({ backend: 'webgpu', threads: 4 })).toBe('webgpu');
    expect(labelForKey('wasm-1')).toBe('WASM 1 thread');
    expect(labelForKey('wasm-2')).toBe('WASM 2 threads');
    expect(labelForKey('webgpu')).toBe('WebGPU');
    expect(labelForKey('cuda')).toBe('cuda');
  });

  it('default to WASM 1 thread, WASM on every core up to 4, and WebGPU when there is one', () => {
    expect(defaultBackendConfigs(2, true).map(configKey)).toEqual(['wasm-1', 'wasm-2', 'webgpu']);
    expect(defaultBackendConfigs(16, false).map(configKey)).toEqual(['wasm-1', 'wasm-4']);
    expect(defaultBackendConfigs(1, false).map(configKey)).toEqual(['wasm-1']);
  });
});

describe('configuration keys and thread choices', () => {
  it('parse wasm-N and webgpu, and nothing else', () => {
    expect(parseConfigKey('wasm-2', 4)).toEqual({ backend: 'wasm', threads: 2 });
    expect(parseConfigKey(' WebGPU ', 4)).toEqual({ backend: 'webgpu', threads: 4 });
    expect(parseConfigKey('wasm', 4)).toBeNull();
    expect(parseConfigKey('webgl', 4)).toBeNull();
  });

  it('offer powers of two up to the cores, and the core count', () => {
    expect(threadChoices(2)).toEqual([1, 2]);
    expect(threadChoices(6)).toEqual([1, 2, 4, 6]);
    expect(threadChoices(1)).toEqual([1]);
  });
});
