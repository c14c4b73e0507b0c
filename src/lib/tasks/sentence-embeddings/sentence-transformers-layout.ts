// A sentence-transformers folder → how its token embeddings become one vector per sentence. modules.json
// lists the modules in order (Transformer, Pooling, optionally Normalize); 1_Pooling/config.json says
// which pooling. A module Glassbox does not run (Dense, a custom one) is a reason, not a guess: the
// vectors would not be the model's. Without modules.json a bare encoder gets mean pooling, the most
// common sentence-transformers setting, and the view says so.
import { excerpt } from '../../visible-text.ts';
import { POOLING_ORDER, type PoolingMode } from './pooling.ts';

export interface EmbeddingPlan {
  pooling: PoolingMode[];
  normalize: boolean;
  /** Where the plan came from, shown under the results. */
  source: 'sentence-transformers' | 'default';
}

export type PlanResult = { ok: true; plan: EmbeddingPlan } | { ok: false; reason: string };

/** The sentence-transformers modules Glassbox runs: the encoder (the ONNX model), Pooling, Normalize. */
const TRANSFORMER = /\.Transformer$/;
const POOLING = /\.Pooling$/;
const NORMALIZE = /\.Normalize$/;

/** 1_Pooling/config.json's keys for each mode. */
const MODE_KEYS: Record<PoolingMode, string> = {
  cls: 'pooling_mode_cls_token',
  max: 'pooling_mode_max_tokens',
  mean: 'pooling_mode_mean_tokens',
  mean_sqrt_len: 'pooling_mode_mean_sqrt_len_tokens',
  lasttoken: 'pooling_mode_lasttoken',
};

export const DEFAULT_PLAN: EmbeddingPlan = { pooling: ['mean'], normalize: false, source: 'default' };

/** modules: parsed modules.json (null when absent); pooling: parsed 1_Pooling/config.json (null when absent). */
export function embeddingPlan(modules: unknown, pooling: unknown): PlanResult {
  if (modules === null || modules === undefined) {
    const modes = pooling === null || pooling === undefined ? null : poolingModes(pooling);
    if (modes !== null && !modes.ok) return modes;
    return { ok: true, plan: modes ? { ...DEFAULT_PLAN, pooling: modes.modes } : DEFAULT_PLAN };
  }
  if (!Array.isArray(modules)) return { ok: false, reason: 'modules.json is not a list of modules.' };
  const types = modules.map((module: unknown) =>
    typeof module === 'object' && module !== null ? String((module as { type?: unknown }).type ?? '') : '',
  );
  const unknown = types.filter(
    (type) => !TRANSFORMER.test(type) && !POOLING.test(type) && !NORMALIZE.test(type),
  );
  if (unknown.length > 0) {
    return {
      ok: false,
      reason: `modules.json lists ${excerpt(unknown[0] ?? '', 60)}, a module Glassbox does not run (it runs Transformer, Pooling and Normalize), so its vectors would not be the model’s.`,
    };
  }
  const poolingAt = types.findIndex((type) => POOLING.test(type));
  const normalize = types.some((type) => NORMALIZE.test(type));
  if (poolingAt === -1) {
    return {
      ok: false,
      reason: 'modules.json lists no Pooling module, so the model gives no sentence vector.',
    };
  }
  if (pooling === null || pooling === undefined) {
    return {
      ok: false,
      reason: 'modules.json lists a Pooling module, but 1_Pooling/config.json is missing.',
    };
  }
  const modes = poolingModes(pooling);
  if (!modes.ok) return modes;
  return { ok: true, plan: { pooling: modes.modes, normalize, source: 'sentence-transformers' } };
}

function poolingModes(config: unknown): { ok: true; modes: PoolingMode[] } | { ok: false; reason: string } {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return { ok: false, reason: '1_Pooling/config.json is not a JSON object.' };
  }
  const record = config as Record<string, unknown>;
  if (record.pooling_mode_weightedmean_tokens === true) {
    return {
      ok: false,
      reason: '1_Pooling/config.json asks for weighted-mean pooling, which Glassbox does not compute.',
    };
  }
  const modes = POOLING_ORDER.filter((mode) => record[MODE_KEYS[mode]] === true);
  if (modes.length === 0) {
    return { ok: false, reason: '1_Pooling/config.json turns on no pooling mode Glassbox knows.' };
  }
  return { ok: true, modes };
}

/** "mean pooling, normalised" — what the view says it did. */
export function describePlan(plan: EmbeddingPlan): string {
  const names: Record<PoolingMode, string> = {
    cls: '[CLS]',
    max: 'max',
    mean: 'mean',
    mean_sqrt_len: 'mean × √tokens',
    lasttoken: 'last-token',
  };
  const pooling = `${plan.pooling.map((mode) => names[mode]).join(' + ')} pooling`;
  return `${pooling}${plan.normalize ? ', L2-normalised' : ''}`;
}
