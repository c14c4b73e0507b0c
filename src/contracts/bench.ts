// What crosses the benchmark worker's boundary: the model and input a configuration is prepared with,
// and the progress it reports.
import type { BackendConfig } from '../lib/bench/plan.ts';
import type { ColdStart } from '../lib/bench/result-types.ts';
import type { ModelTask } from '../lib/catalog/model-catalog.ts';
import type { TensorData } from '../lib/tensor.ts';
import type { SyntheticSpec } from '../lib/synthetic/index.ts';

export type BenchInput =
  | { kind: 'synthetic' }
  /** One sequence per line, padded to the longest, as the text playground batches them. */
  | { kind: 'text'; texts: string[] }
  | { kind: 'image'; image: Blob; name: string };

export interface BenchModelSource {
  id: string;
  /** Absolute URL of the model folder (the worker resolves relative URLs against its own script). */
  folder: string;
  task: ModelTask | 'generic';
  /** A synthetic model: generated here from its spec instead of fetched (random weights). */
  synthetic?: SyntheticSpec;
  /** A model file picked in the lab: its bytes, copied to each configuration's worker (never fetched). */
  file?: Uint8Array;
}

export interface PrepareRequest {
  model: BenchModelSource;
  config: BackendConfig;
  input: BenchInput;
}

export type BenchProgress =
  | { stage: 'fetch'; loadedBytes: number; totalBytes: number | null }
  | { stage: 'create-session' }
  | { stage: 'first-run' }
  | {
      stage: 'warm-up' | 'measure';
      done: number;
      total: number | null;
      newSamplesMs: number[];
      /** Time spent in this phase so far, by the worker's clock (for the progress estimate). */
      elapsedMs?: number;
    }
  | { stage: 'profile'; done: number; total: number };

export interface PreparedBackend {
  ortVersion: string;
  threadsUsed: number | null;
  coldStart: ColdStart;
  timerResolutionMs: number | null;
  simd: boolean;
  sha256: string;
  fileBytes: number;
  inputs: Array<{ name: string; dtype: string; dims: number[] }>;
  inputDescription: string;
  /** FLOPs of one run on these inputs (src/lib/flops); null when the count failed. */
  flops: number | null;
  /** Outputs of the first run, for the correctness comparison (transferred). */
  outputs: Record<string, TensorData>;
}
