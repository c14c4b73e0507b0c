// Turns what each configuration measured into the result's figures: statistics, reliability flags,
// speedups against the baseline (the first configuration with samples), the outcome and run warnings.
import type { ErrorData } from '../errors.ts';
import { configKey, configLabel, type BackendConfig } from './plan.ts';
import type { ProfileSummary } from './profile.ts';
import type { StopReason } from './protocol.ts';
import { unreliableReasons } from './reliability.ts';
import type {
  BackendResult,
  BackendStatus,
  BenchEnvironment,
  BenchOutcome,
  ColdStart,
  Comparison,
  CorrectnessResult,
} from './result-types.ts';
import { speedupWithSpread } from './speedup.ts';
import { summarizeLatencies } from './statistics.ts';

/** What one configuration's run produced, before any statistics. */
export interface BackendRun {
  config: BackendConfig;
  status: BackendStatus;
  error: ErrorData | null;
  threadsUsed: number | null;
  coldStart: ColdStart | null;
  warmUpMs: number[];
  samplesMs: number[];
  stoppedBy: StopReason | null;
  profiles: ProfileSummary[];
  profileNote: string | null;
  cpuFallbackNodes: string[];
  pageHidden: boolean;
}

/** A configuration that never ran (the run was cancelled or stopped before it). */
export function skippedRun(config: BackendConfig): BackendRun {
  return {
    config,
    status: 'skipped',
    error: null,
    threadsUsed: null,
    coldStart: null,
    warmUpMs: [],
    samplesMs: [],
    stoppedBy: null,
    profiles: [],
    profileNote: null,
    cpuFallbackNodes: [],
    pageHidden: false,
  };
}

export function toBackendResult(run: BackendRun, environment: BenchEnvironment): BackendResult {
  const stats = summarizeLatencies(run.samplesMs);
  const software = environment.webgpu.available && environment.webgpu.isSoftware;
  return {
    key: configKey(run.config),
    label: configLabel(run.config),
    backend: run.config.backend,
    threadsRequested: run.config.threads,
    threadsUsed: run.threadsUsed,
    status: run.status,
    error: run.error,
    coldStart: run.coldStart,
    warmUpMs: run.warmUpMs,
    samplesMs: run.samplesMs,
    stoppedBy: run.stoppedBy,
    stats,
    profiles: run.profiles,
    profileNote: run.profileNote,
    cpuFallbackNodes: run.cpuFallbackNodes,
    unreliable:
      run.samplesMs.length === 0 && !run.coldStart
        ? []
        : unreliableReasons({
            backend: run.config.backend,
            threadsRequested: run.config.threads,
            threadsUsed: run.threadsUsed,
            stats,
            timerResolutionMs: environment.timerResolutionMs,
            softwareAdapter: software,
            pageHidden: run.pageHidden,
            crossOriginIsolated: environment.crossOriginIsolated,
          }),
  };
}

/** Every other configuration against the first one that has samples. */
export function compareToBaseline(backends: readonly BackendResult[]): Comparison[] {
  const baseline = backends.find((backend) => backend.samplesMs.length > 0);
  if (!baseline) return [];
  return backends
    .filter((backend) => backend !== baseline && backend.status !== 'skipped')
    .map((backend) => ({
      baseline: baseline.key,
      candidate: backend.key,
      speedup: speedupWithSpread(baseline.samplesMs, backend.samplesMs),
    }));
}

export function outcomeOf(backends: readonly BackendResult[], cancelled: boolean): BenchOutcome {
  if (cancelled) return 'cancelled';
  const failed = backends.filter((backend) => backend.status === 'failed').length;
  if (failed === 0) return 'complete';
  return failed === backends.length ? 'all-failed' : 'some-failed';
}

/**
 * The lab's sentence for WebGPU on a software adapter (SwiftShader and the like), or null on a real one;
 * the single-run lab and its generation panel say the same words.
 */
export function softwareAdapterWarning(webgpu: BenchEnvironment['webgpu']): string | null {
  if (!webgpu.available || !webgpu.isSoftware) return null;
  return (
    `WebGPU ran on a software adapter (${webgpu.vendor} ${webgpu.architecture}): ` +
    'its timings are not a GPU’s and must not be compared as such.'
  );
}

/** Flags a reader of the whole result must see, not only of one row. */
export function runWarnings(
  backends: readonly BackendResult[],
  correctness: readonly CorrectnessResult[],
  environment: BenchEnvironment,
  cancelled: boolean,
): string[] {
  const warnings: string[] = [];
  if (cancelled) warnings.push('Cancelled: configurations that finished are kept; the rest were skipped.');
  const usesWebGpu = backends.some((backend) => backend.backend === 'webgpu' && backend.status !== 'skipped');
  const software = softwareAdapterWarning(environment.webgpu);
  if (usesWebGpu && software) warnings.push(software);
  if (
    backends.some((backend) => backend.unreliable.some((reason) => reason.startsWith('The tab was hidden')))
  ) {
    warnings.push('The tab was hidden during the run: affected timings are marked unreliable.');
  }
  for (const check of correctness) {
    if (!check.agrees)
      warnings.push(`${check.candidate} disagrees with ${check.reference} beyond tolerance.`);
  }
  for (const backend of backends) {
    if (backend.status === 'failed' && backend.error)
      warnings.push(`${backend.label} failed: ${backend.error.message}`);
  }
  return warnings;
}
