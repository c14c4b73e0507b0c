// What a shared link to the zero-shot view carries besides its text: the candidate labels, the hypothesis
// template when it is not the default, and multi-label. Written by someone else, so each value is checked
// and one sentence says what was dropped.
import { DEFAULT_HYPOTHESIS_TEMPLATE } from './zero-shot-input.ts';

export interface ZeroShotSettings {
  /** As typed: comma-separated. */
  labels: string;
  template: string;
  multiLabel: boolean;
}

export const ZERO_SHOT_PARAMS = ['labels', 'template', 'multi_label'] as const;

/** Longest labels or template a link may carry, in characters. */
export const MAX_LINK_SETTING = 500;

export function decodeZeroShotParams(params: URLSearchParams, problems: string[]): ZeroShotSettings | null {
  if (!ZERO_SHOT_PARAMS.some((name) => params.has(name))) return null;
  const checked = (name: 'labels' | 'template', fallback: string): string => {
    const value = params.get(name);
    if (value === null) return fallback;
    if (Array.from(value).length > MAX_LINK_SETTING) {
      problems.push(`The link’s ${name} was dropped: it is longer than ${MAX_LINK_SETTING} characters.`);
      return fallback;
    }
    return value;
  };
  const multi = params.get('multi_label');
  if (multi !== null && multi !== 'true' && multi !== 'false') {
    problems.push('The link’s multi_label is neither true nor false, so single-label scoring is used.');
  }
  return {
    labels: checked('labels', ''),
    template: checked('template', DEFAULT_HYPOTHESIS_TEMPLATE),
    multiLabel: multi === 'true',
  };
}

/** Writes the settings into params: the labels, and the template and multi-label when not the defaults. */
export function encodeZeroShotParams(settings: ZeroShotSettings, params: URLSearchParams): void {
  params.set('labels', settings.labels);
  if (settings.template !== DEFAULT_HYPOTHESIS_TEMPLATE) params.set('template', settings.template);
  if (settings.multiLabel) params.set('multi_label', 'true');
}
