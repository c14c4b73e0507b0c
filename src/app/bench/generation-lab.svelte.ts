// The Benchmark lab's generation panel: a causal LM measured per backend configuration (WASM 1 and N
// threads, WebGPU) — time to first token, prefill and decode tokens/s, KV cache and weight bytes — with
// the lab's configurations and software-adapter warning, its result exported as JSON (validated against
// GENERATION_RESULT_SCHEMA) or copied as Markdown.
import {
  assembleGenerationResult,
  configResultOf,
  generationMarkdown,
  generationPlanProblems,
  type GenerationBenchResult,
  type GenerationConfigResult,
  type GenerationPlan,
} from '../../lib/bench/generation-result.ts';
import { checkGenerationResult } from '../../lib/bench/generation-result-schema.ts';
import type { BackendConfig } from '../../lib/bench/plan.ts';
import { catalogModelsOf, type CatalogEntry } from '../../lib/catalog/model-catalog.ts';
import { toErrorData } from '../../lib/errors.ts';
import type { ModelLocation } from '../../lib/sources/model-location.ts';
import { safeFileStem } from '../../lib/viewers/npy.ts';
import { copyMarkdown, download } from './bench-files.ts';
import { GenerationBench, type GenerationBenchModel } from '../generate/generation-bench.ts';
import { shownCatalogModel } from '../workbench/shown-model.ts';
import {
  GenerationLabRun,
  type GenerationBenchLike,
  type GenerationLabProgress,
} from './generation-lab-run.ts';
import type { PageEnvironment } from './bench-runner.ts';
import type { LabRunStatus } from './lab-status.ts';

export type GenerationLabStatus = LabRunStatus<GenerationLabProgress>;

/** The prompt `npm run bench -- --generate` uses too: the embedded model knows its register. */
export const GENERATION_LAB_PROMPT = 'In the beginning God created';

/** The lab's model id of the language model open in the Generate view (catalog ids have no colon). */
export const OPEN_LANGUAGE_MODEL_ID = 'generate:open';

/** A language model the page has open (a hub repo or a file in the Generate view). */
export interface OpenLanguageModel {
  name: string;
  location: ModelLocation;
}

export class GenerationLab {
  /** The embedded language models; the one open in the Generate view is offered besides (openModel). */
  readonly models: readonly CatalogEntry[] = catalogModelsOf('text-generation');
  prompt = $state(GENERATION_LAB_PROMPT);
  maxNewTokens = $state(32);
  repeats = $state(5);
  status = $state<GenerationLabStatus>({ kind: 'idle' });
  result = $state.raw<GenerationBenchResult | null>(null);
  /** Figures of the run in progress, per configuration, as they come. */
  live = $state.raw<readonly GenerationConfigResult[]>([]);
  notice = $state<string | null>(null);
  markdownFallback = $state<string | null>(null);
  private current: GenerationLabRun | null = null;

  constructor(
    private readonly bench: GenerationBenchLike = new GenerationBench(),
    private readonly openInGenerate: () => OpenLanguageModel | null = () => null,
  ) {}

  /**
   * The language model open in the Generate view when it is not an embedded one (those are listed
   * already): a hub repo the user opened there is measured from the browser's cache, not fetched again.
   */
  get openModel(): OpenLanguageModel | null {
    const open = this.openInGenerate();
    if (!open) return null;
    const embedded = this.models.some((entry) => shownCatalogModel(entry).location.key === open.location.key);
    return embedded ? null : open;
  }

  isModel(id: string): boolean {
    if (id === OPEN_LANGUAGE_MODEL_ID) return this.openModel !== null;
    return this.models.some((entry) => entry.id === id);
  }

  /** The model a run measures, as the bench loads it and as the result names it; null when unknown. */
  private source(modelId: string): { model: GenerationBenchModel; id: string; name: string } | null {
    if (modelId === OPEN_LANGUAGE_MODEL_ID) {
      const open = this.openModel;
      return open ? { model: { location: open.location }, id: open.name, name: open.name } : null;
    }
    const entry = this.models.find((candidate) => candidate.id === modelId);
    return entry ? { model: { catalogId: entry.id }, id: entry.id, name: entry.name } : null;
  }

  plan(modelId: string, backends: readonly BackendConfig[]): GenerationPlan {
    return {
      modelId,
      prompt: this.prompt,
      maxNewTokens: Number(this.maxNewTokens),
      repeats: Number(this.repeats),
      // Generation runs the plain configurations: the variants are the single-run lab's.
      backends: backends.filter((config) => config.variant === undefined),
    };
  }

  async run(
    modelId: string,
    backends: readonly BackendConfig[],
    environment: () => Promise<PageEnvironment>,
  ): Promise<GenerationBenchResult | null> {
    if (this.status.kind === 'running') return null;
    const model = this.source(modelId);
    const plan = this.plan(modelId, backends);
    const problems = generationPlanProblems(plan);
    if (!model) {
      problems.unshift(
        modelId === OPEN_LANGUAGE_MODEL_ID
          ? 'No language model is open in Generate any more: open it there again, or choose another.'
          : `There is no language model “${modelId}” in the catalog.`,
      );
    }
    if (problems.length > 0 || !model) {
      this.status = { kind: 'invalid', problems };
      return null;
    }
    this.status = { kind: 'running', progress: null, cancelling: false };
    this.notice = null;
    this.live = [];
    const started = performance.now();
    const createdAt = new Date().toISOString();
    const run = new GenerationLabRun(this.bench, {
      onProgress: (progress) => {
        if (this.status.kind === 'running') this.status = { ...this.status, progress };
      },
      onRecord: (records) => {
        this.live = records.map(configResultOf);
      },
    });
    this.current = run;
    try {
      const env = await environment();
      const software = env.webgpu.available && env.webgpu.isSoftware;
      const runs = await run.run(plan, model.model, software);
      const result = assembleGenerationResult({
        id: `generate-${createdAt}-${Math.random().toString(36).slice(2, 8)}`,
        createdAt,
        durationMs: performance.now() - started,
        model: { id: model.id, name: model.name },
        plan,
        environment: env,
        runs,
        cancelled: run.wasCancelled,
      });
      this.result = result;
      this.status = { kind: 'idle' };
      return result;
    } catch (error) {
      this.status = { kind: 'failed', error: toErrorData(error) };
      return null;
    } finally {
      this.current = null;
      this.live = [];
    }
  }

  cancel(): void {
    if (this.status.kind !== 'running' || !this.current) return;
    this.status = { ...this.status, cancelling: true };
    this.current.cancel();
  }

  /** Downloads the result as JSON, checked against its schema first (a result that fails is a bug). */
  exportJson(result: GenerationBenchResult): void {
    const check = checkGenerationResult(result);
    if (!check.valid) {
      this.notice = `This result does not match its schema: ${check.errors.slice(0, 3).join('; ')}`;
      return;
    }
    // A hub model's id is its repo name, which may hold slashes: the stem keeps a plain file name.
    const stem = `glassbox-generate-${safeFileStem(result.model.id)}-${result.createdAt.replace(/[:.]/g, '-')}`;
    download(`${stem}.json`, 'application/json', `${JSON.stringify(result, null, 2)}\n`);
  }

  async copyMarkdown(result: GenerationBenchResult): Promise<void> {
    ({ notice: this.notice, fallback: this.markdownFallback } = await copyMarkdown(
      generationMarkdown(result),
    ));
  }
}
