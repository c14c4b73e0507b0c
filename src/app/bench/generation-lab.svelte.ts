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
import { copyMarkdown, download } from './bench-files.ts';
import { GenerationBench } from '../generate/generation-bench.ts';
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

export class GenerationLab {
  /** The language models the lab measures: the embedded ones (the lab takes no hub models). */
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

  constructor(private readonly bench: GenerationBenchLike = new GenerationBench()) {}

  isModel(id: string): boolean {
    return this.models.some((entry) => entry.id === id);
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
    const model = this.models.find((entry) => entry.id === modelId);
    const plan = this.plan(modelId, backends);
    const problems = generationPlanProblems(plan);
    if (!model) problems.unshift(`There is no language model “${modelId}” in the catalog.`);
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
      const runs = await run.run(plan, { catalogId: model.id }, software);
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
    const stem = `glassbox-generate-${result.model.id}-${result.createdAt.replace(/[:.]/g, '-')}`;
    download(`${stem}.json`, 'application/json', `${JSON.stringify(result, null, 2)}\n`);
  }

  async copyMarkdown(result: GenerationBenchResult): Promise<void> {
    ({ notice: this.notice, fallback: this.markdownFallback } = await copyMarkdown(
      generationMarkdown(result),
    ));
  }
}
