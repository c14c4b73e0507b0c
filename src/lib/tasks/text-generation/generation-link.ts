// The generation settings a shared link carries (task=generate): the decoding mode, seed and limits, so
// the link gives the same text again. Each value is checked; what is out of range is clamped or dropped,
// with one sentence per dropped value.
import {
  DEFAULT_GENERATION_SETTINGS,
  normalizeGenerationSettings,
  type GenerationSettings,
} from './generation-settings.ts';

/** The query parameters of the settings, in the order a link writes them. */
export const GENERATION_PARAMS = [
  'sampling',
  'seed',
  'temperature',
  'top_k',
  'top_p',
  'repetition_penalty',
  'max_tokens',
  'stop',
  'chat_template',
] as const;

const NUMBERS = {
  seed: 'seed',
  temperature: 'temperature',
  top_k: 'topK',
  top_p: 'topP',
  repetition_penalty: 'repetitionPenalty',
  max_tokens: 'maxNewTokens',
} as const;

/** The settings of a link; null when it names none (the view keeps its own). */
export function decodeGenerationParams(
  params: URLSearchParams,
  problems: string[],
): GenerationSettings | null {
  if (!GENERATION_PARAMS.some((name) => params.has(name))) return null;
  const given: Record<string, unknown> = { ...DEFAULT_GENERATION_SETTINGS };
  const sampling = params.get('sampling');
  if (sampling !== null) {
    if (sampling === 'greedy' || sampling === 'sample') given.mode = sampling;
    else problems.push('The link’s sampling is neither greedy nor sample, so greedy decoding is used.');
  }
  for (const [name, key] of Object.entries(NUMBERS)) {
    const value = params.get(name);
    if (value === null) continue;
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) {
      problems.push(`The link’s ${name} is not a number, so the default is used.`);
      continue;
    }
    given[key] = number;
  }
  given.stopSequences = params.getAll('stop');
  given.useChatTemplate = params.get('chat_template') !== 'off';
  return normalizeGenerationSettings(given);
}

/** Writes settings into params: only what differs from the defaults, so a plain link stays short. */
export function encodeGenerationParams(settings: GenerationSettings, params: URLSearchParams): void {
  const defaults = DEFAULT_GENERATION_SETTINGS;
  params.set('sampling', settings.mode);
  if (settings.mode === 'sample') params.set('seed', String(settings.seed));
  for (const [name, key] of Object.entries(NUMBERS)) {
    if (key === 'seed') continue;
    if (settings[key] !== defaults[key]) params.set(name, String(settings[key]));
  }
  for (const stop of settings.stopSequences) params.append('stop', stop);
  if (!settings.useChatTemplate) params.set('chat_template', 'off');
}
