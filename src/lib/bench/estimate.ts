// How long a benchmark plan should take, before it runs: per configuration and stage, from the model's
// FLOPs (or, without a count, its file size) and the adapter. The rates are this project's measurements
// (docs/benchmark.md: 2-core VM, SwiftShader as WebGPU); they make an estimate, not a promise, and the
// run's own timings replace them as soon as it has some (progress-estimate.ts).
import { configKey, configLabel, type BackendConfig, type BenchPlan } from './plan.ts';

/** The stages of one configuration, in the order they run. */
export const ESTIMATE_STAGES = [
  'starting',
  'fetch',
  'create-session',
  'first-run',
  'warm-up',
  'measure',
  'profile',
  'overhead',
] as const;
export type EstimateStage = (typeof ESTIMATE_STAGES)[number];

export interface ModelCost {
  /** FLOPs of one run at the benchmark's input shapes; null when not counted. */
  flops: number | null;
  /** Size of the model file in bytes. */
  fileBytes: number;
}

export interface AdapterFacts {
  /** Logical cores of the machine. */
  cores: number;
  /** WebGPU runs on a software adapter (SwiftShader, llvmpipe, WARP): CPU speed, not a GPU's. */
  webgpuSoftware: boolean;
  /**
   * This machine's speed now against the machine the rates were fitted on, from the speed probe
   * (speedScale below); 1 or absent: that machine's speed. Everything the CPU does scales with it.
   */
  speed?: number;
}

/** What the lab's speed probe measured (workers/bench/speed-probe.ts): a 256³ MatMul, WASM, 1 thread. */
export interface SpeedProbeResult {
  gflops: number;
  runs: number;
  medianMs: number;
}

/**
 * The probe's rate on the machine RUN_RATES were fitted on, quiet. Measured: the lab's probe read 24.7–26.1
 * GFLOP/s on this project's 2-core VM at a load average under 2; with it and the rates below, the six embedded
 * models' default plans took 0.80–1.27 of their estimates (tests/unit/bench/estimate-fit.test.ts;
 * docs/benchmark.md, "The estimate against real runs"). It was 40, derived from runs at a load of 11–15,
 * which made every estimate on a quiet machine 1.6× too long.
 */
export const REFERENCE_PROBE_GFLOPS = 28;

/** This machine's speed against the reference, clamped: a probe can be unlucky, never absurd. */
export function speedScale(probe: SpeedProbeResult | null): number {
  if (!probe || !(probe.gflops > 0)) return 1;
  return Math.min(4, Math.max(0.05, probe.gflops / REFERENCE_PROBE_GFLOPS));
}

/** The machine's speed factor of facts (1 without a probe). */
function speedOf(adapter: AdapterFacts): number {
  return adapter.speed && adapter.speed > 0 ? adapter.speed : 1;
}

export interface ConfigEstimate {
  key: string;
  label: string;
  backend: BackendConfig['backend'];
  /** Expected milliseconds of one steady-state run. */
  runMs: number;
  stages: Record<EstimateStage, number>;
  totalMs: number;
}

export interface PlanEstimate {
  configs: ConfigEstimate[];
  totalMs: number;
  /** 'flops' when the model's FLOPs were counted; 'file-size' when guessed from its bytes (rougher). */
  basis: 'flops' | 'file-size';
}

/** Fixed cost and arithmetic rate of one run per backend kind (fitted to docs/benchmark.md's tables). */
export const RUN_RATES = {
  wasm: { fixedMs: 1, gflopsPerThread: 24, extraThreadGain: 0.75 },
  'webgpu-software': { fixedMs: 100, gflops: 0.35 },
  webgpu: { fixedMs: 3, gflops: 200 },
} as const;

/** Without a FLOPs count: about 2 × 100 FLOPs per fp32 weight (right within 2× for BERT-sized encoders). */
const FLOPS_PER_WEIGHT_BYTE = 50;

/** One steady-state run of this configuration, in ms. */
export function expectedRunMs(config: BackendConfig, cost: ModelCost, adapter: AdapterFacts): number {
  const flops = cost.flops ?? cost.fileBytes * FLOPS_PER_WEIGHT_BYTE;
  const speed = speedOf(adapter);
  if (config.backend === 'webgpu') {
    // A software adapter computes on the CPU; a GPU's kernels do not slow with the CPU's load.
    if (adapter.webgpuSoftware) {
      const rate = RUN_RATES['webgpu-software'];
      return (rate.fixedMs + flops / (rate.gflops * 1e6)) / speed;
    }
    return RUN_RATES.webgpu.fixedMs / speed + flops / (RUN_RATES.webgpu.gflops * 1e6);
  }
  const { fixedMs, gflopsPerThread, extraThreadGain } = RUN_RATES.wasm;
  const threads = Math.max(1, Math.min(config.threads, adapter.cores));
  const gflops = gflopsPerThread * (1 + extraThreadGain * (threads - 1));
  return (fixedMs + flops / (gflops * 1e6)) / speed;
}

/**
 * Cold costs at the reference speed, fitted to the lab's own stage timings of the six embedded models on a
 * quiet machine (scripts/measure-estimate.ts prints them): a worker starts in 50–100 ms; a session takes
 * 300–350 ms for a 0.3 MB file and 450–570 ms for 8 MB (compiling ORT's WASM is most of it); a first run is
 * 1.2–1.4 runs plus a little per megabyte (its buffers are allocated then). The download is served by the
 * browser's cache or the local server. WebGPU: shader compile 1.5–4.5 s on SwiftShader.
 */
function coldStages(
  config: BackendConfig,
  cost: ModelCost,
  adapter: AdapterFacts,
  runMs: number,
): Pick<Record<EstimateStage, number>, 'starting' | 'fetch' | 'create-session' | 'first-run'> {
  // Starting a worker, compiling ORT and building a session slow with a busy machine, but less than one
  // thread's arithmetic does: the browser spreads them over its own threads and waits on I/O. The square
  // root is an assumption, checked against real runs in docs/benchmark.md.
  const speed = Math.sqrt(speedOf(adapter));
  const createSession = (320 + cost.fileBytes / 80_000) / speed;
  let firstRun = (10 + cost.fileBytes / 120_000) / speed + 1.2 * runMs;
  if (config.backend === 'webgpu') {
    firstRun = adapter.webgpuSoftware ? 1500 / speed + 1.5 * runMs : 500 / speed + 2 * runMs;
  }
  return {
    starting: 80 / speed,
    fetch: 10 + cost.fileBytes / 100_000,
    'create-session': createSession,
    'first-run': firstRun,
  };
}

/**
 * The profiling stage: a second session (cheap: ORT is compiled by then), its profiled runs, and reading ORT's
 * trace, which grows with the graph (here, with the file's size, the one measure of it the estimate has).
 * Measured: 70–100 ms for the 0.3 MB shapes models, 400–450 ms for the 8 MB BERT, 1.5–1.9 s for NanoDet.
 */
function profileStage(profileRuns: number, cost: ModelCost, adapter: AdapterFacts, runMs: number): number {
  if (profileRuns <= 0) return 0;
  return (50 + cost.fileBytes / 25_000) / Math.sqrt(speedOf(adapter)) + 6 * profileRuns * runMs;
}

/** Timed runs the stop rule will make at runMs per run (a time budget always makes at least one). */
export function expectedMeasureMs(stop: BenchPlan['protocol']['stop'], runMs: number): number {
  if (stop.kind === 'iterations') return stop.count * runMs;
  return Math.max(runMs, Math.min(stop.budgetMs, stop.maxIterations * runMs));
}

/** The stages of one configuration given its run time (estimated, or measured once the run has some). */
export function stagesFor(
  plan: BenchPlan,
  config: BackendConfig,
  cost: ModelCost,
  adapter: AdapterFacts,
  runMs: number,
): Record<EstimateStage, number> {
  const cold = coldStages(config, cost, adapter, runMs);
  return {
    ...cold,
    'warm-up': plan.protocol.warmUp * runMs,
    measure: expectedMeasureMs(plan.protocol.stop, runMs),
    profile: profileStage(plan.profileRuns, cost, adapter, runMs),
    // Each pair is one bare run and one through the playground's path (about 1 ms more).
    overhead: plan.overheadPairs * (2 * runMs + 1 / speedOf(adapter)),
  };
}

function sum(stages: Record<EstimateStage, number>): number {
  return ESTIMATE_STAGES.reduce((total, stage) => total + stages[stage], 0);
}

export function estimateConfig(
  plan: BenchPlan,
  config: BackendConfig,
  cost: ModelCost,
  adapter: AdapterFacts,
  runMs = expectedRunMs(config, cost, adapter),
): ConfigEstimate {
  const stages = stagesFor(plan, config, cost, adapter, runMs);
  return {
    key: configKey(config),
    label: configLabel(config),
    backend: config.backend,
    runMs,
    stages,
    totalMs: sum(stages),
  };
}

export function estimatePlan(plan: BenchPlan, cost: ModelCost, adapter: AdapterFacts): PlanEstimate {
  const configs = plan.backends.map((config) => estimateConfig(plan, config, cost, adapter));
  return {
    configs,
    totalMs: configs.reduce((total, config) => total + config.totalMs, 0),
    basis: cost.flops === null ? 'file-size' : 'flops',
  };
}

/** "about 40 s", "about 3 min", "about 1 h 5 min": rounded, since it is an estimate. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds < 10 ? seconds : Math.round(seconds / 5) * 5} s`;
  const minutes = Math.round(seconds / 60);
  if (seconds < 600) {
    const whole = Math.floor(seconds / 60);
    const rest = Math.round((seconds - whole * 60) / 10) * 10;
    return rest === 0 || rest === 60 ? `${whole + (rest === 60 ? 1 : 0)} min` : `${whole} min ${rest} s`;
  }
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
