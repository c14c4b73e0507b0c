// What a lesson step does to the precision ladder (variants: measures it with those kinds and the step's
// threshold; paint: paints a variant's error on the graph) and whether a try-it step's ladder check holds.
import type { LadderCheck, LadderFields } from '../../lib/lessons/ladder-fields.ts';
import { DEFAULT_SNR_THRESHOLD_DB } from '../../lib/variants/error-metrics.ts';
import type { PrecisionLadder } from '../ladder/precision-ladder.svelte.ts';

export function isLadderCheck(check: { kind: string }): check is LadderCheck {
  return (
    check.kind === 'ladder-done' ||
    check.kind === 'variant-agrees' ||
    check.kind === 'variant-size-at-most' ||
    check.kind === 'variant-clean' ||
    check.kind === 'variant-past' ||
    check.kind === 'variant-painted'
  );
}

/** Runs after the text view has run the step's text. */
export async function applyLadder(
  fields: LadderFields,
  ladder: PrecisionLadder | null | undefined,
): Promise<void> {
  if (!ladder) return;
  if (fields.variants) {
    await ladder.applyLink({
      variants: fields.variants,
      thresholdDb: fields.thresholdDb ?? DEFAULT_SNR_THRESHOLD_DB,
    });
  } else if (fields.thresholdDb !== null) ladder.thresholdDb = fields.thresholdDb;
  if (fields.paint) await ladder.paint(`made:${fields.paint}`);
}

/** Whether the ladder shows what the check asks (reads reactive state: use it in a $derived). */
export function ladderCheckPassed(check: LadderCheck, ladder: PrecisionLadder | null | undefined): boolean {
  if (!ladder) return false;
  if (check.kind === 'ladder-done') return ladder.status.kind === 'done' && ladder.rows.length > 0;
  const row = ladder.rows.find((candidate) => candidate.id === `made:${check.variant}`);
  const measured = row?.measurement;
  const reference = ladder.rows[0]?.measurement;
  if (!row || !measured || measured.failure) return false;
  switch (check.kind) {
    case 'variant-agrees':
      return row.agreement !== null && row.agreement >= check.percent - 1e-9;
    case 'variant-size-at-most':
      return !!reference && measured.sizeBytes <= (reference.sizeBytes * check.percent) / 100;
    case 'variant-clean':
      return measured.comparison !== null && measured.comparison.firstPast === null;
    case 'variant-past':
      return measured.comparison !== null && measured.comparison.firstPast !== null;
    case 'variant-painted':
      return ladder.painted === row.id;
  }
}
