// The lab's generation run on a fake GenerationBench: every configuration opened before any is timed,
// timed generations in rotating rounds, a software adapter's WebGPU with fewer tokens and repeats, a
// configuration that fails to load kept as failed while the others run, and Cancel that ends the workers
// at once and keeps the generations that finished.
import { describe, expect, it } from 'vitest';
import { GenerationLabRun, type GenerationBenchLike } from '../../../src/app/bench/generation-lab-run.ts';
import type {
  GenerationBenchOpened,
  GenerationBenchRequest,
  GenerationBenchTimedRun,
} from '../../../src/app/generate/generation-bench.ts';
import type { GenerationPlan } from '../../../src/lib/bench/generation-result.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';

const PLAN: GenerationPlan = {
  modelId: 'tiny-bible-gpt',
  prompt: 'In the beginning',
  maxNewTokens: 16,
  repeats: 3,
  backends: [
    { backend: 'wasm', threads: 1 },
    { backend: 'wasm', threads: 2 },
    { backend: 'webgpu', threads: 2 },
  ],
};

class FakeBench implements GenerationBenchLike {
  readonly calls: string[] = [];
  readonly requests = new Map<number, GenerationBenchRequest>();
  readonly stopped: number[] = [];
  readonly aborted: number[] = [];
  failLoad: string | null = null;
  /** Called before each timed run resolves (a test cancels from here). */
  beforeRun: (id: number) => void = () => {};
  private pending = new Map<number, (error: GlassboxError) => void>();
  private next = 1;

  async start(request: GenerationBenchRequest): Promise<GenerationBenchOpened> {
    const label = request.backend === 'webgpu' ? 'webgpu' : `wasm-${request.threads}`;
    this.calls.push(`start ${label}`);
    if (this.failLoad === label)
      throw new GlassboxError({
        code: 'session-create-failed',
        message: `${label} would not load.`,
        remedy: 'None.',
      });
    const id = this.next++;
    this.requests.set(id, request);
    return {
      id,
      backend: request.backend,
      wasmThreads: request.backend === 'wasm' ? request.threads : null,
      webgpu: null,
      weightsBytes: 6_500_000,
      layers: 4,
      loadMs: 120,
    };
  }

  run(id: number): Promise<GenerationBenchTimedRun> {
    this.calls.push(`run ${id}`);
    const request = this.requests.get(id) as GenerationBenchRequest;
    return new Promise((resolve, reject) => {
      this.pending.set(id, reject);
      this.beforeRun(id);
      queueMicrotask(() =>
        resolve({
          firstTokenMs: 4,
          prefillTokensPerSecond: 1000,
          decodeTokensPerSecond: 100 * id,
          promptTokens: 4,
          ids: Array.from({ length: request.maxNewTokens }, (_, i) => i),
          cacheBytes: 2048,
          text: ' the heaven',
        }),
      );
    });
  }

  stop(id: number): void {
    this.stopped.push(id);
  }

  abort(id: number, error: GlassboxError): void {
    this.aborted.push(id);
    this.pending.get(id)?.(error);
  }
}

const noHooks = { onProgress: () => {}, onRecord: () => {} };

describe('GenerationLabRun', () => {
  it('opens every configuration, then times them in rotating rounds, then ends every worker', async () => {
    const bench = new FakeBench();
    const progress: string[] = [];
    const run = new GenerationLabRun(bench, {
      ...noHooks,
      onProgress: (p) => progress.push(`${p.stage} ${p.done}/${p.total}`),
    });
    const records = await run.run(PLAN, { catalogId: 'tiny-bible-gpt' }, false);
    expect(bench.calls).toEqual([
      'start wasm-1',
      'start wasm-2',
      'start webgpu',
      'run 1',
      'run 2',
      'run 3',
      'run 2',
      'run 3',
      'run 1',
      'run 3',
      'run 1',
      'run 2',
    ]);
    expect(bench.stopped.sort()).toEqual([1, 2, 3]);
    expect(records.map((r) => [r.status, r.runs.length, r.threadsUsed])).toEqual([
      ['ok', 3, 1],
      ['ok', 3, 2],
      ['ok', 3, null],
    ]);
    expect(records[1]?.runs[0]).toMatchObject({
      decodeTokensPerSecond: 200,
      generatedTokens: 16,
      cacheBytes: 2048,
    });
    expect(progress[0]).toBe('Loading WASM 1 thread 0/9');
    expect(progress.at(-1)).toBe('Round 3 of 3 9/9');
  });

  it('gives a software adapter’s WebGPU few tokens and repeats', async () => {
    const bench = new FakeBench();
    const records = await new GenerationLabRun(bench, noHooks).run(
      PLAN,
      { catalogId: 'tiny-bible-gpt' },
      true,
    );
    expect(bench.requests.get(3)?.maxNewTokens).toBe(8);
    expect(records[2]).toMatchObject({ maxNewTokens: 8, repeatsPlanned: 2 });
    expect(records[2]?.runs).toHaveLength(2);
    expect(records[0]?.runs).toHaveLength(3);
  });

  it('keeps a configuration that fails to load as failed and measures the others', async () => {
    const bench = new FakeBench();
    bench.failLoad = 'wasm-2';
    const records = await new GenerationLabRun(bench, noHooks).run(
      PLAN,
      { catalogId: 'tiny-bible-gpt' },
      false,
    );
    expect(records[1]).toMatchObject({
      status: 'failed',
      runs: [],
      error: { message: 'wasm-2 would not load.' },
    });
    expect(records[0]?.runs).toHaveLength(3);
    expect(records[2]?.runs).toHaveLength(3);
  });

  it('cancels at once: the generation in flight is abandoned, finished ones kept, every worker ended', async () => {
    const bench = new FakeBench();
    const run = new GenerationLabRun(bench, noHooks);
    let runs = 0;
    bench.beforeRun = () => {
      if (++runs === 4) run.cancel();
    };
    const records = await run.run(PLAN, { catalogId: 'tiny-bible-gpt' }, false);
    expect(run.wasCancelled).toBe(true);
    expect(bench.aborted.sort()).toEqual([1, 2, 3]);
    expect(bench.stopped.sort()).toEqual([1, 2, 3]);
    expect(records.map((r) => r.runs.length)).toEqual([1, 1, 1]);
    expect(records.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(records[1]?.error?.code).toBe('bench-cancelled');
    expect(bench.calls.filter((call) => call.startsWith('run'))).toHaveLength(4);
  });
});
