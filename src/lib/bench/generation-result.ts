// The Benchmark lab's generation result: per backend configuration the load, the timed greedy
// generations (time to first token, prefill and decode tokens/s, KV cache bytes), their medians and
// spreads, whether every configuration made the same tokens, and the flags a reader must see. What the
// lab shows, exports as JSON (schema in generation-result-schema.ts) and copies as Markdown.
import type { ErrorData } from '../errors.ts';
import { formatBytes } from '../format.ts';
import { softwareAdapterWarning } from './assemble.ts';
import {
  firstDisagreement,
  GENERATION_TABLE_HEADER,
  generationRow,
  summarizeGeneration,
  type GenerationSummary,
} from './generation-summary.ts';
import { configKey, configLabel, type BackendConfig } from './plan.ts';
import type { BenchEnvironment, BenchOutcome } from './result-types.ts';

export const GENERATION_RESULT_SCHEMA_NAME = 'glassbox-generation-bench-result';
export const GENERATION_RESULT_VERSION = 1;

/**
 * On a software WebGPU adapter a step takes seconds: WebGPU then makes at most this many tokens, this
 * many times (its outputs are worth comparing, its speed is not). `npm run bench -- --generate` uses the same.
 */
export const SOFTWARE_ADAPTER_GENERATION = { maxNewTokens: 8, repeats: 2 } as const;

/** What the lab asks of a generation benchmark. */
export interface GenerationPlan {
  modelId: string;
  prompt: string;
  maxNewTokens: number;
  /** Timed generations per configuration, after one untimed one. */
  repeats: number;
  backends: BackendConfig[];
}

export const GENERATION_PLAN_LIMITS = { maxNewTokens: 512, maxRepeats: 50, maxPromptChars: 4000 } as const;

/** Why a generation plan cannot run (empty when it can). */
export function generationPlanProblems(plan: GenerationPlan): string[] {
  const problems: string[] = [];
  if (plan.prompt.trim() === '') problems.push('Type a prompt: the generation starts from it.');
  if (plan.prompt.length > GENERATION_PLAN_LIMITS.maxPromptChars)
    problems.push(`The prompt is longer than ${GENERATION_PLAN_LIMITS.maxPromptChars} characters.`);
  const { maxNewTokens, repeats } = plan;
  if (
    !Number.isInteger(maxNewTokens) ||
    maxNewTokens < 2 ||
    maxNewTokens > GENERATION_PLAN_LIMITS.maxNewTokens
  )
    problems.push(
      `New tokens must be a whole number from 2 to ${GENERATION_PLAN_LIMITS.maxNewTokens} (decode speed needs a second token).`,
    );
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > GENERATION_PLAN_LIMITS.maxRepeats)
    problems.push(`Timed generations must be a whole number from 1 to ${GENERATION_PLAN_LIMITS.maxRepeats}.`);
  if (plan.backends.length === 0) problems.push('Choose at least one backend configuration.');
  if (plan.backends.some((config) => config.variant !== undefined))
    problems.push('Generation runs the plain configurations only (no fp16 or GPU-output variants).');
  return problems;
}

/** Tokens and repeats a configuration gets: fewer on a software WebGPU adapter. */
export function configurationBudget(
  plan: Pick<GenerationPlan, 'maxNewTokens' | 'repeats'>,
  config: BackendConfig,
  softwareWebgpu: boolean,
): { maxNewTokens: number; repeats: number } {
  if (config.backend !== 'webgpu' || !softwareWebgpu)
    return { maxNewTokens: plan.maxNewTokens, repeats: plan.repeats };
  return {
    maxNewTokens: Math.min(plan.maxNewTokens, SOFTWARE_ADAPTER_GENERATION.maxNewTokens),
    repeats: Math.min(plan.repeats, SOFTWARE_ADAPTER_GENERATION.repeats),
  };
}

/** One timed greedy generation. */
export interface GenerationRunRecord {
  firstTokenMs: number;
  prefillTokensPerSecond: number | null;
  decodeTokensPerSecond: number | null;
  promptTokens: number;
  generatedTokens: number;
  /** Key/value cache at the end of the generation. */
  cacheBytes: number;
}

/** What one configuration produced (filled in as it runs). */
export interface GenerationConfigRun {
  config: BackendConfig;
  status: 'ok' | 'failed' | 'cancelled' | 'skipped';
  error: ErrorData | null;
  maxNewTokens: number;
  repeatsPlanned: number;
  threadsUsed: number | null;
  loadMs: number | null;
  weightsBytes: number | null;
  layers: number | null;
  runs: GenerationRunRecord[];
  /** Token ids and text of its last generation, for the agreement check. */
  lastIds: number[];
  lastText: string;
}

export interface GenerationConfigResult extends Omit<GenerationConfigRun, 'config' | 'lastIds'> {
  key: string;
  label: string;
  backend: BackendConfig['backend'];
  threadsRequested: number;
  summary: GenerationSummary;
  ids: number[];
}

/** Whether every configuration's last generation made the same tokens (over the shortest of them). */
export interface TokenAgreement {
  comparedTokens: number;
  /** The first configuration that differs from the first one, and at which generated token (0-based). */
  differs: { reference: string; candidate: string; position: number } | null;
}

export type GenerationEnvironment = Pick<
  BenchEnvironment,
  'runner' | 'userAgent' | 'hardwareConcurrency' | 'crossOriginIsolated' | 'webgpu' | 'build'
>;

export interface GenerationBenchResult {
  schema: typeof GENERATION_RESULT_SCHEMA_NAME;
  version: typeof GENERATION_RESULT_VERSION;
  id: string;
  createdAt: string;
  durationMs: number;
  outcome: BenchOutcome;
  model: { id: string; name: string; layers: number | null; weightsBytes: number | null };
  plan: GenerationPlan;
  promptTokens: number | null;
  environment: GenerationEnvironment;
  configurations: GenerationConfigResult[];
  agreement: TokenAgreement | null;
  warnings: string[];
}

/** The agreement of the configurations that generated anything; null with fewer than two. */
export function tokenAgreement(
  configs: ReadonlyArray<{ key: string; ids: readonly number[] }>,
): TokenAgreement | null {
  const generated = configs.filter((config) => config.ids.length > 0);
  if (generated.length < 2) return null;
  const shortest = Math.min(...generated.map((config) => config.ids.length));
  const differs = firstDisagreement(generated.map((config) => config.ids.slice(0, shortest)));
  return {
    comparedTokens: shortest,
    differs: differs && {
      reference: (generated[0] as { key: string }).key,
      candidate: (generated[differs.sequence] as { key: string }).key,
      position: differs.position,
    },
  };
}

function outcomeOf(configs: readonly GenerationConfigResult[], cancelled: boolean): BenchOutcome {
  if (cancelled) return 'cancelled';
  const failed = configs.filter((config) => config.status === 'failed').length;
  if (failed === 0) return 'complete';
  return failed === configs.length ? 'all-failed' : 'some-failed';
}

function warningsOf(
  configs: readonly GenerationConfigResult[],
  agreement: TokenAgreement | null,
  environment: GenerationEnvironment,
  cancelled: boolean,
): string[] {
  const warnings: string[] = [];
  if (cancelled) warnings.push('Cancelled: generations that finished are kept; the rest were skipped.');
  const software = softwareAdapterWarning(environment.webgpu);
  if (software && configs.some((config) => config.backend === 'webgpu' && config.runs.length > 0))
    warnings.push(software);
  if (!environment.crossOriginIsolated && configs.some((config) => config.threadsRequested > 1))
    warnings.push(
      'The page is not cross-origin isolated: ONNX Runtime ran 1 WASM thread whatever was asked.',
    );
  for (const config of configs) {
    if (
      config.backend === 'wasm' &&
      config.threadsUsed !== null &&
      config.threadsUsed !== config.threadsRequested
    )
      warnings.push(`${config.label} ran with ${config.threadsUsed} thread(s).`);
    if (config.status === 'failed' && config.error)
      warnings.push(`${config.label} failed: ${config.error.message}`);
  }
  if (agreement?.differs) {
    const { reference, candidate, position } = agreement.differs;
    const label = (key: string): string => configs.find((config) => config.key === key)?.label ?? key;
    warnings.push(
      `${label(candidate)} made other tokens than ${label(reference)} from generated token ${position + 1}.`,
    );
  }
  return warnings;
}

/** One configuration's record as the result keeps it: labelled, its figures summarized. */
export function configResultOf(run: GenerationConfigRun): GenerationConfigResult {
  const { config, lastIds, ...rest } = run;
  return {
    ...rest,
    runs: [...run.runs],
    key: configKey(config),
    label: configLabel(config),
    backend: config.backend,
    threadsRequested: config.threads,
    summary: summarizeGeneration(run.runs),
    ids: [...lastIds],
  };
}

export interface AssembleGeneration {
  id: string;
  createdAt: string;
  durationMs: number;
  model: { id: string; name: string };
  plan: GenerationPlan;
  environment: GenerationEnvironment;
  runs: readonly GenerationConfigRun[];
  cancelled: boolean;
}

export function assembleGenerationResult(input: AssembleGeneration): GenerationBenchResult {
  const configurations = input.runs.map(configResultOf);
  const agreement = tokenAgreement(configurations);
  const loaded = input.runs.find((run) => run.weightsBytes !== null);
  const timed = input.runs.find((run) => run.runs.length > 0);
  return {
    schema: GENERATION_RESULT_SCHEMA_NAME,
    version: GENERATION_RESULT_VERSION,
    id: input.id,
    createdAt: input.createdAt,
    durationMs: input.durationMs,
    outcome: outcomeOf(configurations, input.cancelled),
    model: {
      ...input.model,
      layers: loaded?.layers ?? null,
      weightsBytes: loaded?.weightsBytes ?? null,
    },
    plan: input.plan,
    promptTokens: timed?.runs[0]?.promptTokens ?? null,
    environment: input.environment,
    configurations,
    agreement,
    warnings: warningsOf(configurations, agreement, input.environment, input.cancelled),
  };
}

function cacheOf(config: GenerationConfigResult): string {
  const last = config.runs.at(-1);
  return last ? formatBytes(last.cacheBytes) : '—';
}

/** The result as the Markdown table `npm run bench -- --generate` prints, with its warnings after it. */
export function generationMarkdown(result: GenerationBenchResult): string {
  const rows = result.configurations.map((config) =>
    generationRow({
      model: `${result.model.name}${result.model.layers === null ? '' : ` (${result.model.layers} layers)`}`,
      configuration: config.status === 'ok' ? config.label : `${config.label} (${config.status})`,
      threads: config.threadsUsed,
      summary: config.summary,
      repeats: config.runs.length,
      cacheBytes: cacheOf(config),
      weightsBytes: config.weightsBytes === null ? '—' : formatBytes(config.weightsBytes),
    }),
  );
  const notes = result.warnings.map((warning) => `- ${warning}`);
  return [...GENERATION_TABLE_HEADER, ...rows, '', `Greedy from “${result.plan.prompt}”.`, ...notes, ''].join(
    '\n',
  );
}
