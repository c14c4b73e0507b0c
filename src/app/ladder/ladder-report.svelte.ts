// Prepare a report for two variants: from a ladder row, the same zip as after WASM vs WebGPU — made in
// the worker that holds both captures, downloaded here, sent nowhere — about the row's first node under
// the threshold, or its worst node when none falls under (the page and the README say which).
import type { LadderComparison } from '../../contracts/ladder.ts';
import type { PreparedReport, ReportRequest } from '../../contracts/report.ts';
import { DEFAULT_TOLERANCE } from '../../lib/capture/divergence.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { ValueErrorRow } from '../../lib/variants/block-errors.ts';
import type { ModelLocation } from '../../lib/sources/model-location.ts';
import { pageEnvironment, reportSource } from '../inspector/divergence-report.svelte.ts';
import { downloadBlob } from '../inspector/inspector-export.ts';

export type LadderReportStatus =
  | { kind: 'idle' }
  | { kind: 'working'; row: string }
  | { kind: 'ready'; row: string; fileName: string; parts: string[]; node: string; past: boolean }
  | { kind: 'failed'; row: string; error: ErrorData };

/** The value a row's report is about: its first computed value under the threshold, else its worst. */
export function reportedLadderValue(
  comparison: LadderComparison,
): { value: ValueErrorRow; past: boolean } | null {
  if (comparison.firstPast) return { value: comparison.firstPast, past: true };
  let worst: ValueErrorRow | null = null;
  for (const value of comparison.values) {
    // Constants are not computed by the run; an identical value (+∞ dB) or an unmeasurable one says nothing.
    if (value.opType === 'Constant' || Number.isNaN(value.snrDb) || value.snrDb === Infinity) continue;
    if (!worst || value.snrDb < worst.snrDb) worst = value;
  }
  return worst ? { value: worst, past: false } : null;
}

/** What a report needs of a measured row. */
export interface ReportedRow {
  id: string;
  label: string;
  comparison: LadderComparison;
  captures: { reference: string; variant: string };
}

function stem(text: string): string {
  return (
    text
      .replace(/[^\w.-]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 40) || 'node'
  );
}

/** The page's side of a report: its environment, and saving the zip (a fake in unit tests). */
export interface ReportPageIo {
  environment(): Promise<ReportRequest['environment']>;
  save(blob: Blob, fileName: string): void;
}

const PAGE_IO: ReportPageIo = { environment: pageEnvironment, save: downloadBlob };

export class LadderReport {
  status = $state.raw<LadderReportStatus>({ kind: 'idle' });

  constructor(
    private readonly prepareIn: (request: ReportRequest) => Promise<PreparedReport>,
    private readonly io: ReportPageIo = PAGE_IO,
  ) {}

  reset(): void {
    this.status = { kind: 'idle' };
  }

  /** Prepares and downloads the report of row against the reference row; false (with a sentence) if not. */
  async prepare(row: ReportedRow, referenceLabel: string, location: ModelLocation): Promise<boolean> {
    const chosen = reportedLadderValue(row.comparison);
    if (!chosen) {
      this.status = {
        kind: 'failed',
        row: row.id,
        error: {
          code: 'no-run-yet',
          message: 'Every value of this variant equals the reference’s: there is nothing to report.',
          remedy: 'Choose a row whose error is not zero.',
        },
      };
      return false;
    }
    const { value, past } = chosen;
    this.status = { kind: 'working', row: row.id };
    try {
      const report = await this.prepareIn({
        referenceId: row.captures.reference,
        otherId: row.captures.variant,
        value: value.reference,
        tolerance: { ...DEFAULT_TOLERANCE },
        source: reportSource(location),
        environment: await this.io.environment(),
        variants: {
          reference: referenceLabel,
          other: row.label,
          otherValue: value.variant,
          otherOpType: value.variantOpType,
          snrDb: value.snrDb,
          thresholdDb: row.comparison.thresholdDb,
          past,
        },
      });
      const fileName = `glassbox-report-${stem(row.label)}-${stem(report.node)}.zip`;
      this.io.save(new Blob([report.zip], { type: 'application/zip' }), fileName);
      this.status = { kind: 'ready', row: row.id, fileName, parts: report.parts, node: report.node, past };
      return true;
    } catch (error) {
      this.status = { kind: 'failed', row: row.id, error: toErrorData(error) };
      return false;
    }
  }
}
