import { describe, expect, it } from 'vitest';
import {
  BenchArgsError,
  CI_PLAN,
  DEFAULT_OPTIONS,
  GENERATE_PLAN,
  parseBenchArgs,
  QUICK_PLAN,
  quickPlanNote,
} from '../../../scripts/bench-args.ts';

describe('npm run bench options', () => {
  it('default to the quick plan: a time budget per configuration, no profile, no overhead pairs', () => {
    expect(parseBenchArgs([])).toEqual({
      ...DEFAULT_OPTIONS,
      quick: true,
      timeBudgetMs: QUICK_PLAN.timeBudgetMs,
      maxIterations: QUICK_PLAN.maxIterations,
      warmUp: QUICK_PLAN.warmUp,
      profileRuns: 0,
      overheadPairs: 0,
    });
    // An explicit count still decides when to stop.
    expect(parseBenchArgs(['--iterations', '7'])).toMatchObject({
      quick: true,
      iterations: 7,
      timeBudgetMs: null,
    });
  });

  it('--long keeps the lab’s full plan', () => {
    expect(parseBenchArgs(['--long'])).toEqual({ ...DEFAULT_OPTIONS, long: true, quick: false });
  });

  it('--sweep takes a family and its sizes', () => {
    expect(parseBenchArgs(['--sweep', 'encoder', '--sizes', 'bert-tiny,bert-mini'])).toMatchObject({
      sweep: 'encoder',
      sizes: ['bert-tiny', 'bert-mini'],
    });
    expect(() => parseBenchArgs(['--sweep', 'lstm'])).toThrow(/--sweep needs one of encoder/);
    expect(() => parseBenchArgs(['--sizes', 'bert-huge'])).toThrow(/Unknown synthetic size bert-huge/);
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

describe('npm run bench: the closing "quick plan" note', () => {
  it('is printed after the quick plan as described, with or without flags that do not change it', () => {
    expect(quickPlanNote(parseBenchArgs([]))).toMatch(/^This was the quick plan \(2 s per configuration/);
    expect(quickPlanNote(parseBenchArgs(['--no-build', '--out', 'x.json', '--verbose']))).not.toBeNull();
    expect(quickPlanNote(parseBenchArgs([]))).toContain('WebGPU on a software adapter only for');
    // A real GPU runs every model on WebGPU: the note does not claim otherwise.
    const onGpu = quickPlanNote(parseBenchArgs(['--input', 'current', '--gpu']));
    expect(onGpu).toMatch(/^This was the quick plan \(2 s per configuration\)/);
    expect(onGpu).not.toContain('software adapter');
  });

  it('is not printed when explicit options replaced part of the plan', () => {
    for (const argv of [
      ['--backends', 'wasm-1'],
      ['--iterations', '5'],
      ['--iterations=5'],
      ['--models', 'tiny-sentiment-bert'],
      ['--model=tiny-sentiment-bert'],
      ['--time-budget', '1'],
      ['--warmup', '0'],
      ['--max-iterations', '10'],
      ['--profile-runs', '1'],
      ['--overhead-pairs', '2'],
    ]) {
      expect(quickPlanNote(parseBenchArgs(argv)), argv.join(' ')).toBeNull();
    }
  });

  it('is not printed for the CI plan, the long plan or a sweep', () => {
    expect(quickPlanNote(parseBenchArgs(['--ci']))).toBeNull();
    expect(quickPlanNote(parseBenchArgs(['--long']))).toBeNull();
    expect(quickPlanNote(parseBenchArgs(['--sweep', 'encoder']))).toBeNull();
  });
});

describe('npm run bench: synthetic models and configuration variants', () => {
  it('accepts variant keys and synthetic:<preset> models', () => {
    const options = parseBenchArgs([
      '--model',
      'synthetic:bert-tiny',
      '--backends',
      'wasm-1,webgpu-gpu-outputs,webgpu-graph-capture,webgpu-fp16,wasm-1-fp16',
    ]);
    expect(options.models).toEqual(['synthetic:bert-tiny']);
    expect(options.backends).toEqual([
      'wasm-1',
      'webgpu-gpu-outputs',
      'webgpu-graph-capture',
      'webgpu-fp16',
      'wasm-1-fp16',
    ]);
  });

  it('refuses a GPU variant on WASM, naming the variants', () => {
    expect(() => parseBenchArgs(['--backends', 'wasm-1-graph-capture'])).toThrow(BenchArgsError);
    expect(() => parseBenchArgs(['--backends', 'wasm-1-graph-capture'])).toThrow(/webgpu-graph-capture/);
  });
});

describe('npm run bench -- --generate', () => {
  it('is a mode of its own with the generation plan’s defaults', () => {
    const options = parseBenchArgs(['--generate']);
    expect(options).toMatchObject({
      generate: true,
      quick: false,
      newTokens: DEFAULT_OPTIONS.newTokens,
      repeats: DEFAULT_OPTIONS.repeats,
      layers: 30,
    });
    // Not the quick plan: its closing note would describe a run that did not happen.
    expect(quickPlanNote(options)).toBeNull();
    expect(GENERATE_PLAN.models).toEqual(['tiny-bible-gpt', 'synthetic:smollm2-135m']);
  });

  it('reads tokens, repeats and the synthetic model’s depth, with both flag spellings', () => {
    expect(parseBenchArgs(['--generate', '--tokens', '64', '--repeats=9', '--layers', '4'])).toMatchObject({
      newTokens: 64,
      repeats: 9,
      layers: 4,
    });
    // At least one of each: a zero would time nothing.
    expect(parseBenchArgs(['--generate', '--tokens', '0', '--repeats', '0'])).toMatchObject({
      newTokens: 1,
      repeats: 1,
    });
  });

  it('refuses out-of-range values, its options without --generate, and --generate with --ci or --sweep', () => {
    expect(() => parseBenchArgs(['--generate', '--tokens', '513'])).toThrow(/--tokens needs a whole number/);
    expect(() => parseBenchArgs(['--generate', '--layers', '31'])).toThrow(/--layers needs a whole number/);
    expect(() => parseBenchArgs(['--generate', '--repeats', 'many'])).toThrow(BenchArgsError);
    expect(() => parseBenchArgs(['--tokens', '8'])).toThrow(/--tokens goes with --generate/);
    expect(() => parseBenchArgs(['--generate', '--ci'])).toThrow(/not with --ci or --sweep/);
    expect(() => parseBenchArgs(['--generate', '--sweep', 'encoder'])).toThrow(/not with --ci or --sweep/);
  });

  it('leaves the CI plan without generation', () => {
    expect(parseBenchArgs(['--ci'])).toMatchObject({ generate: false, models: [...CI_PLAN.models] });
  });
});
