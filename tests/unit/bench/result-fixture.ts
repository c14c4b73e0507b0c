// A complete, valid benchmark result built through the same assembly code the lab uses.
import {
  compareToBaseline,
  outcomeOf,
  runWarnings,
  toBackendResult,
  type BackendRun,
} from '../../../src/lib/bench/assemble.ts';
import { compareOutputs } from '../../../src/lib/bench/correctness.ts';
import { aggregateProfile } from '../../../src/lib/bench/profile.ts';
import type { BenchEnvironment, BenchResult } from '../../../src/lib/bench/result-types.ts';

export const ENVIRONMENT: BenchEnvironment = {
  runner: 'app',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156',
  hardwareConcurrency: 2,
  crossOriginIsolated: true,
  simd: true,
  ortVersion: '1.30.0',
  timerResolutionMs: 0.005,
  webgpu: {
    available: true,
    vendor: 'google',
    architecture: 'swiftshader',
    description: '',
    isFallbackAdapter: true,
    isSoftware: true,
    features: ['timestamp-query'],
    limits: { maxBufferSize: 1073741824 },
  },
};

export function backendRun(overrides: Partial<BackendRun> & Pick<BackendRun, 'config'>): BackendRun {
  return {
    status: 'ok',
    error: null,
    threadsUsed: overrides.config.threads,
    coldStart: { fetchMs: 12, createSessionMs: 300, firstRunMs: 20 },
    warmUpMs: [15, 14],
    samplesMs: [10, 11, 12, 10.5],
    stoppedBy: 'count-reached',
    profiles: [
      aggregateProfile(
        [{ node: 'Conv_1', opType: 'Conv', provider: 'CPUExecutionProvider', durationMs: 8 }],
        1,
        'ort-profiler',
      ),
    ],
    profileNote: null,
    cpuFallbackNodes: [],
    pageHidden: false,
    ...overrides,
  };
}

export function sampleResult(): BenchResult {
  const runs = [
    backendRun({ config: { backend: 'wasm', threads: 1 } }),
    backendRun({ config: { backend: 'wasm', threads: 2 }, samplesMs: [6, 6.5, 7, 6.2] }),
    backendRun({
      config: { backend: 'webgpu', threads: 2 },
      samplesMs: [400, 420, 410, 405],
      cpuFallbackNodes: ['Shape_1'],
    }),
  ];
  const backends = runs.map((run) => toBackendResult(run, ENVIRONMENT));
  const reference = {
    logits: { type: 'float32' as const, dims: [1, 2], data: Float32Array.from([0.5, -0.5]) },
  };
  const correctness = [
    {
      reference: 'wasm-1',
      candidate: 'webgpu',
      outputs: compareOutputs(reference, reference),
      agrees: true,
    },
  ];
  return {
    schema: 'glassbox-bench-result',
    version: 1,
    id: 'bench-1',
    createdAt: '2026-11-26T15:00:00.000Z',
    durationMs: 12_000,
    outcome: outcomeOf(backends, false),
    model: {
      id: 'tiny-sentiment-bert',
      name: 'Tiny | sentiment BERT (demo)',
      task: 'text-classification',
      sha256: 'ab'.repeat(32),
      fileBytes: 1234,
      inputs: [{ name: 'input_ids', dtype: 'int64', dims: [1, 12] }],
    },
    input: { kind: 'text', description: 'current text (1 line)' },
    plan: {
      modelId: 'tiny-sentiment-bert',
      input: 'current',
      backends: runs.map((run) => run.config),
      protocol: { warmUp: 2, stop: { kind: 'iterations', count: 4 } },
      profileRuns: 1,
      overheadPairs: 2,
    },
    environment: ENVIRONMENT,
    backends,
    comparisons: compareToBaseline(backends),
    correctness,
    overhead: [
      {
        backend: 'wasm-2',
        pairs: 2,
        bareMs: [6, 6],
        pathMs: [6.2, 6.3],
        bareMedianMs: 6,
        pathMedianMs: 6.25,
        ratio: { ratio: 6.25 / 6, low: 1.02, high: 1.06, resamples: 1000 },
        floorRatio: 6.2 / 6,
      },
    ],
    warnings: runWarnings(backends, correctness, ENVIRONMENT, false),
  };
}
