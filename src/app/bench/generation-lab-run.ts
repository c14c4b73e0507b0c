// Runs the Benchmark lab's generation plan on GenerationBench (the Generate view's own worker code, as
// `npm run bench -- --generate` does): every configuration opened in a fresh worker (model loaded, one
// untimed generation), then the timed greedy generations in rotating interleaved rounds — on a shared
// machine load drifts, and interleaving spreads it evenly over the configurations — then every worker
// ended. Framework-free: the lab's controller hands it the bench and watches its progress.
import { configLabel, type BackendConfig } from '../../lib/bench/plan.ts';
import {
  configurationBudget,
  type GenerationConfigRun,
  type GenerationPlan,
} from '../../lib/bench/generation-result.ts';
import { GlassboxError, toErrorData } from '../../lib/errors.ts';
import type {
  GenerationBenchOpened,
  GenerationBenchRequest,
  GenerationBenchTimedRun,
} from '../generate/generation-bench.ts';

/** The part of GenerationBench the run uses (tests pass a fake). */
export interface GenerationBenchLike {
  start(request: GenerationBenchRequest): Promise<GenerationBenchOpened>;
  run(id: number, maxNewTokens?: number): Promise<GenerationBenchTimedRun>;
  stop(id: number): void;
  /** Ends configuration id's worker now: a generation in flight rejects with error. */
  abort(id: number, error: GlassboxError): void;
}

export interface GenerationLabProgress {
  /** "Loading WASM 2 threads", "Round 2 of 3". */
  stage: string;
  /** Timed generations done and planned, over every configuration. */
  done: number;
  total: number;
}

export interface GenerationLabHooks {
  onProgress(progress: GenerationLabProgress): void;
  /** A configuration's record changed (loaded, one more generation): the panel shows figures as they come. */
  onRecord(runs: readonly GenerationConfigRun[]): void;
}

export function generationCancelledError(): GlassboxError {
  return new GlassboxError({
    code: 'bench-cancelled',
    message: 'Cancelled before this configuration finished.',
    remedy: 'Run the benchmark again to measure it.',
  });
}

function emptyRun(
  config: BackendConfig,
  budget: { maxNewTokens: number; repeats: number },
): GenerationConfigRun {
  return {
    config,
    status: 'skipped',
    error: null,
    maxNewTokens: budget.maxNewTokens,
    repeatsPlanned: budget.repeats,
    threadsUsed: null,
    loadMs: null,
    weightsBytes: null,
    layers: null,
    runs: [],
    lastIds: [],
    lastText: '',
  };
}

export class GenerationLabRun {
  private cancelled = false;
  /** Configurations open now, by their bench id. */
  private readonly open = new Map<number, GenerationConfigRun>();

  constructor(
    private readonly bench: GenerationBenchLike,
    private readonly hooks: GenerationLabHooks,
  ) {}

  get wasCancelled(): boolean {
    return this.cancelled;
  }

  /** Stops now: the generation in flight is abandoned, finished ones are kept. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const id of this.open.keys()) this.bench.abort(id, generationCancelledError());
  }

  async run(
    plan: GenerationPlan,
    model: GenerationBenchRequest['model'],
    softwareWebgpu: boolean,
  ): Promise<GenerationConfigRun[]> {
    const records = plan.backends.map((config) =>
      emptyRun(config, configurationBudget(plan, config, softwareWebgpu)),
    );
    const total = records.reduce((sum, record) => sum + record.repeatsPlanned, 0);
    let done = 0;
    const ids = new Map<GenerationConfigRun, number>();
    const changed = (): void => this.hooks.onRecord(records);
    try {
      for (const record of records) {
        if (this.cancelled) break;
        this.hooks.onProgress({ stage: `Loading ${configLabel(record.config)}`, done, total });
        try {
          const opened = await this.bench.start({
            model,
            backend: record.config.backend,
            threads: record.config.threads,
            prompt: plan.prompt,
            maxNewTokens: record.maxNewTokens,
          });
          ids.set(record, opened.id);
          this.open.set(opened.id, record);
          Object.assign(record, {
            status: 'ok',
            threadsUsed: opened.wasmThreads,
            loadMs: opened.loadMs,
            weightsBytes: opened.weightsBytes,
            layers: opened.layers,
          });
          // Cancelled while it loaded: the worker is open now, so end it with the rest.
          if (this.cancelled) this.bench.abort(opened.id, generationCancelledError());
        } catch (error) {
          this.fail(record, error);
        }
        changed();
      }
      const rounds = Math.max(0, ...records.map((record) => record.repeatsPlanned));
      for (let round = 0; round < rounds && !this.cancelled; round++) {
        this.hooks.onProgress({ stage: `Round ${round + 1} of ${rounds}`, done, total });
        // Rotating order: no configuration always runs right after another.
        for (let i = 0; i < records.length && !this.cancelled; i++) {
          const record = records[(round + i) % records.length] as GenerationConfigRun;
          const id = ids.get(record);
          if (id === undefined || record.status !== 'ok' || record.runs.length >= record.repeatsPlanned)
            continue;
          try {
            const timed = await this.bench.run(id);
            record.runs.push({
              firstTokenMs: timed.firstTokenMs,
              prefillTokensPerSecond: timed.prefillTokensPerSecond,
              decodeTokensPerSecond: timed.decodeTokensPerSecond,
              promptTokens: timed.promptTokens,
              generatedTokens: timed.ids.length,
              cacheBytes: timed.cacheBytes,
            });
            record.lastIds = timed.ids;
            record.lastText = timed.text;
            done++;
          } catch (error) {
            this.fail(record, error);
          }
          changed();
          this.hooks.onProgress({ stage: `Round ${round + 1} of ${rounds}`, done, total });
        }
      }
    } finally {
      for (const id of ids.values()) this.bench.stop(id);
      this.open.clear();
    }
    if (this.cancelled) {
      for (const record of records) {
        if (record.status === 'ok' && record.runs.length < record.repeatsPlanned) record.status = 'cancelled';
        if (record.status === 'cancelled' && !record.error)
          record.error = toErrorData(generationCancelledError());
      }
    }
    return records;
  }

  private fail(record: GenerationConfigRun, error: unknown): void {
    const data = toErrorData(error);
    if (this.cancelled || data.code === 'bench-cancelled') {
      record.status = 'cancelled';
      record.error = data.code === 'bench-cancelled' ? data : toErrorData(generationCancelledError());
      return;
    }
    record.status = 'failed';
    record.error = data;
  }
}
