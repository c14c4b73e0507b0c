// Command-line options of `npm run bench`, parsed without dependencies; pure so the rules are tested.
import { SOFTWARE_ADAPTER_GENERATION } from '../src/lib/bench/generation-result.ts';
import { parseConfigKey, PLAN_LIMITS } from '../src/lib/bench/plan.ts';
import { SWEEP_FAMILY_LABELS } from '../src/lib/bench/sweep.ts';
import { syntheticPreset, type SweepFamily } from '../src/lib/synthetic/index.ts';

export interface BenchCliOptions {
  help: boolean;
  /** Model ids; empty = every embedded model whose file is present. */
  models: string[];
  /** Configuration keys (wasm-1, wasm-2, webgpu); empty = the lab's default for this machine. */
  backends: string[];
  input: 'synthetic' | 'current';
  warmUp: number;
  iterations: number;
  /** When set, iterate for this many ms (capped by maxIterations) instead of a count. */
  timeBudgetMs: number | null;
  maxIterations: number;
  profileRuns: number;
  overheadPairs: number;
  /** Where the JSON goes; null = test-results/bench-<time>.json. */
  out: string | null;
  /** Flags for a real GPU instead of the software adapter. */
  gpu: boolean;
  headed: boolean;
  chromium: string | null;
  browserArgs: string[];
  build: boolean;
  /** --dev: with --no-build, a development build may be measured (its results say so); refused otherwise. */
  dev: boolean;
  /** Build output folder served by the preview (default dist/). */
  outDir: string;
  port: number;
  /** A tiny plan for continuous integration; any failure fails the command. */
  ci: boolean;
  /** The full plan (every model on every configuration, 30 iterations, profile, overhead). */
  long: boolean;
  /** The no-argument plan: time budgets per configuration, WebGPU on a software adapter only for the smallest model. */
  quick: boolean;
  /**
   * The flags given that change what the quick plan runs (models, configurations, counts, budgets): with
   * any of them the run was the user's own plan, not the quick one as described.
   */
  planOverrides: string[];
  /** A scale sweep of this synthetic family instead of the embedded models. */
  sweep: SweepFamily | null;
  /** Sizes (preset ids) of the sweep; empty = every size of the family. */
  sizes: string[];
  verbose: boolean;
  /** --generate: text generation (time to first token, decode tokens/s) instead of single runs. */
  generate: boolean;
  /** New tokens per generation (--tokens; default GENERATE_PLAN.newTokens). */
  newTokens: number;
  /** Timed generations per configuration (--repeats; default GENERATE_PLAN.repeats). */
  repeats: number;
  /** Depth of the SmolLM2-135M-shaped synthetic model (--layers; SmolLM2-135M has 30). */
  layers: number;
}

export const DEFAULT_OPTIONS: BenchCliOptions = {
  help: false,
  models: [],
  backends: [],
  input: 'synthetic',
  warmUp: 3,
  iterations: 30,
  timeBudgetMs: null,
  maxIterations: 1000,
  profileRuns: 3,
  overheadPairs: 20,
  out: null,
  gpu: false,
  headed: false,
  chromium: null,
  browserArgs: [],
  build: true,
  dev: false,
  outDir: 'dist',
  port: 4330,
  ci: false,
  long: false,
  quick: true,
  planOverrides: [],
  sweep: null,
  sizes: [],
  verbose: false,
  generate: false,
  newTokens: 32,
  repeats: 5,
  layers: 30,
};

/**
 * The plan of `npm run bench` with no arguments: under 5 minutes on a 2-core machine without a GPU. Each
 * configuration gets a time budget instead of a count; WebGPU on a software adapter (no --gpu) runs only
 * the smallest model, since SwiftShader takes seconds per run of the detectors.
 */
export const QUICK_PLAN = {
  warmUp: 2,
  timeBudgetMs: 2000,
  maxIterations: 200,
  profileRuns: 0,
  overheadPairs: 0,
  softwareWebGpuModels: ['tiny-sentiment-bert'],
} as const;

/**
 * The plan of `npm run bench -- --generate`: the embedded language model and a SmolLM2-135M-shaped
 * synthetic one (random weights, built at bench time into tmp/, never committed), greedy from one prompt,
 * on WASM 1 and N threads and WebGPU. On a software WebGPU adapter (no --gpu) WebGPU runs only the
 * embedded model, with few tokens: SwiftShader takes seconds per step of a 135 M model.
 */
export const GENERATE_PLAN = {
  models: ['tiny-bible-gpt', 'synthetic:smollm2-135m'],
  prompt: 'In the beginning God created',
  softwareWebGpuModels: ['tiny-bible-gpt'],
  // The lab's generation panel gives a software adapter the same budget.
  softwareWebGpuTokens: SOFTWARE_ADAPTER_GENERATION.maxNewTokens,
  softwareWebGpuRepeats: SOFTWARE_ADAPTER_GENERATION.repeats,
  maxTokens: 512,
  maxRepeats: 50,
  maxLayers: 30,
} as const;

/** The CI plan: small models, few runs (WebGPU on a software adapter takes seconds per run). */
export const CI_PLAN = {
  models: ['tiny-sentiment-bert', 'shapes-yolov8'],
  backends: ['wasm-1', 'wasm-2', 'webgpu'],
  warmUp: 0,
  iterations: 2,
  profileRuns: 1,
  overheadPairs: 2,
} as const;

export class BenchArgsError extends Error {
  override readonly name = 'BenchArgsError';
}

function count(flag: string, value: string | undefined, max: number): number {
  const parsed = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || parsed > max) {
    throw new BenchArgsError(`${flag} needs a whole number from 0 to ${max}, got ${value ?? 'nothing'}.`);
  }
  return parsed;
}

function list(value: string | undefined, flag: string): string[] {
  const items = (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new BenchArgsError(`${flag} needs a comma-separated list.`);
  return items;
}

/** Parses argv (without node and the script); --flag=value and --flag value both work. */
export function parseBenchArgs(argv: readonly string[]): BenchCliOptions {
  const options: BenchCliOptions = {
    ...DEFAULT_OPTIONS,
    models: [],
    backends: [],
    browserArgs: [],
    planOverrides: [],
  };
  const explicit = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    // --flag=value carries its value; a following argument is taken only when asked for.
    const inline = /^(--[^=]+)=(.*)$/s.exec(raw);
    const flag = inline?.[1] ?? raw;
    const value = (): string | undefined => (inline ? inline[2] : argv[++i]);
    explicit.add(flag);
    switch (flag) {
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '--model':
      case '--models':
        options.models.push(...list(value(), flag));
        break;
      case '--backends':
        options.backends = list(value(), flag).map((key) => key.toLowerCase());
        for (const key of options.backends) {
          if (!parseConfigKey(key, 1))
            throw new BenchArgsError(
              `Unknown backend ${key}: use wasm-<threads> or webgpu, optionally with a variant (webgpu-gpu-outputs, webgpu-graph-capture, webgpu-fp16, wasm-1-fp16).`,
            );
        }
        break;
      case '--input': {
        const input = value();
        if (input !== 'synthetic' && input !== 'current')
          throw new BenchArgsError('--input is synthetic or current.');
        options.input = input;
        break;
      }
      case '--warmup':
        options.warmUp = count(flag, value(), PLAN_LIMITS.maxWarmUp);
        break;
      case '--iterations':
        options.iterations = count(flag, value(), PLAN_LIMITS.maxIterations);
        break;
      case '--time-budget': {
        const seconds = Number(value());
        if (!(seconds > 0 && seconds * 1000 <= PLAN_LIMITS.maxBudgetMs)) {
          throw new BenchArgsError(
            `--time-budget needs seconds above 0, at most ${PLAN_LIMITS.maxBudgetMs / 1000}.`,
          );
        }
        options.timeBudgetMs = seconds * 1000;
        break;
      }
      case '--max-iterations':
        options.maxIterations = count(flag, value(), PLAN_LIMITS.maxIterations);
        break;
      case '--profile-runs':
        options.profileRuns = count(flag, value(), PLAN_LIMITS.maxProfileRuns);
        break;
      case '--overhead-pairs':
        options.overheadPairs = count(flag, value(), PLAN_LIMITS.maxOverheadPairs);
        break;
      case '--out':
        options.out = value() ?? null;
        if (!options.out) throw new BenchArgsError('--out needs a file name.');
        break;
      case '--chromium':
        options.chromium = value() ?? null;
        if (!options.chromium)
          throw new BenchArgsError('--chromium needs the path of a Chrome or Chromium binary.');
        break;
      case '--browser-arg': {
        const arg = value();
        if (!arg?.startsWith('--'))
          throw new BenchArgsError('--browser-arg needs a Chromium flag such as --use-angle=vulkan.');
        options.browserArgs.push(arg);
        break;
      }
      case '--dist':
        options.outDir = value() ?? '';
        if (!options.outDir) throw new BenchArgsError('--dist needs a folder.');
        break;
      case '--port':
        options.port = count(flag, value(), 65535);
        break;
      case '--gpu':
        options.gpu = true;
        break;
      case '--headed':
        options.headed = true;
        break;
      case '--no-build':
        options.build = false;
        break;
      case '--dev':
        options.dev = true;
        break;
      case '--ci':
        options.ci = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '--long':
        options.long = true;
        break;
      case '--sweep': {
        const family = value();
        if (!family || !(family in SWEEP_FAMILY_LABELS)) {
          throw new BenchArgsError(`--sweep needs one of ${Object.keys(SWEEP_FAMILY_LABELS).join(', ')}.`);
        }
        options.sweep = family as SweepFamily;
        break;
      }
      case '--generate':
        options.generate = true;
        break;
      case '--tokens':
        options.newTokens = Math.max(1, count(flag, value(), GENERATE_PLAN.maxTokens));
        break;
      case '--repeats':
        options.repeats = Math.max(1, count(flag, value(), GENERATE_PLAN.maxRepeats));
        break;
      case '--layers':
        options.layers = Math.max(1, count(flag, value(), GENERATE_PLAN.maxLayers));
        break;
      case '--sizes':
        options.sizes = list(value(), flag);
        for (const id of options.sizes) {
          if (!syntheticPreset(id)) throw new BenchArgsError(`Unknown synthetic size ${id}.`);
        }
        break;
      default:
        throw new BenchArgsError(`Unknown option ${flag}. Run npm run bench -- --help.`);
    }
  }
  for (const flag of ['--tokens', '--repeats', '--layers'])
    if (explicit.has(flag) && !options.generate) throw new BenchArgsError(`${flag} goes with --generate.`);
  if (options.generate && (options.ci || options.sweep !== null))
    throw new BenchArgsError('--generate is a mode of its own: not with --ci or --sweep.');
  if (options.ci) applyCiPlan(options, explicit);
  options.quick = !options.ci && !options.long && !options.generate;
  if (options.quick) applyQuickPlan(options, explicit);
  options.planOverrides = PLAN_FLAGS.filter((flag) => explicit.has(flag));
  return options;
}

/** Flags that replace part of the quick plan: what runs, on which configurations, and for how long. */
const PLAN_FLAGS = [
  '--model',
  '--models',
  '--backends',
  '--warmup',
  '--iterations',
  '--time-budget',
  '--max-iterations',
  '--profile-runs',
  '--overhead-pairs',
  '--sweep',
  '--sizes',
] as const;

/**
 * The closing note of a run that was the quick plan as described (no --ci, --long or --sweep, and no
 * flag that replaced part of it); null otherwise, since it would describe a plan that did not run.
 */
export function quickPlanNote(options: BenchCliOptions): string | null {
  if (!options.quick || options.sweep !== null || options.planOverrides.length > 0) return null;
  // With --gpu every model runs on WebGPU: the software adapter's exception did not apply.
  const webgpu = options.gpu
    ? ''
    : `; WebGPU on a software adapter only for ${QUICK_PLAN.softwareWebGpuModels.join(', ')}`;
  return (
    `This was the quick plan (${QUICK_PLAN.timeBudgetMs / 1000} s per configuration${webgpu}). ` +
    'The long version: npm run bench -- --long (tens of minutes on 2 cores); a scale sweep: npm run bench -- --sweep encoder.'
  );
}

/** No --long, no --ci: time budgets per configuration; explicitly given flags still win. */
function applyQuickPlan(options: BenchCliOptions, explicit: ReadonlySet<string>): void {
  // A count or a budget the user asked for decides when to stop.
  if (!explicit.has('--iterations') && !explicit.has('--time-budget')) {
    options.timeBudgetMs = QUICK_PLAN.timeBudgetMs;
    if (!explicit.has('--max-iterations')) options.maxIterations = QUICK_PLAN.maxIterations;
  }
  if (!explicit.has('--warmup')) options.warmUp = QUICK_PLAN.warmUp;
  if (!explicit.has('--profile-runs')) options.profileRuns = QUICK_PLAN.profileRuns;
  if (!explicit.has('--overhead-pairs')) options.overheadPairs = QUICK_PLAN.overheadPairs;
}

/** --ci fills in the tiny plan; options given explicitly still win. */
function applyCiPlan(options: BenchCliOptions, explicit: ReadonlySet<string>): void {
  if (!explicit.has('--model') && !explicit.has('--models')) options.models = [...CI_PLAN.models];
  if (!explicit.has('--backends')) options.backends = [...CI_PLAN.backends];
  if (!explicit.has('--warmup')) options.warmUp = CI_PLAN.warmUp;
  if (!explicit.has('--iterations')) options.iterations = CI_PLAN.iterations;
  if (!explicit.has('--profile-runs')) options.profileRuns = CI_PLAN.profileRuns;
  if (!explicit.has('--overhead-pairs')) options.overheadPairs = CI_PLAN.overheadPairs;
}

export const USAGE = `Usage: npm run bench -- [options]

Builds the app (a production build), serves it with vite preview, and runs the Benchmark lab's own code in
headless Chromium: one fresh worker per backend configuration, a table per model on stdout, every result in
one JSON file.

  --model <ids>            models, comma-separated (default: every embedded model that is present);
                           synthetic:<preset> for a synthetic model (random weights), e.g. synthetic:bert-tiny
  --backends <keys>        wasm-<threads> and/or webgpu, e.g. wasm-1,wasm-4,webgpu; variants: webgpu-gpu-outputs,
                           webgpu-graph-capture, webgpu-fp16 (needs shader-f16), wasm-<threads>-fp16
                           (default: wasm-1, wasm-<cores up to 4>, webgpu when there is an adapter)
  --input synthetic|current
                           synthetic tensors of the model's shapes (default), or the playground's
                           current input (text models: the example text)
  --warmup <n>             warm-up runs, never counted (default 3)
  --iterations <n>         timed runs (default 30)
  --time-budget <s>        iterate for s seconds instead, at most --max-iterations (default 1000)
  --profile-runs <n>       runs on a separate profiling session (default 3; 0 = no profile)
  --overhead-pairs <n>     playground-path vs bare-call pairs (default 20; 0 = skip)
  --out <file>             JSON output (default test-results/bench-<time>.json): an array of results,
                           each valid against the result schema (src/lib/bench/result-schema.ts)
  --gpu                    flags for a real GPU on Linux: --enable-unsafe-webgpu --enable-features=Vulkan
                           --use-angle=vulkan --disable-vulkan-surface --ignore-gpu-blocklist
  --chromium <path>        browser binary (or CHROMIUM_PATH); e.g. google-chrome for hardware WebGPU
  --browser-arg <flag>     one more Chromium flag (repeatable)
  --headed                 show the browser window (some GPU drivers need a display)
  --no-build               serve the existing build instead of building (a development build is refused)
  --dev                    with --no-build: measure a development build anyway (results say so)
  --dist <dir>             build into and serve this folder instead of dist/
  --port <n>               preview port (default 4330; the next free one is used)
  --ci                     tiny plan for CI (${CI_PLAN.models.join(', ')}; ${CI_PLAN.backends.join(', ')};
                           ${CI_PLAN.iterations} iterations); any failure exits 1
  --long                   the long plan: every model on every configuration (WebGPU too on a software
                           adapter), 30 iterations, profile and overhead pairs — tens of minutes on 2 cores
  --sweep <family>         a scale sweep instead: ${Object.keys(SWEEP_FAMILY_LABELS).join(', ')} (synthetic models,
                           random weights); latency and GFLOP/s per size, where WebGPU starts to win
  --sizes <ids>            the sweep's sizes, e.g. bert-tiny,bert-mini (default: every size of the family)
  --generate               text generation instead: time to first token, prefill and decode tokens/s
                           (median and range over repeats) of ${GENERATE_PLAN.models.join(' and ')} (SmolLM2-135M's
                           shape, random weights, built into tmp/ at the first run), greedy; on a software
                           WebGPU adapter WebGPU runs only ${GENERATE_PLAN.softwareWebGpuModels.join(', ')}, ${GENERATE_PLAN.softwareWebGpuTokens} tokens
  --tokens <n>             with --generate: new tokens per generation (default ${DEFAULT_OPTIONS.newTokens})
  --repeats <n>            with --generate: timed generations per configuration (default ${DEFAULT_OPTIONS.repeats})
  --layers <n>             with --generate: depth of the synthetic model (default ${DEFAULT_OPTIONS.layers}, as SmolLM2-135M)
  --verbose                print the page's console errors

With no options it runs the quick plan: every embedded model, ${QUICK_PLAN.timeBudgetMs / 1000} s of timed runs per configuration
(at most ${QUICK_PLAN.maxIterations}), ${QUICK_PLAN.warmUp} warm-up runs, no profile or overhead pairs, and on a software WebGPU adapter
(no --gpu) WebGPU only for ${QUICK_PLAN.softwareWebGpuModels.join(', ')}. Explicit options override it.
`;
