// The shape of a benchmark result: what the lab shows, IndexedDB keeps, and JSON/CSV/Markdown export.
// Every figure carries its context (environment, plan, model hash) so a result stands on its own.
import type { ErrorData } from '../errors.ts';
import type { OutputDifference } from './correctness.ts';
import type { BenchPlan } from './plan.ts';
import type { ProfileSummary } from './profile.ts';
import type { StopReason } from './protocol.ts';
import type { Speedup } from './speedup.ts';
import type { LatencySummary } from './statistics.ts';

export const BENCH_RESULT_SCHEMA_NAME = 'glassbox-bench-result';
export const BENCH_RESULT_VERSION = 1;

export type WebGpuEnvironment =
  | { available: false; reason: string }
  | {
      available: true;
      vendor: string;
      architecture: string;
      description: string;
      isFallbackAdapter: boolean;
      /** A software rasteriser: its timings say nothing about a GPU. */
      isSoftware: boolean;
      features: string[];
      /** Key numeric limits (maxBufferSize, maxStorageBufferBindingSize, workgroup limits). */
      limits: Record<string, number>;
    };

export interface BenchEnvironment {
  runner: 'app' | 'cli';
  userAgent: string;
  hardwareConcurrency: number;
  crossOriginIsolated: boolean;
  /** WebAssembly SIMD, which ORT's WASM builds need. */
  simd: boolean;
  ortVersion: string;
  /** Smallest step of performance.now() seen in the benchmark worker. */
  timerResolutionMs: number | null;
  webgpu: WebGpuEnvironment;
  /**
   * The page's build (import.meta.env.PROD): a development build runs Svelte's dev checks and no service
   * worker, so its figures are not what users get. Absent in results made before it was recorded.
   */
  build?: 'production' | 'development';
}

export interface ColdStart {
  /** Model download in a fresh worker (the browser's HTTP cache may serve it after the first). */
  fetchMs: number;
  /** Session creation: WASM compile and graph optimisation; WebGPU device setup too. */
  createSessionMs: number;
  /** The first run: WebGPU compiles its shaders here. */
  firstRunMs: number;
}

export type BackendStatus = 'ok' | 'failed' | 'cancelled' | 'skipped';

export interface BackendResult {
  key: string;
  label: string;
  backend: 'wasm' | 'webgpu';
  threadsRequested: number;
  /** Threads ONNX Runtime actually runs with (1 when the page is not cross-origin isolated). */
  threadsUsed: number | null;
  status: BackendStatus;
  error: ErrorData | null;
  coldStart: ColdStart | null;
  warmUpMs: number[];
  samplesMs: number[];
  stoppedBy: StopReason | null;
  stats: LatencySummary | null;
  profiles: ProfileSummary[];
  /** Why a profile is missing or partial, when it is. */
  profileNote: string | null;
  /** Nodes of a WebGPU session that ran on the CPU provider. */
  cpuFallbackNodes: string[];
  /** Reasons these timings are not meaningful; empty when nothing is known to be wrong. */
  unreliable: string[];
}

export interface Comparison {
  baseline: string;
  candidate: string;
  speedup: Speedup | null;
}

export interface CorrectnessResult {
  reference: string;
  candidate: string;
  agrees: boolean;
  outputs: OutputDifference[];
}

export interface OverheadResult {
  backend: string;
  pairs: number;
  bareMs: number[];
  pathMs: number[];
  bareMedianMs: number | null;
  pathMedianMs: number | null;
  /** median(playground path) / median(bare call) with its bootstrap spread; 1.00 = no overhead. */
  ratio: Speedup | null;
  /** min(path) / min(bare): the fixed cost alone, robust when other load makes medians noisy. */
  floorRatio: number | null;
}

export interface ModelDescription {
  id: string;
  name: string;
  task: string;
  sha256: string;
  fileBytes: number;
  /** Inputs as fed, with the concrete dims used. */
  inputs: Array<{ name: string; dtype: string; dims: number[] }>;
  /** FLOPs of one run on these inputs, when every node could be counted. */
  flops?: number;
}

export type BenchOutcome = 'complete' | 'cancelled' | 'some-failed' | 'all-failed';

export interface BenchResult {
  schema: typeof BENCH_RESULT_SCHEMA_NAME;
  version: typeof BENCH_RESULT_VERSION;
  id: string;
  createdAt: string;
  durationMs: number;
  outcome: BenchOutcome;
  model: ModelDescription;
  input: { kind: 'synthetic' | 'text' | 'image'; description: string };
  plan: BenchPlan;
  environment: BenchEnvironment;
  backends: BackendResult[];
  comparisons: Comparison[];
  correctness: CorrectnessResult[];
  overhead: OverheadResult[];
  /** Run-wide flags a reader must see (software adapter, hidden tab, cancelled, ...). */
  warnings: string[];
}
