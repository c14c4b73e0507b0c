import { describe, expect, it } from 'vitest';
import { BenchArgsError, CI_PLAN, DEFAULT_OPTIONS, parseBenchArgs } from '../../../scripts/bench-args.ts';

describe('npm run bench options', () => {
  it('default to the lab’s plan', () => {
    expect(parseBenchArgs([])).toEqual(DEFAULT_OPTIONS);
  });

  it('read lists, counts and both flag spellings', () => {
    const options = parseBenchArgs([
      '--model=shapes-yolov8,nanodet-coco',
      '--backends',
      'WASM-1,webgpu',
      '--iterations',
      '50',
      '--warmup=0',
      '--time-budget',
      '2.5',
      '--browser-arg',
      '--use-angle=vulkan',
      '--gpu',
      '--no-build',
    ]);
    expect(options).toMatchObject({
      models: ['shapes-yolov8', 'nanodet-coco'],
      backends: ['wasm-1', 'webgpu'],
      iterations: 50,
      warmUp: 0,
      timeBudgetMs: 2500,
      browserArgs: ['--use-angle=vulkan'],
      gpu: true,
      build: false,
    });
  });

  it('fill in the CI plan, letting explicit options win', () => {
    const options = parseBenchArgs(['--ci', '--iterations', '5']);
    expect(options).toMatchObject({
      ci: true,
      models: [...CI_PLAN.models],
      backends: [...CI_PLAN.backends],
      iterations: 5,
    });
    expect(options.overheadPairs).toBe(CI_PLAN.overheadPairs);
  });

  it('refuse unknown options, backends and bad numbers with a message', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(BenchArgsError);
    expect(() => parseBenchArgs(['--backends', 'webgl'])).toThrow(/Unknown backend webgl/);
    expect(() => parseBenchArgs(['--iterations', '-3'])).toThrow(/whole number/);
    expect(() => parseBenchArgs(['--iterations'])).toThrow(/got nothing/);
    expect(() => parseBenchArgs(['--time-budget', '0'])).toThrow(/--time-budget/);
    expect(() => parseBenchArgs(['--browser-arg', 'vulkan'])).toThrow(/Chromium flag/);
  });
});
