// State and actions of the scale sweep: one synthetic architecture at growing sizes, each size run by the
// benchmark runner on the same configurations (a fresh worker per configuration, as the lab does), then
// latency and GFLOP/s against FLOPs and the WebGPU crossover. Also the command-line entry (runForCli).
import {
  configKey,
  defaultBackendConfigs,
  parseConfigKey,
  type BackendConfig,
} from '../../lib/bench/plan.ts';
import type { BenchResult } from '../../lib/bench/result-types.ts';
import {
  configsAtSize,
  findCrossover,
  SOFTWARE_WEBGPU_SIZES,
  sweepPoint,
  sweepSizes,
  sweepToCsv,
  sweepToMarkdown,
  sweepWarnings,
  SWEEP_SCHEMA_NAME,
  type SweepPoint,
  type SweepResult,
} from '../../lib/bench/sweep.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import { RANDOM_WEIGHTS_NOTE, syntheticPreset, type SweepFamily } from '../../lib/synthetic/index.ts';
import { capturePageEnvironment } from './bench-environment.ts';
import { download } from './bench-files.ts';
import { BenchRunner, type PageEnvironment } from './bench-runner.ts';
import { startBenchWorker } from './bench-worker.ts';

export type SweepStatus =
  | { kind: 'idle' }
  | { kind: 'running'; size: number; sizes: number; label: string; fraction: number }
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'failed'; error: ErrorData };

export interface CliSweepOptions {
  family: SweepFamily;
  /** Preset ids; default: every size of the family. */
  sizes?: string[];
  backends?: string[];
  warmUp?: number;
  timeBudgetMs?: number;
  maxIterations?: number;
}

export class SweepLab {
  family = $state<SweepFamily>('matmul');
  /** Chosen preset ids of the family. */
  sizes = $state<string[]>(sweepSizes('matmul').slice(0, 3));
  /** Seconds of timed runs per configuration and size. */
  budgetSeconds = $state(1);
  maxIterations = $state(30);
  warmUp = $state(2);
  status = $state<SweepStatus>({ kind: 'idle' });
  result = $state.raw<SweepResult | null>(null);
  private runner: BenchRunner | null = null;
  private cancelled = false;

  setFamily(family: SweepFamily): void {
    this.family = family;
    this.sizes = sweepSizes(family).slice(0, 3);
  }

  toggleSize(id: string): void {
    this.sizes = this.sizes.includes(id) ? this.sizes.filter((s) => s !== id) : [...this.sizes, id];
  }

  cancel(): void {
    this.cancelled = true;
    this.runner?.cancel();
  }

  /** Runs the chosen sizes on the given configurations (the lab's selection) in size order. */
  async run(selected: readonly BackendConfig[], runner: 'app' | 'cli' = 'app'): Promise<SweepResult | null> {
    if (this.status.kind === 'running') return null;
    const ids = sweepSizes(this.family, this.sizes);
    const problems: string[] = [];
    if (ids.length === 0) problems.push('Choose at least one size to sweep.');
    if (selected.length === 0) problems.push('Choose at least one backend to measure.');
    if (!(this.budgetSeconds > 0 && this.budgetSeconds <= 60))
      problems.push('The time per configuration must be more than 0 and at most 60 s.');
    if (problems.length > 0) {
      this.status = { kind: 'invalid', problems };
      return null;
    }
    this.cancelled = false;
    const started = performance.now();
    const createdAt = new Date().toISOString();
    const points: SweepPoint[] = [];
    let lastResult: BenchResult | null = null;
    try {
      const environment = await capturePageEnvironment(runner);
      const software = environment.webgpu.available && environment.webgpu.isSoftware;
      for (const [index, id] of ids.entries()) {
        const preset = syntheticPreset(id);
        if (!preset) continue;
        const configs = this.cancelled ? [] : configsAtSize(selected, index, software);
        this.status = {
          kind: 'running',
          size: index,
          sizes: ids.length,
          label: preset.name,
          fraction: index / ids.length,
        };
        const result =
          configs.length > 0
            ? await this.runSize(preset.id, preset.name, configs, environment, index, ids.length)
            : null;
        if (result) lastResult = result;
        points.push(
          sweepPoint(id, preset.name, selected, result, (config) =>
            this.cancelled
              ? 'cancelled'
              : config.backend === 'webgpu' && software
                ? `software adapter: WebGPU runs only the ${SOFTWARE_WEBGPU_SIZES} smallest sizes`
                : null,
          ),
        );
      }
      const benchEnvironment = lastResult?.environment ?? null;
      const softwareAdapter = environment.webgpu.available && environment.webgpu.isSoftware;
      const result: SweepResult = {
        schema: SWEEP_SCHEMA_NAME,
        version: 1,
        id: `sweep-${createdAt}-${Math.random().toString(36).slice(2, 8)}`,
        createdAt,
        durationMs: performance.now() - started,
        family: this.family,
        note: RANDOM_WEIGHTS_NOTE,
        configs: selected.map((config) => {
          const key = configKey(config);
          const label = points.flatMap((p) => p.backends).find((b) => b.key === key)?.label ?? key;
          return { key, label };
        }),
        points,
        crossover: findCrossover(points, softwareAdapter),
        environment: benchEnvironment,
        warnings: sweepWarnings(points, benchEnvironment),
      };
      if (this.cancelled) result.warnings.unshift('Cancelled: the sizes after it were not measured.');
      this.result = result;
      this.status = { kind: 'idle' };
      return result;
    } catch (error) {
      this.status = { kind: 'failed', error: toErrorData(error) };
      return null;
    } finally {
      this.runner = null;
    }
  }

  private async runSize(
    id: string,
    name: string,
    configs: BackendConfig[],
    environment: PageEnvironment,
    index: number,
    count: number,
  ): Promise<BenchResult> {
    const preset = syntheticPreset(id);
    const runner = new BenchRunner({
      startWorker: startBenchWorker,
      now: () => performance.now(),
      isPageHidden: () => document.visibilityState === 'hidden',
      onSamples: () => undefined,
      onProgress: (progress) => {
        if (this.status.kind === 'running')
          this.status = {
            ...this.status,
            label: `${name}: ${progress.label}`,
            fraction: (index + progress.fraction) / count,
          };
      },
    });
    this.runner = runner;
    return runner.run({
      plan: {
        modelId: `synthetic:${id}`,
        input: 'synthetic',
        backends: configs,
        protocol: {
          warmUp: this.warmUp,
          stop: { kind: 'time', budgetMs: this.budgetSeconds * 1000, maxIterations: this.maxIterations },
        },
        profileRuns: 0,
        overheadPairs: 0,
      },
      model: { id: `synthetic:${id}`, name: `${name} (${RANDOM_WEIGHTS_NOTE})`, task: 'generic' },
      ...(preset ? { synthetic: preset.model } : {}),
      folder: `synthetic:${id}`,
      input: { kind: 'synthetic' },
      environment,
    });
  }

  exportJson(result: SweepResult): void {
    download(`${fileStem(result)}.json`, 'application/json', `${JSON.stringify(result, null, 2)}\n`);
  }

  exportCsv(result: SweepResult): void {
    download(`${fileStem(result)}.csv`, 'text/csv', sweepToCsv(result));
  }

  markdown(result: SweepResult): string {
    return sweepToMarkdown(result);
  }

  /** The command line's entry: configurations by key (wasm-1, wasm-2, webgpu), else the usual three. */
  async runForCli(options: CliSweepOptions): Promise<SweepResult> {
    const environment = await capturePageEnvironment('cli');
    const many = Math.min(4, environment.hardwareConcurrency);
    const configs = options.backends
      ? options.backends.map((key) => parseConfigKey(key, many))
      : defaultBackendConfigs(environment.hardwareConcurrency, environment.webgpu.available);
    if (configs.some((config) => config === null))
      throw new Error(`Unknown backend configuration in ${options.backends?.join(', ')}`);
    this.family = options.family;
    this.sizes = options.sizes ?? sweepSizes(options.family);
    this.warmUp = options.warmUp ?? this.warmUp;
    if (options.timeBudgetMs !== undefined) this.budgetSeconds = options.timeBudgetMs / 1000;
    if (options.maxIterations !== undefined) this.maxIterations = options.maxIterations;
    const result = await this.run(configs as BackendConfig[], 'cli');
    if (result) return result;
    const status = this.status;
    if (status.kind === 'invalid') throw new Error(status.problems.join(' '));
    if (status.kind === 'failed') throw new Error(`${status.error.message} ${status.error.remedy}`);
    throw new Error('The sweep did not run.');
  }
}

function fileStem(result: SweepResult): string {
  return `glassbox-sweep-${result.family}-${result.createdAt.replace(/[:.]/g, '-')}`;
}
