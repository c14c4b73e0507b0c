// What a benchmark run is asked to do — model, input, backend configurations, protocol — and the checks
// that reject a plan before anything runs (zero iterations, no backend, absurd counts).
import type { Backend } from '../runtime/backend.ts';
import type { ProtocolPlan } from './protocol.ts';

/**
 * How a configuration runs the model beyond its backend (issue 14, the WebGPU path):
 * - gpu-outputs: WebGPU keeps the outputs on the GPU (preferredOutputLocation 'gpu-buffer'); timed runs
 *   wait for the GPU to finish and read nothing back, the first run reads back once for correctness;
 * - graph-capture: WebGPU records the first run's GPU commands and replays them (enableGraphCapture;
 *   inputs and outputs on the GPU, fixed shapes, every node on the WebGPU EP);
 * - fp16: the model's float16 variant (src/lib/fp16): on WebGPU it needs the adapter's shader-f16; on
 *   WASM the CPU computes in float32 between Casts, which shows the weights' rounding, not fp16 speed.
 */
export const BENCH_VARIANTS = ['gpu-outputs', 'graph-capture', 'fp16'] as const;
export type BenchVariant = (typeof BENCH_VARIANTS)[number];

/** One column of the comparison: a backend and, for WASM, its thread count (fixed per WASM instance). */
export interface BackendConfig {
  backend: Backend;
  /** WASM threads asked for; WebGPU sessions still use WASM threads for CPU-side kernels. */
  threads: number;
  /** Absent: the plain configuration (fp32 model, outputs read back after every run). */
  variant?: BenchVariant;
}

const VARIANT_WORDS: Record<BenchVariant, string> = {
  'gpu-outputs': 'outputs kept on the GPU',
  'graph-capture': 'graph capture',
  fp16: 'fp16',
};

/** Variants a backend can have: the GPU ones on WebGPU only, fp16 on both. */
export function variantApplies(backend: Backend, variant: BenchVariant): boolean {
  return variant === 'fp16' || backend === 'webgpu';
}

export type BenchInputKind = 'synthetic' | 'current';

export interface BenchPlan {
  modelId: string;
  input: BenchInputKind;
  backends: BackendConfig[];
  protocol: ProtocolPlan;
  /** Profiled runs per backend, on a separate profiling session (0 = no profile). */
  profileRuns: number;
  /** Interleaved pairs of playground-path and bare runs for the overhead ratio (0 = skip). */
  overheadPairs: number;
}

export const PLAN_LIMITS = {
  maxWarmUp: 1000,
  maxIterations: 100_000,
  maxBudgetMs: 10 * 60_000,
  maxProfileRuns: 100,
  maxOverheadPairs: 1000,
  maxThreads: 64,
} as const;

export function configLabel(config: BackendConfig): string {
  const base =
    config.backend === 'webgpu'
      ? 'WebGPU'
      : `WASM ${config.threads} thread${config.threads === 1 ? '' : 's'}`;
  return config.variant ? `${base}, ${VARIANT_WORDS[config.variant]}` : base;
}

/** The words for a configuration key (wasm-1 → "WASM 1 thread"); a key it cannot read is shown as is. */
export function labelForKey(key: string): string {
  const config = parseConfigKey(key, 1);
  return config ? configLabel(config) : key;
}

/** A stable key for a configuration: wasm-1, wasm-2, webgpu, webgpu-gpu-outputs, wasm-1-fp16. */
export function configKey(config: BackendConfig): string {
  const base = config.backend === 'webgpu' ? 'webgpu' : `wasm-${config.threads}`;
  return config.variant ? `${base}-${config.variant}` : base;
}

function isCount(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Every reason the plan cannot run, in words a person can act on; empty when it can. */
export function planProblems(plan: BenchPlan): string[] {
  const problems: string[] = [];
  if (plan.backends.length === 0) problems.push('Choose at least one backend to measure.');
  const keys = plan.backends.map(configKey);
  if (new Set(keys).size !== keys.length) problems.push('A backend configuration is listed twice.');
  for (const config of plan.backends) {
    if (config.variant && !variantApplies(config.backend, config.variant)) {
      problems.push(`${configLabel(config)}: ${VARIANT_WORDS[config.variant]} applies to WebGPU only.`);
    }
    if (!isCount(config.threads, 1, PLAN_LIMITS.maxThreads)) {
      problems.push(
        `${configLabel(config)}: threads must be a whole number from 1 to ${PLAN_LIMITS.maxThreads}.`,
      );
    }
  }
  const { warmUp, stop } = plan.protocol;
  if (!isCount(warmUp, 0, PLAN_LIMITS.maxWarmUp)) {
    problems.push(`Warm-up runs must be a whole number from 0 to ${PLAN_LIMITS.maxWarmUp}.`);
  }
  if (stop.kind === 'iterations') {
    if (stop.count === 0) {
      problems.push('Zero iterations measure nothing: ask for at least 1 timed iteration.');
    } else if (!isCount(stop.count, 1, PLAN_LIMITS.maxIterations)) {
      problems.push(`Iterations must be a whole number from 1 to ${PLAN_LIMITS.maxIterations}.`);
    }
  } else {
    if (!(stop.budgetMs > 0 && stop.budgetMs <= PLAN_LIMITS.maxBudgetMs)) {
      problems.push(`The time budget must be more than 0 and at most ${PLAN_LIMITS.maxBudgetMs / 1000} s.`);
    }
    if (!isCount(stop.maxIterations, 1, PLAN_LIMITS.maxIterations)) {
      problems.push(`The iteration cap must be a whole number from 1 to ${PLAN_LIMITS.maxIterations}.`);
    }
  }
  if (!isCount(plan.profileRuns, 0, PLAN_LIMITS.maxProfileRuns)) {
    problems.push(`Profiled runs must be a whole number from 0 to ${PLAN_LIMITS.maxProfileRuns}.`);
  }
  if (!isCount(plan.overheadPairs, 0, PLAN_LIMITS.maxOverheadPairs)) {
    problems.push(`Overhead pairs must be a whole number from 0 to ${PLAN_LIMITS.maxOverheadPairs}.`);
  }
  return problems;
}

/**
 * The default plan when WebGPU is a software adapter (SwiftShader runs NanoDet in ~10 s): a time budget
 * instead of a count, one warm-up and one profiled run, few overhead pairs. Every field stays editable.
 */
export const SOFTWARE_ADAPTER_PLAN = {
  warmUp: 1,
  budgetSeconds: 2,
  maxIterations: 100,
  profileRuns: 1,
  overheadPairs: 5,
} as const;

/** The usual comparison: WASM on 1 thread, WASM on every core (up to 4, as the playground), WebGPU. */
export function defaultBackendConfigs(hardwareConcurrency: number, webgpu: boolean): BackendConfig[] {
  const many = Math.max(1, Math.min(4, hardwareConcurrency));
  const configs: BackendConfig[] = [{ backend: 'wasm', threads: 1 }];
  if (many > 1) configs.push({ backend: 'wasm', threads: many });
  if (webgpu) configs.push({ backend: 'webgpu', threads: many });
  return configs;
}

/**
 * 'wasm-2' → WASM on 2 threads; 'webgpu' → WebGPU (CPU-side kernels on webgpuThreads); a variant
 * follows ('webgpu-graph-capture', 'wasm-1-fp16') where it applies; else null.
 */
export function parseConfigKey(key: string, webgpuThreads: number): BackendConfig | null {
  const match = /^(webgpu|wasm-(\d{1,2}))(?:-([a-z0-9-]+))?$/.exec(key.trim().toLowerCase());
  if (!match) return null;
  const config: BackendConfig =
    match[1] === 'webgpu'
      ? { backend: 'webgpu', threads: webgpuThreads }
      : { backend: 'wasm', threads: Number(match[2]) };
  const variant = match[3];
  if (variant === undefined) return config;
  const known = BENCH_VARIANTS.find((name) => name === variant);
  return known && variantApplies(config.backend, known) ? { ...config, variant: known } : null;
}

/** The variant configurations worth offering next to the plain ones (fp16 WASM on 1 thread only). */
export function variantConfigs(webgpuThreads: number): BackendConfig[] {
  return [
    { backend: 'webgpu', threads: webgpuThreads, variant: 'gpu-outputs' },
    { backend: 'webgpu', threads: webgpuThreads, variant: 'graph-capture' },
    { backend: 'webgpu', threads: webgpuThreads, variant: 'fp16' },
    { backend: 'wasm', threads: 1, variant: 'fp16' },
  ];
}

/** Thread counts worth offering: 1, 2, 4, 8 … up to the cores, and the core count itself. */
export function threadChoices(hardwareConcurrency: number): number[] {
  const cores = Math.max(1, Math.min(PLAN_LIMITS.maxThreads, hardwareConcurrency));
  const choices = new Set<number>([1]);
  for (let threads = 2; threads <= cores; threads *= 2) choices.add(threads);
  choices.add(cores);
  return [...choices].sort((a, b) => a - b);
}
