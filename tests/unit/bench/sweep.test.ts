import { describe, expect, it } from 'vitest';
import type { BackendConfig } from '../../../src/lib/bench/plan.ts';
import {
  configsAtSize,
  findCrossover,
  gflopsPerSecond,
  sweepSizes,
  sweepToCsv,
  sweepToMarkdown,
  type SweepPoint,
  type SweepResult,
} from '../../../src/lib/bench/sweep.ts';

const CONFIGS: BackendConfig[] = [
  { backend: 'wasm', threads: 1 },
  { backend: 'wasm', threads: 2 },
  { backend: 'webgpu', threads: 2 },
];

function point(id: string, flops: number, medians: Record<string, number | null>): SweepPoint {
  return {
    presetId: id,
    name: id,
    flops,
    fileBytes: 0,
    backends: Object.entries(medians).map(([key, medianMs]) => ({
      key,
      label: key,
      status: medianMs === null ? 'skipped' : 'ok',
      note: null,
      medianMs,
      p90Ms: medianMs,
      iterations: medianMs === null ? 0 : 5,
      gflopsPerSecond: gflopsPerSecond(flops, medianMs),
    })),
  };
}

describe('the scale sweep', () => {
  it('runs WebGPU only on the two smallest sizes of a software adapter', () => {
    expect(configsAtSize(CONFIGS, 1, true)).toHaveLength(3);
    expect(configsAtSize(CONFIGS, 2, true).map((c) => c.backend)).toEqual(['wasm', 'wasm']);
    expect(configsAtSize(CONFIGS, 5, false)).toHaveLength(3);
  });

  it('lists a family in size order, limited to the chosen sizes', () => {
    expect(sweepSizes('encoder')).toEqual([
      'bert-tiny',
      'bert-mini',
      'bert-small',
      'distilbert',
      'bert-base',
    ]);
    expect(sweepSizes('matmul', ['matmul-512', 'matmul-128'])).toEqual(['matmul-128', 'matmul-512']);
  });

  it('GFLOP/s is FLOPs over the median', () => {
    expect(gflopsPerSecond(2e9, 100)).toBe(20);
    expect(gflopsPerSecond(null, 100)).toBeNull();
    expect(gflopsPerSecond(1e9, null)).toBeNull();
  });

  it('the crossover is the first size where WebGPU beats every WASM configuration', () => {
    // The H200 figures of the shared notes, as a sweep: WebGPU ties at the small size, wins at DistilBERT.
    const points = [
      point('tiny', 35e6, { 'wasm-1': 7.8, 'wasm-16': 34.4, webgpu: 8.2 }),
      point('distilbert', 11.2e9, { 'wasm-1': 582, 'wasm-16': 79.7, webgpu: 14.9 }),
    ];
    expect(findCrossover(points, false)).toEqual({
      presetId: 'distilbert',
      flops: 11.2e9,
      text: 'WebGPU starts to win at distilbert.',
    });
    expect(findCrossover(points.slice(0, 1), true).text).toBe(
      'Not reached: WASM is faster at every size WebGPU ran (1 of 1); WebGPU here is a software adapter, not a GPU.',
    );
    expect(findCrossover([point('a', 1, { 'wasm-1': 1, webgpu: null })], false).text).toBe(
      'Not reached: WebGPU was not measured.',
    );
  });

  it('exports one CSV row per size and configuration, and a Markdown table', () => {
    const result: SweepResult = {
      schema: 'glassbox-sweep-result',
      version: 1,
      id: 's',
      createdAt: '2026-11-28T00:00:00Z',
      durationMs: 1,
      family: 'matmul',
      note: 'random weights — for speed, not answers',
      configs: [
        { key: 'wasm-1', label: 'WASM 1 thread' },
        { key: 'webgpu', label: 'WebGPU' },
      ],
      points: [point('matmul-128', 4_194_304, { 'wasm-1': 2, webgpu: null })],
      crossover: { presetId: null, flops: null, text: 'Not reached: WebGPU was not measured.' },
      environment: null,
      warnings: [],
    };
    expect(sweepToCsv(result).trim().split('\n')).toEqual([
      'family,size,flops,config,status,median_ms,p90_ms,iterations,gflops_per_s,note',
      'matmul,matmul-128,4194304,wasm-1,ok,2,2,5,2.097152,',
      'matmul,matmul-128,4194304,webgpu,skipped,,,0,,',
    ]);
    expect(sweepToMarkdown(result)).toContain('| matmul-128 | 0.004 | 2.00 · 2.10 | skipped |');
  });
});
