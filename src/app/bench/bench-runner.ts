// Runs a benchmark plan: one fresh worker per backend configuration, one after another — prepare (the
// cold start), measure, profile, overhead pairs — then correctness, speedups and warnings. Framework-free:
// the lab's controller hands it the page's environment and input and watches its progress.
import {
  compareToBaseline,
  outcomeOf,
  runWarnings,
  skippedRun,
  toBackendResult,
  type BackendRun,
} from '../../lib/bench/assemble.ts';
import { compareOutputs } from '../../lib/bench/correctness.ts';
import type { ModelCost } from '../../lib/bench/estimate.ts';
import { configKey, configLabel, type BackendConfig, type BenchPlan } from '../../lib/bench/plan.ts';
import { ProgressEstimator } from '../../lib/bench/progress-estimate.ts';
import type {
  BenchEnvironment,
  BenchResult,
  CorrectnessResult,
  ModelDescription,
  OverheadResult,
} from '../../lib/bench/result-types.ts';
import type { CatalogEntry } from '../../lib/catalog/model-catalog.ts';
import type { SyntheticSpec } from '../../lib/synthetic/index.ts';
import { GlassboxError, toErrorData } from '../../lib/errors.ts';
import type { BenchInput } from '../../contracts/bench.ts';
import type { BenchProgress, PreparedBackend } from '../../contracts/bench.ts';
import { measureOverhead } from './bench-overhead.ts';
import { remoteCallback, type BenchWorkerHandle } from './bench-worker.ts';

export type RunStage = BenchProgress['stage'] | 'starting' | 'overhead';

export interface RunProgress {
  configIndex: number;
  configCount: number;
  label: string;
  stage: RunStage;
  done: number;
  total: number | null;
  /** The whole run, 0..1, weighted by expected time; never decreases. */
  fraction: number;
  elapsedMs: number;
  /** Expected time left, corrected by the run's own timings; rises by at most the estimate's error. */
  remainingMs: number | null;
  /** The run has outlasted its estimate and the estimate's stated error. */
  overEstimate?: boolean;
}

/** The page-side facts; the worker adds timer resolution, SIMD and the ORT version. */
export type PageEnvironment = Omit<BenchEnvironment, 'timerResolutionMs' | 'simd' | 'ortVersion'>;

export interface RunRequest {
  plan: BenchPlan;
  model: Pick<CatalogEntry, 'id' | 'name'> & { task: CatalogEntry['task'] | 'generic' };
  /** A synthetic model: the worker generates it from this spec instead of fetching it. */
  synthetic?: SyntheticSpec;
  /** A local model file's bytes (the lab's "Local file"): sent to each configuration's worker. */
  file?: Uint8Array;
  /** Absolute URL of the model folder. */
  folder: string;
  input: BenchInput;
  environment: PageEnvironment;
  /** The model's FLOPs and size, for the time-weighted progress; without it, a rougher guess. */
  cost?: ModelCost;
  /** This machine's speed now against the estimate's reference machine (the lab's speed probe). */
  speed?: number;
}

export interface RunnerHooks {
  startWorker(): BenchWorkerHandle;
  now(): number;
  onProgress(progress: RunProgress): void;
  /** New measured samples of one configuration, for the live chart. */
  onSamples(key: string, samplesMs: number[]): void;
  isPageHidden(): boolean;
  /** How long a cancelled worker may take to stop by itself before it is terminated. */
  graceMs?: number;
  /** How often the time left is shown again between the workers' reports (0 = only on reports). */
  tickMs?: number;
}

function cancelledError(): GlassboxError {
  return new GlassboxError({
    code: 'bench-cancelled',
    message: 'Cancelled before this configuration finished.',
    remedy: 'Run the benchmark again to measure it.',
  });
}

interface ConfigOutcome {
  run: BackendRun;
  prepared: PreparedBackend | null;
  overhead: OverheadResult | null;
}

interface LiveConfig {
  handle: BenchWorkerHandle;
  hidden: boolean;
  grace: ReturnType<typeof setTimeout> | null;
}

export class BenchRunner {
  private cancelled = false;
  private live: LiveConfig | null = null;
  private estimator: ProgressEstimator | null = null;
  private lastProgress: RunProgress | null = null;

  constructor(private readonly hooks: RunnerHooks) {}

  /** Asks the running worker to stop after its current run; terminates it if it does not in time. */
  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const live = this.live;
    if (!live) return;
    live.handle.call((service) => service.cancel()).catch(() => undefined);
    live.grace = setTimeout(() => live.handle.terminate(cancelledError()), this.hooks.graceMs ?? 1500);
  }

  /** The page was hidden: timings of the configuration running now are unreliable. */
  notePageHidden(): void {
    if (this.live) this.live.hidden = true;
  }

  async run(request: RunRequest): Promise<BenchResult> {
    const started = this.hooks.now();
    const createdAt = new Date().toISOString();
    const outcomes: ConfigOutcome[] = [];
    const { backends } = request.plan;
    this.estimator = new ProgressEstimator(
      request.plan,
      request.cost ?? { flops: null, fileBytes: 0 },
      {
        cores: request.environment.hardwareConcurrency,
        webgpuSoftware: request.environment.webgpu.available && request.environment.webgpu.isSoftware,
        ...(request.speed ? { speed: request.speed } : {}),
      },
      () => this.hooks.now(),
    );
    // A first run compiling shaders may report nothing for many seconds: the time left still counts down.
    const tickMs = this.hooks.tickMs ?? 1000;
    const ticker = tickMs > 0 ? setInterval(() => this.tick(), tickMs) : null;
    try {
      for (const [index, config] of backends.entries()) {
        outcomes.push(
          this.cancelled
            ? { run: skippedRun(config), prepared: null, overhead: null }
            : await this.runConfig(request, config, index),
        );
      }
    } finally {
      if (ticker) clearInterval(ticker);
    }
    const firstPrepared = outcomes.find((outcome) => outcome.prepared)?.prepared ?? null;
    const environment: BenchEnvironment = {
      ...request.environment,
      timerResolutionMs: firstPrepared?.timerResolutionMs ?? null,
      simd: firstPrepared?.simd ?? false,
      ortVersion: firstPrepared?.ortVersion ?? 'unknown',
    };
    const results = outcomes.map((outcome) => toBackendResult(outcome.run, environment));
    const correctness = compareBackends(outcomes);
    const model: ModelDescription = {
      id: request.model.id,
      name: request.model.name,
      task: request.model.task,
      sha256: firstPrepared?.sha256 ?? '',
      fileBytes: firstPrepared?.fileBytes ?? 0,
      inputs: firstPrepared?.inputs ?? [],
      ...(typeof firstPrepared?.flops === 'number' ? { flops: firstPrepared.flops } : {}),
    };
    return {
      schema: 'glassbox-bench-result',
      version: 1,
      id: `bench-${createdAt}-${Math.random().toString(36).slice(2, 8)}`,
      createdAt,
      durationMs: this.hooks.now() - started,
      outcome: outcomeOf(results, this.cancelled),
      model,
      input: {
        kind: request.input.kind,
        description: firstPrepared?.inputDescription ?? request.input.kind,
      },
      plan: request.plan,
      environment,
      backends: results,
      comparisons: compareToBaseline(results),
      correctness,
      overhead: outcomes.flatMap((outcome) => (outcome.overhead ? [outcome.overhead] : [])),
      warnings: runWarnings(results, correctness, environment, this.cancelled),
    };
  }

  private report(
    index: number,
    count: number,
    config: BackendConfig,
    progress: Pick<RunProgress, 'stage' | 'done' | 'total'>,
    measured: { newSamplesMs?: number[]; stageElapsedMs?: number } = {},
  ): void {
    const reading = this.estimator?.observe({ configIndex: index, ...progress, ...measured });
    this.lastProgress = {
      ...progress,
      configIndex: index,
      configCount: count,
      label: configLabel(config),
      fraction: reading?.fraction ?? 0,
      elapsedMs: reading?.elapsedMs ?? 0,
      remainingMs: reading?.remainingMs ?? null,
      overEstimate: reading?.overEstimate ?? false,
    };
    this.hooks.onProgress(this.lastProgress);
  }

  private tick(): void {
    const last = this.lastProgress;
    const reading = this.estimator?.reading();
    if (!last || !reading || this.cancelled) return;
    this.lastProgress = {
      ...last,
      fraction: reading.fraction,
      elapsedMs: reading.elapsedMs,
      remainingMs: reading.remainingMs,
      overEstimate: reading.overEstimate,
    };
    this.hooks.onProgress(this.lastProgress);
  }

  private async runConfig(request: RunRequest, config: BackendConfig, index: number): Promise<ConfigOutcome> {
    const count = request.plan.backends.length;
    const key = configKey(config);
    const handle = this.hooks.startWorker();
    const live: LiveConfig = { handle, hidden: this.hooks.isPageHidden(), grace: null };
    this.live = live;
    const run: BackendRun = { ...skippedRun(config), status: 'failed' };
    const streamed: number[] = [];
    const onProgress = remoteCallback((progress: BenchProgress) => {
      if (progress.stage === 'measure' && progress.newSamplesMs.length > 0) {
        streamed.push(...progress.newSamplesMs);
        this.hooks.onSamples(key, progress.newSamplesMs);
      }
      const done = 'done' in progress ? progress.done : 0;
      const total =
        'total' in progress ? progress.total : progress.stage === 'fetch' ? progress.totalBytes : null;
      const loaded = progress.stage === 'fetch' ? progress.loadedBytes : done;
      const measured =
        progress.stage === 'warm-up' || progress.stage === 'measure'
          ? {
              newSamplesMs: progress.newSamplesMs,
              ...(progress.elapsedMs === undefined ? {} : { stageElapsedMs: progress.elapsedMs }),
            }
          : {};
      this.report(index, count, config, { stage: progress.stage, done: loaded, total }, measured);
    });
    let prepared: PreparedBackend | null = null;
    let overhead: OverheadResult | null = null;
    try {
      this.report(index, count, config, { stage: 'starting', done: 0, total: null });
      prepared = await handle.call((service) =>
        service.prepare(
          {
            model: {
              id: request.model.id,
              folder: request.folder,
              task: request.model.task,
              ...(request.synthetic ? { synthetic: request.synthetic } : {}),
              ...(request.file ? { file: request.file } : {}),
            },
            config,
            input: request.input,
          },
          onProgress,
        ),
      );
      run.threadsUsed = prepared.threadsUsed;
      run.coldStart = prepared.coldStart;
      // A Cancel that came while the worker started had no worker to tell: honour it here.
      if (this.cancelled) throw cancelledError();
      const outcome = await handle.call((service) => service.measure(request.plan.protocol, onProgress));
      run.warmUpMs = outcome.warmUpMs;
      run.samplesMs = outcome.samplesMs;
      run.stoppedBy = outcome.stoppedBy;
      run.status = outcome.stoppedBy === 'cancelled' ? 'cancelled' : 'ok';
      if (!this.cancelled && request.plan.profileRuns > 0)
        await this.profile(handle, request.plan.profileRuns, run, onProgress);
      if (!this.cancelled && request.plan.overheadPairs > 0) {
        overhead = await measureOverhead(handle, key, request.plan.overheadPairs, {
          now: () => this.hooks.now(),
          cancelled: () => this.cancelled,
          report: (done, total) => this.report(index, count, config, { stage: 'overhead', done, total }),
        });
      }
    } catch (error) {
      const data = toErrorData(error);
      if (this.cancelled || data.code === 'bench-cancelled') {
        run.status = 'cancelled';
        run.error = data.code === 'bench-cancelled' ? data : cancelledError();
        if (run.samplesMs.length === 0) run.samplesMs = streamed;
        run.stoppedBy = 'cancelled';
      } else if (run.samplesMs.length > 0) {
        run.profileNote = `A phase after measuring failed: ${data.message}`;
      } else {
        run.status = 'failed';
        run.error = data;
      }
    } finally {
      if (live.grace) clearTimeout(live.grace);
      handle.terminate();
      this.live = null;
    }
    run.pageHidden = live.hidden;
    return { run, prepared, overhead };
  }

  private async profile(
    handle: BenchWorkerHandle,
    runs: number,
    run: BackendRun,
    onProgress: (progress: BenchProgress) => void,
  ): Promise<void> {
    try {
      const profile = await handle.call((service) => service.profile(runs, onProgress));
      run.profiles = profile.profiles;
      run.cpuFallbackNodes = profile.cpuFallbackNodes;
      run.profileNote = profile.note;
    } catch (error) {
      if (this.cancelled) throw error;
      // A failed profile costs the profile, not the measured figures.
      run.profileNote = `Profiling failed: ${toErrorData(error).message}`;
    }
  }
}

/** Every configuration's first-run outputs against the first configuration that produced any. */
function compareBackends(outcomes: readonly ConfigOutcome[]): CorrectnessResult[] {
  const withOutputs = outcomes.flatMap((outcome) =>
    outcome.prepared ? [{ key: configKey(outcome.run.config), outputs: outcome.prepared.outputs }] : [],
  );
  const [reference, ...candidates] = withOutputs;
  if (!reference) return [];
  return candidates.map((candidate) => {
    const outputs = compareOutputs(reference.outputs, candidate.outputs);
    return {
      reference: reference.key,
      candidate: candidate.key,
      agrees: outputs.every((output) => output.agrees),
      outputs,
    };
  });
}
