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

describe('configuration variants (the WebGPU path and fp16)', () => {
  it('parse, key and label each variant where it applies', () => {
    const cases: Array<[string, string]> = [
      ['webgpu-gpu-outputs', 'WebGPU, outputs kept on the GPU'],
      ['webgpu-graph-capture', 'WebGPU, graph capture'],
      ['webgpu-fp16', 'WebGPU, fp16'],
      ['wasm-1-fp16', 'WASM 1 thread, fp16'],
    ];
    for (const [key, label] of cases) {
      const config = parseConfigKey(key, 2);
      expect(config, key).not.toBeNull();
      if (!config) continue;
      expect(configKey(config)).toBe(key);
      expect(configLabel(config)).toBe(label);
      expect(labelForKey(key)).toBe(label);
    }
    expect(parseConfigKey('webgpu-graph-capture', 2)).toEqual({
      backend: 'webgpu',
      threads: 2,
      variant: 'graph-capture',
    });
  });

  it('refuse GPU variants on WASM and unknown variants', () => {
    expect(parseConfigKey('wasm-1-gpu-outputs', 2)).toBeNull();
    expect(parseConfigKey('wasm-2-graph-capture', 2)).toBeNull();
    expect(parseConfigKey('webgpu-int8', 2)).toBeNull();
    expect(labelForKey('webgpu-int8')).toBe('webgpu-int8');
    const problems = planProblems({
      ...PLAN,
      backends: [{ backend: 'wasm', threads: 1, variant: 'graph-capture' }],
    });
    expect(problems).toEqual(['WASM 1 thread, graph capture: graph capture applies to WebGPU only.']);
  });

  it('a plain configuration and its variant are different columns', () => {
    expect(
      planProblems({
        ...PLAN,
        backends: [
          { backend: 'webgpu', threads: 2 },
          { backend: 'webgpu', threads: 2, variant: 'gpu-outputs' },
          { backend: 'webgpu', threads: 2, variant: 'fp16' },
        ],
      }),
    ).toEqual([]);
  });
});
