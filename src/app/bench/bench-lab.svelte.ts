// State and actions of the Benchmark lab: the plan being edited, the run in progress (with live samples
// and Cancel), the result shown, the history kept in IndexedDB (lab-history), and the exports. Also the entry point
// the command-line benchmark drives (runForCli), so the CLI measures with this very code.
import {
  configKey,
  defaultBackendConfigs,
  parseConfigKey,
  planProblems,
  SOFTWARE_ADAPTER_PLAN,
  threadChoices,
  variantConfigs,
  type BackendConfig,
  type BenchInputKind,
  type BenchPlan,
} from '../../lib/bench/plan.ts';
import { estimatePlan, type ModelCost, type PlanEstimate } from '../../lib/bench/estimate.ts';
import { MachineSpeed } from './machine-speed.svelte.ts';
import { toCsv, toMarkdown } from '../../lib/bench/export.ts';
import type { BenchResult } from '../../lib/bench/result-types.ts';
import { MODEL_CATALOG, type CatalogEntry } from '../../lib/catalog/model-catalog.ts';
import { taskRow } from '../../lib/tasks/registry.ts';
import { toErrorData } from '../../lib/errors.ts';
import {
  RANDOM_WEIGHTS_NOTE,
  SYNTHETIC_PRESETS,
  syntheticPreset,
  type SyntheticPreset,
} from '../../lib/synthetic/index.ts';
import { capturePageEnvironment } from './bench-environment.ts';
import { copyMarkdown, download, resultFileStem } from './bench-files.ts';
import { BenchHistory } from './bench-history.ts';
import { resolveBenchInput, type BenchSources } from './bench-input.ts';
import { LOCAL_MODEL_PREFIX, readLocalModel, type LocalBenchModel } from './bench-local-file.ts';
import { BenchRunner, type PageEnvironment, type RunProgress, type RunRequest } from './bench-runner.ts';
import { GenerationLab } from './generation-lab.svelte.ts';
import { LabHistory } from './lab-history.svelte.ts';
import type { LabRunStatus } from './lab-status.ts';
import { SweepLab } from './bench-sweep.svelte.ts';
import { startBenchWorker } from './bench-worker.ts';
import { absoluteFolder } from '../workbench/model-source.ts';

export type LabStatus = LabRunStatus<RunProgress>;

/** What the command-line benchmark asks for; unset fields keep the lab's defaults. */
export interface CliBenchOptions {
  modelId: string;
  input?: BenchInputKind;
  /** Configuration keys: wasm-1, wasm-2, webgpu. */
  backends?: string[];
  warmUp?: number;
  iterations?: number;
  timeBudgetMs?: number;
  maxIterations?: number;
  profileRuns?: number;
  overheadPairs?: number;
}

/** The lab's model id of a synthetic preset ("synthetic:bert-tiny"); catalog ids never contain a colon. */
export const SYNTHETIC_MODEL_PREFIX = 'synthetic:';

export class BenchLab {
  /** The catalog models whose task the lab runs (a language model needs its own loop: not yet). */
  readonly models: readonly CatalogEntry[] = MODEL_CATALOG.filter(
    (entry) => taskRow(entry.task).features.bench,
  );
  /** Synthetic presets, offered after the catalog models (generated in the benchmark worker). */
  readonly syntheticPresets: readonly SyntheticPreset[] = SYNTHETIC_PRESETS;
  /** The scale sweep over synthetic models, run on this lab's chosen configurations. */
  readonly sweep = new SweepLab();
  /** Generation speed of a language model, on this lab's chosen configurations (its own loop). */
  readonly generation: GenerationLab;
  modelId = $state(MODEL_CATALOG[0]?.id ?? '');
  /** The model file picked in the lab, if any (offered in the model list while the page is open). */
  localFile = $state.raw<LocalBenchModel | null>(null);
  input = $state<BenchInputKind>('synthetic');
  /** Chosen configuration keys (wasm-1, wasm-2, webgpu). */
  selected = $state<string[]>([]);
  warmUp = $state(3);
  stopKind = $state<'iterations' | 'time'>('iterations');
  iterations = $state(30);
  budgetSeconds = $state(5);
  maxIterations = $state(1000);
  profileRuns = $state(3);
  overheadPairs = $state(20);
  /** The short plan was set because WebGPU here is a software adapter. */
  shortPlan = $state(false);
  status = $state<LabStatus>({ kind: 'idle' });
  environment = $state.raw<PageEnvironment | null>(null);
  /** This machine's speed a moment ago: the estimate scales by it. */
  readonly speed = new MachineSpeed(startBenchWorker);
  result = $state.raw<BenchResult | null>(null);
  /** Results of both kinds kept in this browser (benchmarks and generations). */
  readonly history: LabHistory;
  /** Short confirmation of an export ("Markdown copied"). */
  notice = $state<string | null>(null);
  /** Markdown to copy by hand when the clipboard refused. */
  markdownFallback = $state<string | null>(null);
  private liveSamples = new Map<string, number[]>();
  private liveVersion = $state(0);
  private runner: BenchRunner | null = null;
  private started = false;

  constructor(
    private readonly sources: BenchSources,
    store: BenchHistory = new BenchHistory(),
  ) {
    this.generation = new GenerationLab(undefined, () => sources.openLanguageModel?.() ?? null);
    this.history = new LabHistory(store, this, this.generation);
  }

  get model(): CatalogEntry | undefined {
    return this.models.find((entry) => entry.id === this.modelId);
  }

  /** A language model is chosen: Run measures generation (TTFT, prefill and decode tokens/s). */
  get generating(): boolean {
    return this.generation.isModel(this.modelId);
  }

  /** The outcome shows the generation view: a language model chosen or running, or its result picked. */
  get showsGeneration(): boolean {
    const kind = this.history.shownKind({
      modelId: this.modelId,
      generating: this.generating,
      benchRunning: this.status.kind === 'running',
      generationRunning: this.generation.status.kind === 'running',
    });
    return kind === 'generation';
  }

  /** A benchmark (single runs or generation) is running. */
  get running(): boolean {
    return this.status.kind === 'running' || this.generation.status.kind === 'running';
  }

  /** The synthetic preset chosen, when the model is one. */
  get synthetic(): SyntheticPreset | undefined {
    return this.modelId.startsWith(SYNTHETIC_MODEL_PREFIX)
      ? syntheticPreset(this.modelId.slice(SYNTHETIC_MODEL_PREFIX.length))
      : undefined;
  }

  /** Chooses a synthetic preset as the model (the picker's "Benchmark" and ?task=bench&synthetic=). */
  chooseSynthetic(id: string): void {
    if (!syntheticPreset(id)) return;
    this.modelId = `${SYNTHETIC_MODEL_PREFIX}${id}`;
    this.input = 'synthetic';
  }

  /** The picked local file, when it is the model chosen. */
  get local(): LocalBenchModel | undefined {
    const file = this.localFile;
    return file && this.modelId === `${LOCAL_MODEL_PREFIX}${file.name}` ? file : undefined;
  }

  /**
   * Offers a model file from this computer and chooses it. Its inputs are the synthetic ones of its shapes:
   * the lab cannot know what text or image it expects. Refuses what is plainly not a model, by name.
   */
  async chooseLocalFile(file: File): Promise<string | null> {
    const local = await readLocalModel(file);
    if (typeof local === 'string') return local;
    this.localFile = local;
    this.modelId = `${LOCAL_MODEL_PREFIX}${local.name}`;
    this.input = 'synthetic';
    return null;
  }

  /** What the runner needs of the chosen model, or the reason there is none. */
  private target(): Pick<RunRequest, 'model' | 'synthetic' | 'folder' | 'file'> | string {
    const local = this.local;
    if (local) {
      if (this.input === 'current')
        return 'A model file from this computer has no current input here: choose the synthetic input of its shapes.';
      return {
        model: { id: this.modelId, name: local.name, task: 'generic' },
        file: local.bytes,
        folder: this.modelId,
      };
    }
    const preset = this.synthetic;
    if (preset) {
      if (this.input === 'current') {
        return 'A synthetic model has no current input: choose the synthetic input of its shapes.';
      }
      return {
        model: { id: this.modelId, name: `${preset.name} (${RANDOM_WEIGHTS_NOTE})`, task: 'generic' },
        synthetic: preset.model,
        folder: this.modelId,
      };
    }
    const model = this.model;
    if (!model) return `There is no model “${this.modelId}” in the catalog.`;
    return { model, folder: absoluteFolder(model.folder) };
  }

  /** Samples measured so far in the running benchmark, per configuration key. */
  get live(): ReadonlyMap<string, readonly number[]> {
    void this.liveVersion;
    return this.liveSamples;
  }

  get cores(): number {
    return this.environment?.hardwareConcurrency ?? 1;
  }

  /** Every configuration this browser can run: WASM on each thread choice, WebGPU when present. */
  get configOptions(): BackendConfig[] {
    const many = Math.min(4, this.cores);
    const wasm = threadChoices(this.cores).map((threads): BackendConfig => ({ backend: 'wasm', threads }));
    // The WebGPU path's variants and fp16 follow the plain configurations (see BENCH_VARIANTS).
    return [...wasm, { backend: 'webgpu', threads: many }, ...variantConfigs(many)];
  }

  /** What the estimate and the progress know of the model: its FLOPs and file size. */
  get cost(): ModelCost | null {
    // A local file's FLOPs are not counted here: its estimate comes from its size alone.
    const local = this.local;
    if (local) return { flops: null, fileBytes: local.bytes.byteLength };
    const model = this.model;
    return model ? { flops: model.flops, fileBytes: model.modelBytes } : null;
  }

  /** How long the plan should take here; null while the environment is unknown or the plan cannot run. */
  get estimate(): PlanEstimate | null {
    const cost = this.cost;
    const environment = this.environment;
    const plan = this.plan;
    if (!cost || !environment || planProblems(plan).length > 0) return null;
    return estimatePlan(plan, cost, {
      cores: environment.hardwareConcurrency,
      webgpuSoftware: environment.webgpu.available && environment.webgpu.isSoftware,
      speed: this.speed.scale,
    });
  }

  get plan(): BenchPlan {
    // WASM configurations by thread count, then WebGPU: the baseline is the first, WASM on 1 thread.
    const backends = this.selected
      .map((key) => parseConfigKey(key, Math.min(4, this.cores)))
      .filter((config): config is BackendConfig => config !== null)
      .sort((a, b) =>
        a.backend !== b.backend
          ? a.backend === 'wasm'
            ? -1
            : 1
          : a.threads - b.threads || Number(a.variant !== undefined) - Number(b.variant !== undefined),
      );
    return {
      modelId: this.modelId,
      input: this.input,
      backends,
      protocol: {
        warmUp: this.warmUp,
        stop:
          this.stopKind === 'iterations'
            ? { kind: 'iterations', count: this.iterations }
            : { kind: 'time', budgetMs: this.budgetSeconds * 1000, maxIterations: this.maxIterations },
      },
      profileRuns: this.profileRuns,
      overheadPairs: this.overheadPairs,
    };
  }

  /** Captures the environment and reads the history; once. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.runner?.notePageHidden();
    });
    this.environment = await capturePageEnvironment('app');
    void this.speed.probe();
    if (this.selected.length === 0) {
      // A software adapter's WebGPU is offered, not ticked: its runs take seconds each on the CPU and
      // time no GPU (the form says so), so by default the minutes go to what means something here.
      const webgpu = this.environment.webgpu.available && !this.softwareWebgpu;
      this.selected = defaultBackendConfigs(this.cores, webgpu).map(configKey);
    }
    if (this.selected.includes('webgpu') && this.softwareWebgpu) this.useShortPlan();
    await this.history.refresh();
  }

  /** The plan for a software WebGPU adapter, whose runs take seconds (see SOFTWARE_ADAPTER_PLAN). */
  useShortPlan(): void {
    this.warmUp = SOFTWARE_ADAPTER_PLAN.warmUp;
    this.stopKind = 'time';
    this.budgetSeconds = SOFTWARE_ADAPTER_PLAN.budgetSeconds;
    this.maxIterations = SOFTWARE_ADAPTER_PLAN.maxIterations;
    this.profileRuns = SOFTWARE_ADAPTER_PLAN.profileRuns;
    this.overheadPairs = SOFTWARE_ADAPTER_PLAN.overheadPairs;
    this.shortPlan = true;
  }

  /** WebGPU here is a software adapter (SwiftShader and the like): correct outputs, CPU speed. */
  get softwareWebgpu(): boolean {
    const webgpu = this.environment?.webgpu;
    return webgpu?.available === true && webgpu.isSoftware;
  }

  toggleConfig(key: string): void {
    const adding = !this.selected.includes(key);
    this.selected = adding ? [...this.selected, key] : this.selected.filter((k) => k !== key);
    // Ticking a software adapter's WebGPU: its runs take seconds, so the plan becomes the short one.
    if (adding && key === 'webgpu' && this.softwareWebgpu && !this.shortPlan) this.useShortPlan();
  }

  /** Runs the plan; keeps and shows the result (cancelled or partial ones too). */
  async run(runner: 'app' | 'cli' = 'app'): Promise<BenchResult | null> {
    if (this.running) return null;
    this.history.unpick();
    if (this.generating) {
      this.status = { kind: 'idle' };
      const backends = this.plan.backends;
      const generated = await this.generation.run(this.modelId, backends, () =>
        capturePageEnvironment(runner),
      );
      if (generated) await this.history.keep(generated);
      return null;
    }
    const plan = this.plan;
    const problems = planProblems(plan);
    const target = this.target();
    if (typeof target === 'string') problems.unshift(target);
    if (problems.length > 0 || typeof target === 'string') {
      this.status = { kind: 'invalid', problems };
      return null;
    }
    this.status = { kind: 'running', progress: null, cancelling: false };
    this.liveSamples = new Map();
    this.liveVersion++;
    this.notice = null;
    const benchRunner = new BenchRunner({
      startWorker: startBenchWorker,
      now: () => performance.now(),
      isPageHidden: () => document.visibilityState === 'hidden',
      onProgress: (progress) => {
        if (this.status.kind === 'running') this.status = { ...this.status, progress };
      },
      onSamples: (key, samples) => {
        const list = this.liveSamples.get(key) ?? [];
        list.push(...samples);
        this.liveSamples.set(key, list);
        this.liveVersion++;
      },
    });
    this.runner = benchRunner;
    try {
      const catalogModel = this.model;
      const [input, environment] = await Promise.all([
        catalogModel
          ? resolveBenchInput(this.input, catalogModel, this.sources)
          : { kind: 'synthetic' as const },
        capturePageEnvironment(runner),
      ]);
      const result = await benchRunner.run({
        ...target,
        plan,
        input,
        environment,
        ...(this.cost ? { cost: this.cost } : {}),
        speed: this.speed.scale,
      });
      this.result = result;
      this.status = { kind: 'idle' };
      await this.history.keep(result);
      return result;
    } catch (error) {
      this.status = { kind: 'failed', error: toErrorData(error) };
      return null;
    } finally {
      void this.speed.probe(); // for the next plan's estimate: the machine as busy as it is now
      this.runner = null;
    }
  }

  cancel(): void {
    if (this.generation.status.kind === 'running') this.generation.cancel();
    if (this.status.kind !== 'running' || !this.runner) return;
    this.status = { ...this.status, cancelling: true };
    this.runner.cancel();
  }

  exportJson(result: BenchResult): void {
    download(`${resultFileStem(result)}.json`, 'application/json', `${JSON.stringify(result, null, 2)}\n`);
  }

  exportCsv(result: BenchResult): void {
    download(`${resultFileStem(result)}.csv`, 'text/csv', toCsv(result));
  }

  async copyMarkdown(result: BenchResult): Promise<void> {
    ({ notice: this.notice, fallback: this.markdownFallback } = await copyMarkdown(toMarkdown(result)));
  }

  /** The command-line benchmark's entry: same plan checks, same runner, same result. */
  async runForCli(options: CliBenchOptions): Promise<BenchResult> {
    await this.start();
    this.modelId = options.modelId;
    this.input = options.input ?? 'synthetic';
    if (options.backends) {
      const configs = options.backends.map((key) => parseConfigKey(key, Math.min(4, this.cores)));
      const unknown = options.backends.filter((_, i) => configs[i] === null);
      if (unknown.length > 0) throw new Error(`Unknown backend configuration: ${unknown.join(', ')}`);
      this.selected = options.backends.map((key) => key.trim().toLowerCase());
    }
    this.warmUp = options.warmUp ?? this.warmUp;
    if (options.timeBudgetMs !== undefined) {
      this.stopKind = 'time';
      this.budgetSeconds = options.timeBudgetMs / 1000;
      this.maxIterations = options.maxIterations ?? this.maxIterations;
    } else {
      this.stopKind = 'iterations';
      this.iterations = options.iterations ?? this.iterations;
    }
    this.profileRuns = options.profileRuns ?? this.profileRuns;
    this.overheadPairs = options.overheadPairs ?? this.overheadPairs;
    const result = await this.run('cli');
    if (result) return result;
    const status = this.status;
    if (status.kind === 'invalid') throw new Error(status.problems.join(' '));
    if (status.kind === 'failed') throw new Error(`${status.error.message} ${status.error.remedy}`);
    throw new Error('The benchmark did not run.');
  }
}
