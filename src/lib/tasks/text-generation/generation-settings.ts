// The settings of one generation, their defaults, and their bounds: the same normalisation serves the
// page's controls and share links, so a link with hostile or out-of-range values still gives a run.
import type { SamplingSettings } from './logits-processing.ts';

export interface GenerationSettings extends SamplingSettings {
  /** Seeds the sampler: the same seed, prompt and settings give the same text. */
  seed: number;
  maxNewTokens: number;
  /** Generation ends where the text first contains one of these (the sequence itself is left out). */
  stopSequences: string[];
  /** Wrap the prompt in the model's chat template, where it has one. */
  useChatTemplate: boolean;
}

export const DEFAULT_GENERATION_SETTINGS: Readonly<GenerationSettings> = {
  mode: 'greedy',
  temperature: 0.8,
  topK: 40,
  topP: 0.95,
  repetitionPenalty: 1,
  seed: 42,
  maxNewTokens: 40,
  stopSequences: [],
  useChatTemplate: true,
};

export const SETTING_BOUNDS = {
  temperature: { min: 0.05, max: 5 },
  topK: { min: 0, max: 1000 },
  topP: { min: 0.01, max: 1 },
  repetitionPenalty: { min: 1, max: 3 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  maxNewTokens: { min: 1, max: 512 },
} as const;

/** At most this many stop sequences, each at most this long: a link cannot make every step slow. */
const MAX_STOPS = 8;
const MAX_STOP_LENGTH = 64;

function bounded(value: unknown, key: keyof typeof SETTING_BOUNDS, integer: boolean): number {
  const fallback = DEFAULT_GENERATION_SETTINGS[key];
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(number)) return fallback;
  const { min, max } = SETTING_BOUNDS[key];
  const clamped = Math.min(max, Math.max(min, number));
  return integer ? Math.round(clamped) : clamped;
}

/** Settings from anything (a link, a form): unknown or out-of-range values become defaults or bounds. */
export function normalizeGenerationSettings(given: object): GenerationSettings {
  const input = given as Record<string, unknown>;
  const stops = Array.isArray(input.stopSequences) ? input.stopSequences : [];
  return {
    mode: input.mode === 'sample' ? 'sample' : 'greedy',
    temperature: bounded(input.temperature, 'temperature', false),
    topK: bounded(input.topK, 'topK', true),
    topP: bounded(input.topP, 'topP', false),
    repetitionPenalty: bounded(input.repetitionPenalty, 'repetitionPenalty', false),
    seed: bounded(input.seed, 'seed', true),
    maxNewTokens: bounded(input.maxNewTokens, 'maxNewTokens', true),
    stopSequences: stops
      .filter((stop): stop is string => typeof stop === 'string' && stop !== '')
      .slice(0, MAX_STOPS)
      .map((stop) => stop.slice(0, MAX_STOP_LENGTH)),
    useChatTemplate: input.useChatTemplate !== false,
  };
}
