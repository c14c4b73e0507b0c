import { describe, expect, it } from 'vitest';
import {
  compareToBaseline,
  outcomeOf,
  runWarnings,
  skippedRun,
  toBackendResult,
} from '../../../src/lib/bench/assemble.ts';
import { backendRun, ENVIRONMENT } from './result-fixture.ts';

describe('assembling a result', () => {
  const wasm = toBackendResult(
    backendRun({ config: { backend: 'wasm', threads: 1 }, samplesMs: [10, 10] }),
    ENVIRONMENT,
  );
  const webgpu = toBackendResult(
    backendRun({ config: { backend: 'webgpu', threads: 1 }, samplesMs: [40, 40] }),
    ENVIRONMENT,
  );

  it('computes statistics and flags the software adapter on the WebGPU row only', () => {
    expect(wasm.stats?.medianMs).toBe(10);
    expect(wasm.unreliable).toEqual([]);
    expect(webgpu.unreliable[0]).toMatch(/Software WebGPU adapter/);
  });

  it('compares every configuration with the first that has samples', () => {
    const failed = toBackendResult(
      backendRun({
        config: { backend: 'wasm', threads: 2 },
        status: 'failed',
        samplesMs: [],
        coldStart: null,
      }),
      ENVIRONMENT,
    );
    const comparisons = compareToBaseline([failed, wasm, webgpu]);
    expect(comparisons.map((c) => [c.baseline, c.candidate, c.speedup?.ratio ?? null])).toEqual([
      ['wasm-1', 'wasm-2', null],
      ['wasm-1', 'webgpu', 0.25],
    ]);
  });

  it('keeps skipped configurations out of comparisons and names the outcome', () => {
    const skipped = toBackendResult(skippedRun({ backend: 'webgpu', threads: 1 }), ENVIRONMENT);
    expect(skipped).toMatchObject({ status: 'skipped', stats: null, unreliable: [] });
    expect(compareToBaseline([wasm, skipped])).toEqual([]);
    expect(outcomeOf([wasm, skipped], true)).toBe('cancelled');
    expect(outcomeOf([wasm], false)).toBe('complete');
    expect(outcomeOf([wasm, { ...webgpu, status: 'failed' }], false)).toBe('some-failed');
    expect(outcomeOf([{ ...webgpu, status: 'failed' }], false)).toBe('all-failed');
  });

  it('raises run warnings a reader must see', () => {
    const warnings = runWarnings(
      [wasm, webgpu],
      [{ reference: 'wasm-1', candidate: 'webgpu', agrees: false, outputs: [] }],
      ENVIRONMENT,
      true,
    );
    expect(warnings[0]).toMatch(/^Cancelled/);
    expect(warnings[1]).toMatch(/software adapter \(google swiftshader\)/);
    expect(warnings[2]).toBe('webgpu disagrees with wasm-1 beyond tolerance.');
  });
});
