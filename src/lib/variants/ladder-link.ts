// What a shared link to the precision ladder carries besides the model and its text: the variant kinds
// made in the browser and the SNR threshold in dB (the metric the ladder names its first node by).
// Written by someone else, so every value is checked and one sentence says what was dropped.
import { excerpt } from '../visible-text.ts';
import { DEFAULT_SNR_THRESHOLD_DB } from './error-metrics.ts';
import { MADE_VARIANT_KINDS, type MadeVariantKind } from './make-variant.ts';

export interface LadderLinkSettings {
  variants: MadeVariantKind[];
  /** The SNR, in dB, under which a value counts as damaged. */
  thresholdDb: number;
}

export const LADDER_PARAMS = ['variants', 'threshold'] as const;

/** Thresholds a link may set: 0 dB (noise as large as the signal) to 120 dB (beyond float32's ~150). */
export const THRESHOLD_RANGE = { min: 0, max: 120 } as const;

export function decodeLadderParams(params: URLSearchParams, problems: string[]): LadderLinkSettings | null {
  const variants = params.get('variants');
  const threshold = params.get('threshold');
  if (variants === null && threshold === null) return null;
  const kinds: MadeVariantKind[] = [];
  for (const part of (variants ?? '').split(',').map((value) => value.trim())) {
    if (part === '') continue;
    const kind = MADE_VARIANT_KINDS.find((known) => known === part);
    if (kind === undefined) {
      problems.push(
        `The link’s variant “${excerpt(part)}” is not known, so it was ignored; it should be one of ${MADE_VARIANT_KINDS.join(', ')}.`,
      );
    } else if (!kinds.includes(kind)) kinds.push(kind);
  }
  let thresholdDb: number = DEFAULT_SNR_THRESHOLD_DB;
  if (threshold !== null) {
    const value = Number(threshold);
    if (
      threshold.trim() === '' ||
      !Number.isFinite(value) ||
      value < THRESHOLD_RANGE.min ||
      value > THRESHOLD_RANGE.max
    ) {
      problems.push(
        `The link’s threshold “${excerpt(threshold)}” is not a number of dB from ${THRESHOLD_RANGE.min} to ${THRESHOLD_RANGE.max}, so ${DEFAULT_SNR_THRESHOLD_DB} dB is used.`,
      );
    } else thresholdDb = value;
  }
  return { variants: kinds, thresholdDb };
}

/** Writes the settings into params: the kinds in the ladder's order, the threshold when not the default. */
export function encodeLadderParams(settings: LadderLinkSettings, params: URLSearchParams): void {
  params.set('variants', MADE_VARIANT_KINDS.filter((kind) => settings.variants.includes(kind)).join(','));
  if (settings.thresholdDb !== DEFAULT_SNR_THRESHOLD_DB)
    params.set('threshold', String(settings.thresholdDb));
}
