// The lesson step fields and checks of the precision ladder (pure): which variant kinds the text view's
// ladder makes and measures, its SNR threshold, which variant's error to paint on the graph; and checks
// on what the ladder shows (measured, a variant's agreement, its size against the reference, no node
// under the threshold, its error painted). Each parser returns the value or reports one problem.
import { MADE_VARIANT_KINDS, type MadeVariantKind } from '../variants/make-variant.ts';
import { THRESHOLD_RANGE } from '../variants/ladder-link.ts';

export const LADDER_KEYS = ['variants', 'threshold', 'paint'] as const;

export interface LadderFields {
  /** Measures the ladder with these kinds (the reference is always measured). */
  variants: MadeVariantKind[] | null;
  thresholdDb: number | null;
  /** Paints this variant's error on the inspector's graph. */
  paint: MadeVariantKind | null;
}

export type LadderCheck =
  | { kind: 'ladder-done' }
  | { kind: 'variant-agrees'; variant: MadeVariantKind; percent: number }
  | { kind: 'variant-size-at-most'; variant: MadeVariantKind; percent: number }
  | { kind: 'variant-clean'; variant: MadeVariantKind }
  | { kind: 'variant-past'; variant: MadeVariantKind }
  | { kind: 'variant-painted'; variant: MadeVariantKind };

/** "KIND" one of the made kinds (fp16, q4, …), "N" a number from 0 to 100. */
export const LADDER_CHECK_FORMS = [
  'ladder measured',
  'KIND agrees on at least N%',
  'KIND size at most N% of the reference',
  'KIND has no node under the threshold',
  'KIND has a node under the threshold',
  'KIND error painted',
] as const;

const quoted = (value: string) => `“${value.slice(0, 40)}”`;

function kindOf(value: string): MadeVariantKind | undefined {
  return MADE_VARIANT_KINDS.find((kind) => kind === value);
}

export function parseLadderFields(
  settings: ReadonlyMap<string, string>,
  field: (key: string, problem: string) => void,
): LadderFields {
  const fields: LadderFields = { variants: null, thresholdDb: null, paint: null };
  const variants = settings.get('variants');
  if (variants !== undefined) {
    const parts = variants
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    const unknown = parts.find((part) => kindOf(part) === undefined);
    if (parts.length === 0 || unknown !== undefined)
      field('variants', `${quoted(unknown ?? variants)} is not one of ${MADE_VARIANT_KINDS.join(', ')}.`);
    else fields.variants = parts.map((part) => kindOf(part) as MadeVariantKind);
  }
  const threshold = settings.get('threshold');
  if (threshold !== undefined) {
    const value = Number(threshold);
    if (
      threshold === '' ||
      !Number.isFinite(value) ||
      value < THRESHOLD_RANGE.min ||
      value > THRESHOLD_RANGE.max
    )
      field(
        'threshold',
        `${quoted(threshold)} is not a number of dB from ${THRESHOLD_RANGE.min} to ${THRESHOLD_RANGE.max}.`,
      );
    else fields.thresholdDb = value;
  }
  const paint = settings.get('paint');
  if (paint !== undefined) {
    const kind = kindOf(paint);
    if (kind === undefined)
      field('paint', `${quoted(paint)} is not one of ${MADE_VARIANT_KINDS.join(', ')}.`);
    else fields.paint = kind;
  }
  return fields;
}

/** A ladder check as written (lowercased by the caller); undefined when the sentence is not one. */
export function parseLadderCheck(text: string, report: (problem: string) => void): LadderCheck | undefined {
  if (text === 'ladder measured') return { kind: 'ladder-done' };
  const forms: Array<[RegExp, (variant: MadeVariantKind, n: number) => LadderCheck]> = [
    [
      /^(\S+) agrees on at least (\S+)%$/,
      (variant, percent) => ({ kind: 'variant-agrees', variant, percent }),
    ],
    [
      /^(\S+) size at most (\S+)% of the reference$/,
      (variant, percent) => ({ kind: 'variant-size-at-most', variant, percent }),
    ],
    [/^(\S+) has no node under the threshold$/, (variant) => ({ kind: 'variant-clean', variant })],
    [/^(\S+) has a node under the threshold$/, (variant) => ({ kind: 'variant-past', variant })],
    [/^(\S+) error painted$/, (variant) => ({ kind: 'variant-painted', variant })],
  ];
  for (const [form, make] of forms) {
    const match = form.exec(text);
    if (!match) continue;
    const variant = kindOf(match[1] ?? '');
    const n = match[2] === undefined ? 0 : Number(match[2]);
    if (variant === undefined) {
      report(`${quoted(match[1] ?? '')} is not one of ${MADE_VARIANT_KINDS.join(', ')}.`);
      return undefined;
    }
    if (!Number.isFinite(n) || n < 0 || n > 100) {
      report(`${quoted(text)} needs a percentage from 0 to 100.`);
      return undefined;
    }
    return make(variant, n);
  }
  return undefined;
}
