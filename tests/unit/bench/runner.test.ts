// The lab's runner with fake workers: configurations in turn, a failing one reported while the others
// run, Cancel (cooperative, and by termination when a worker does not stop), correctness and overhead.
import type { Remote } from 'comlink';
import { describe, expect, it } from 'vitest';
import { BenchRunner, type RunProgress, type RunRequest } from '../../../src/app/bench/bench-runner.ts';
import type { BenchWorkerHandle } from '../../../src/app/bench/bench-worker.ts';
import { runProtocol, type ProtocolPlan } from '../../../src/lib/bench/protocol.ts';
import { MODEL_CATALOG } from '../../../src/lib/catalog/model-catalog.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { TensorData } from '../../../src/lib/tensor.ts';
import type { BenchService } from '../../../workers/bench/bench-service.ts';
import type { BenchProgress, PreparedBackend } from '../../../src/contracts/bench.ts';
import { ENVIRONMENT } from './result-fixture.ts';

interface FakeOptions {
  /** Output value of the first run (to make backends disagree). */
  output?: number;
  failPrepare?: boolean;
  /** measure() never resolves (a worker stuck in a long run). */
  hang?: boolean;
  runMs?: number;
}

function fakeWorker(options: FakeOptions, log: string[]): BenchWorkerHandle {
  let clock = 0;
  const abort = new AbortController();
  let rejectAll: (error: unknown) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    rejectAll = reject;
  });
  stopped.catch(() => undefined);
  const logits: TensorData = {
    type: 'float32',
    dims: [1, 2],
    data: Float32Array.from([options.output ?? 1, 0]),
  };
  const service = {
    async prepare(_request: unknown, onProgress: (p: BenchProgress) => void): Promise<PreparedBackend> {
      onProgress({ stage: 'create-session' });
      if (options.failPrepare) {
        throw new GlassboxError({
          code: 'session-create-failed',
          message: 'No session.',
          remedy: 'Use WASM.',
        });
      }
      return {
        ortVersion: '1.30.0',
        threadsUsed: 1,
        coldStart: { fetchMs: 1, createSessionMs: 2, firstRunMs: 3 },
        timerResolutionMs: 0.005,
        simd: true,
        sha256: 'ab'.repeat(32),
        fileBytes: 10,
        inputs: [{ name: 'x', dtype: 'float32', dims: [1, 2] }],
        inputDescription: 'synthetic input',
        flops: 40,
        outputs: { logits },
      };
    },
    measure(plan: ProtocolPlan, onProgress: (p: BenchProgress) => void) {
      if (options.hang) {
        onProgress({ stage: 'measure', done: 2, total: null, newSamplesMs: [5, 6] });
        return new Promise(() => undefined);
      }
      return runProtocol(plan, {
        now: () => clock,
        runOnce: async () => {
          clock += options.runMs ?? 10;
        },
        signal: abort.signal,
        yieldBetweenRuns: () => new Promise((resolve) => setTimeout(resolve, 0)),
        onProgress: (p) =>
          onProgress({ stage: p.phase, done: p.done, total: p.total, newSamplesMs: p.newSamplesMs }),
      });
    },
    async profile() {
      return { profiles: [], cpuFallbackNodes: [], note: 'fake' };
    },
    async inputFeeds() {
      return { x: { type: 'float32', dims: [1, 2], data: Float32Array.from([1, 2]) } as TensorData };
    },
    async bareRun() {
      return 10;
    },
    async playgroundRun() {
      return { logits };
    },
    cancel() {
      log.push('cancel');
      abort.abort();
    },
  };
  return {
    call: (task) => Promise.race([task(service as unknown as Remote<BenchService>), stopped]),
    terminate: (reason) => {
      log.push(`terminate:${reason?.code ?? 'done'}`);
      rejectAll(reason ?? new Error('terminated'));
    },
  };
}

function request(
  keys: Array<'wasm-1' | 'wasm-2' | 'webgpu'>,
  plan: Partial<RunRequest['plan']> = {},
): RunRequest {
  const model = MODEL_CATALOG[0]!;
  return {
    plan: {
      modelId: model.id,
      input: 'synthetic',
      backends: keys.map((key) =>
        key === 'webgpu'
          ? { backend: 'webgpu', threads: 2 }
          : { backend: 'wasm', threads: Number(key.slice(5)) },
      ),
      protocol: { warmUp: 1, stop: { kind: 'iterations', count: 3 } },
      profileRuns: 1,
      overheadPairs: 2,
      ...plan,
    },
    model,
    folder: 'http://localhost/models/x',
    input: { kind: 'synthetic' },
    environment: {
      runner: 'app',
      userAgent: ENVIRONMENT.userAgent,
      hardwareConcurrency: 2,
      crossOriginIsolated: true,
      webgpu: ENVIRONMENT.webgpu,
    },
  };
}

function runner(
  workers: FakeOptions[],
  log: string[],
  onStart?: (r: BenchRunner, index: number) => void,
  onSamples?: (r: BenchRunner, key: string) => void,
) {
  let started = 0;
  const samples: Record<string, number[]> = {};
  const instance: BenchRunner = new BenchRunner({
    startWorker: () => {
      const index = started++;
      onStart?.(instance, index);
      return fakeWorker(workers[index] ?? {}, log);
    },
    now: () => 0,
    onProgress: () => undefined,
    onSamples: (key, s) => {
      samples[key] = [...(samples[key] ?? []), ...s];
      onSamples?.(instance, key);
    },
    isPageHidden: () => false,
    graceMs: 20,
  });
  return { instance, samples };
}

describe('the benchmark runner', () => {
  it('runs each configuration in its own worker and assembles a full result', async () => {
    const log: string[] = [];
    const { instance, samples } = runner([{ runMs: 10 }, { runMs: 5, output: 1.5 }], log);
    const result = await instance.run(request(['wasm-1', 'wasm-2']));
    expect(result.outcome).toBe('complete');
    expect(result.backends.map((b) => [b.key, b.status, b.samplesMs.length, b.warmUpMs.length])).toEqual([
      ['wasm-1', 'ok', 3, 1],
      ['wasm-2', 'ok', 3, 1],
    ]);
    expect(result.comparisons[0]?.speedup?.ratio).toBe(2);
    expect(result.correctness[0]).toMatchObject({ reference: 'wasm-1', candidate: 'wasm-2', agrees: false });
    expect(result.overhead.map((o) => o.pairs)).toEqual([2, 2]);
    expect(result.environment).toMatchObject({ ortVersion: '1.30.0', simd: true, timerResolutionMs: 0.005 });
    expect(samples['wasm-1']).toEqual([10, 10, 10]);
    expect(log).toEqual(['terminate:done', 'terminate:done']);
  });

  it('reports progress by expected time, never backwards, with the time left', async () => {
    let clock = 0;
    const progress: RunProgress[] = [];
    const instance = new BenchRunner({
      startWorker: () => fakeWorker({ runMs: 10 }, []),
      now: () => (clock += 7),
      onProgress: (p) => progress.push(p),
      onSamples: () => undefined,
      isPageHidden: () => false,
      tickMs: 0,
    });
    await instance.run({ ...request(['wasm-1', 'wasm-2']), cost: { flops: 1e6, fileBytes: 1e5 } });
    expect(progress.length).toBeGreaterThan(8);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBeGreaterThan(0.5);
    expect(progress.every((p) => p.remainingMs !== null && p.remainingMs >= 0)).toBe(true);
    expect(progress.map((p) => p.label)).toContain('WASM 2 threads');
  });

  it('reports a configuration that cannot create a session and runs the others', async () => {
    const { instance } = runner([{}, { failPrepare: true }, {}], []);
    const result = await instance.run(request(['wasm-1', 'webgpu', 'wasm-2']));
    expect(result.outcome).toBe('some-failed');
    expect(result.backends.map((b) => b.status)).toEqual(['ok', 'failed', 'ok']);
    expect(result.backends[1]?.error?.code).toBe('session-create-failed');
    expect(result.warnings).toContain('WebGPU failed: No session.');
  });

  it('cancels cooperatively, keeps finished configurations and skips the rest', async () => {
    const log: string[] = [];
    const { instance } = runner([{}, {}, {}], log, undefined, (r, key) => key === 'wasm-2' && r.cancel());
    const result = await instance.run(
      request(['wasm-1', 'wasm-2', 'webgpu'], {
        protocol: { warmUp: 0, stop: { kind: 'time', budgetMs: 50, maxIterations: 1e5 } },
      }),
    );
    expect(result.outcome).toBe('cancelled');
    expect(result.backends.map((b) => [b.status, b.samplesMs.length])).toEqual([
      ['ok', 5],
      ['cancelled', 1],
      ['skipped', 0],
    ]);
    expect(result.backends[0]?.profileNote).toBe('fake');
    expect(result.overhead.map((o) => o.backend)).toEqual(['wasm-1']);
    expect(log).toEqual(['terminate:done', 'cancel', 'terminate:done']);
  });

  it('honours a Cancel that came while the worker was starting', async () => {
    const { instance } = runner([{}], [], (r) => r.cancel());
    const result = await instance.run(request(['wasm-1']));
    expect(result.backends[0]).toMatchObject({ status: 'cancelled', samplesMs: [] });
  });

  it('terminates a worker that does not stop, keeping the samples it streamed', async () => {
    const log: string[] = [];
    const { instance } = runner([{ hang: true }], log, (r) => setTimeout(() => r.cancel(), 5));
    const result = await instance.run(request(['wasm-1']));
    expect(result.backends[0]).toMatchObject({
      status: 'cancelled',
      samplesMs: [5, 6],
      stoppedBy: 'cancelled',
    });
    expect(result.backends[0]?.error?.code).toBe('bench-cancelled');
    expect(log.slice(0, 2)).toEqual(['cancel', 'terminate:bench-cancelled']);
  });
});
