// The precision ladder of a view's model: the model as loaded (the reference) and the variants the user
// chose — made in the view's worker by makeVariant, or .onnx files — each measured on the view's backend
// (size, load, latency, labels on the view's examples) and compared with the reference value by value; a
// row is painted on the inspector's graph through Look inside. A hub model's other dtype files are
// offered with their listed sizes and downloaded only when measured. The worker is reached through a
// LadderSource, so the state machine is testable with a fake.
import {
  ladderIdOf,
  type HubVariantFile,
  type LadderMeasurement,
  type LadderOptions,
  type LadderVariantSpec,
} from '../../contracts/ladder.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import { answersAgreement } from '../../lib/variants/agreement.ts';
import { DEFAULT_SNR_THRESHOLD_DB, paintedError } from '../../lib/variants/error-metrics.ts';
import {
  MADE_VARIANT_KINDS,
  MADE_VARIANT_LABELS,
  type MadeVariantKind,
} from '../../lib/variants/make-variant.ts';
import type { LadderLinkSettings } from '../../lib/variants/ladder-link.ts';
import type { ModelLocation } from '../../lib/sources/model-location.ts';
import type { PreparedReport, ReportRequest } from '../../contracts/report.ts';
import { LadderReport, type ReportPageIo } from './ladder-report.svelte.ts';
import type { RunCapture, RunTarget } from '../inspector/run-capture.svelte.ts';

/** The inference worker's ladder methods, as the page uses them. */
export interface LadderSource {
  measure(
    modelKey: string,
    backend: Backend,
    spec: LadderVariantSpec,
    /** The view's examples: the texts to classify, or the sample images' file names to detect on. */
    examples: readonly string[],
    options: LadderOptions,
  ): Promise<LadderMeasurement>;
  madeBytes(modelKey: string, id: string): Promise<Uint8Array>;
  /** The other dtype files of a hub model's repo, with their listed sizes; [] for any other source. */
  hubFiles(location: ModelLocation): Promise<HubVariantFile[]>;
  /** Prepare a report in the worker that holds the two captures. */
  prepareReport(request: ReportRequest): Promise<PreparedReport>;
}

/** The hub dtype files offered for the view's model. */
export type HubFilesListing =
  | { kind: 'none' }
  | { kind: 'listing'; key: string }
  | { kind: 'listed'; key: string; files: HubVariantFile[] }
  | { kind: 'unlisted'; key: string; error: ErrorData };

/** What the ladder measures against: the view's last run and its examples. */
export interface LadderSubject {
  target: RunTarget | null;
  /** The view's examples: texts (one label each), or sample images by file name (their boxes). */
  examples: readonly string[];
}

export interface LadderRow {
  id: string;
  label: string;
  spec: LadderVariantSpec;
  measurement: LadderMeasurement | null;
  /** Same label (or same boxes) as the reference on the examples, in %; null for the reference or without any. */
  agreement: number | null;
}

export type LadderStatus =
  | { kind: 'idle' }
  | { kind: 'working'; doing: string }
  | { kind: 'done' }
  | { kind: 'failed'; error: ErrorData };

/** Timed runs per variant: few, so a ladder of five variants on a small model takes seconds. */
export const LADDER_ITERATIONS = 10;

/** The kinds chosen at first: every kind the worker can be asked for (an unbuilt one says so in its row). */
const DEFAULT_KINDS: readonly MadeVariantKind[] = MADE_VARIANT_KINDS;

function labelOf(spec: LadderVariantSpec): string {
  if (spec.kind === 'reference') return 'float32 (as loaded)';
  if (spec.kind === 'hub') return `${spec.hub.name} (hub, ${spec.hub.dtype})`;
  return spec.kind === 'made' ? MADE_VARIANT_LABELS[spec.made] : spec.name;
}

const idOf = ladderIdOf;

export class PrecisionLadder {
  kinds = $state<MadeVariantKind[]>([...DEFAULT_KINDS]);
  /** Variant files the user opened (from disk), measured after the made ones. */
  files = $state.raw<{ name: string; file: Blob }[]>([]);
  /** The hub model's other dtype files, and the names of those chosen (none at first: each downloads). */
  hub = $state.raw<HubFilesListing>({ kind: 'none' });
  hubChosen = $state<string[]>([]);
  thresholdDb = $state(DEFAULT_SNR_THRESHOLD_DB);
  rows = $state.raw<LadderRow[]>([]);
  status = $state.raw<LadderStatus>({ kind: 'idle' });
  /** The panel is open (a link or lesson opens it). */
  open = $state(false);
  /** The row painted on the graph. */
  painted = $state<string | null>(null);
  /** The run the rows were measured on. */
  private measuredTarget: RunTarget | null = null;
  private token = 0;
  /** Prepare a report for a row against the reference. */
  readonly report: LadderReport;

  constructor(
    private readonly source: LadderSource,
    private readonly runCapture: Pick<RunCapture, 'showVariantErrors'>,
    private readonly subject: () => LadderSubject,
    reportIo?: ReportPageIo,
  ) {
    this.report = new LadderReport((request) => this.source.prepareReport(request), reportIo);
  }

  /** Downloads the report of a measured row: its first node under the threshold, else its worst. */
  async prepareReport(id: string): Promise<boolean> {
    const row = this.rows.find((candidate) => candidate.id === id);
    const comparison = row?.measurement?.comparison;
    const captures = row?.measurement?.captures;
    const target = this.measuredTarget;
    if (!row || row.id === 'reference' || !comparison || !captures || !target) return false;
    return this.report.prepare(
      { id, label: row.label, comparison, captures },
      this.rows[0]?.label ?? labelOf({ kind: 'reference' }),
      target.model.location,
    );
  }

  /** Where the view's model came from, while it has a finished run. */
  get subjectLocation(): ModelLocation | null {
    return this.subject().target?.model.location ?? null;
  }

  get busy(): boolean {
    return this.status.kind === 'working';
  }

  /** What a share link carries once the ladder was measured: its kinds and threshold; null before. */
  get linkSettings(): LadderLinkSettings | null {
    if (this.rows.length === 0) return null;
    return { variants: [...this.kinds], thresholdDb: this.thresholdDb };
  }

  /** A link's (or lesson's) ladder: its kinds and threshold chosen, the panel opened, the ladder measured. */
  async applyLink(settings: LadderLinkSettings): Promise<boolean> {
    this.choose(settings.variants);
    this.thresholdDb = settings.thresholdDb;
    this.open = true;
    return this.measure();
  }

  /** Chooses which kinds to make (a link's or lesson's list, or the checkboxes). */
  choose(kinds: readonly MadeVariantKind[]): void {
    this.kinds = MADE_VARIANT_KINDS.filter((kind) => kinds.includes(kind));
  }

  toggle(kind: MadeVariantKind, on: boolean): void {
    this.choose(on ? [...this.kinds, kind] : this.kinds.filter((chosen) => chosen !== kind));
  }

  addFile(name: string, file: Blob): void {
    this.files = [...this.files.filter((known) => known.name !== name), { name, file }];
  }

  removeFile(name: string): void {
    this.files = this.files.filter((known) => known.name !== name);
  }

  /**
   * Lists the hub dtype files of the model the view shows (once per model): a hub model's repo is
   * listed, any other source offers none. A listing that fails says why and offers none.
   */
  async listHub(location: ModelLocation | null): Promise<void> {
    if (!location) return; // no finished run right now (one is in flight): the listing stays
    if (location.origin !== 'hub') {
      if (this.hub.kind !== 'none') this.hub = { kind: 'none' };
      return;
    }
    const key = location.key;
    if (this.hub.kind !== 'none' && this.hub.key === key) return;
    this.hub = { kind: 'listing', key };
    this.hubChosen = [];
    try {
      const files = await this.source.hubFiles(location);
      if (this.hub.kind === 'listing' && this.hub.key === key) this.hub = { kind: 'listed', key, files };
    } catch (error) {
      if (this.hub.kind === 'listing' && this.hub.key === key)
        this.hub = { kind: 'unlisted', key, error: toErrorData(error) };
    }
  }

  toggleHub(name: string, on: boolean): void {
    const rest = this.hubChosen.filter((chosen) => chosen !== name);
    this.hubChosen = on ? [...rest, name] : rest;
  }

  /** The specs measured, reference first. */
  private specs(): LadderVariantSpec[] {
    const hubFiles = this.hub.kind === 'listed' ? this.hub.files : [];
    return [
      { kind: 'reference' },
      ...this.kinds.map((made): LadderVariantSpec => ({ kind: 'made', made })),
      ...hubFiles
        .filter((file) => this.hubChosen.includes(file.name))
        .map((hub): LadderVariantSpec => ({ kind: 'hub', hub })),
      ...this.files.map(({ name, file }): LadderVariantSpec => ({ kind: 'file', name, file })),
    ];
  }

  /** Measures every variant in turn; each row fills in as its measurement comes back. */
  async measure(): Promise<boolean> {
    const { target, examples } = this.subject();
    if (!target) {
      this.status = {
        kind: 'failed',
        error: {
          code: 'no-run-yet',
          message: 'There is no run to compare the variants on yet.',
          remedy: 'Run the model first (Classify, or Detect), then measure the ladder.',
        },
      };
      return false;
    }
    const token = ++this.token;
    const specs = this.specs();
    this.measuredTarget = target;
    this.painted = null;
    this.report.reset();
    this.rows = specs.map((spec) => ({
      id: idOf(spec),
      label: labelOf(spec),
      spec,
      measurement: null,
      agreement: null,
    }));
    try {
      await target.settled?.();
      for (const spec of specs) {
        if (token !== this.token) return false;
        this.status = { kind: 'working', doing: `Measuring ${labelOf(spec)}…` };
        const measurement = await this.source.measure(
          target.model.location.key,
          target.backend,
          spec,
          examples,
          {
            iterations: LADDER_ITERATIONS,
            thresholdDb: this.thresholdDb,
          },
        );
        if (token !== this.token) return false;
        this.fill(idOf(spec), measurement);
      }
      this.status = { kind: 'done' };
      return true;
    } catch (error) {
      if (token === this.token) this.status = { kind: 'failed', error: toErrorData(error) };
      return false;
    }
  }

  private fill(id: string, measurement: LadderMeasurement): void {
    const reference = id === 'reference' ? measurement : this.rows[0]?.measurement;
    this.rows = this.rows.map((row) => {
      if (row.id !== id) return row;
      const comparable = id !== 'reference' && reference && !measurement.failure && !reference.failure;
      return {
        ...row,
        measurement,
        agreement: comparable ? answersAgreement(reference, measurement) : null,
      };
    });
  }

  /** Paints a row's error per value on the inspector's graph and selects its first node past the threshold. */
  async paint(id: string): Promise<boolean> {
    const row = this.rows.find((candidate) => candidate.id === id);
    const comparison = row?.measurement?.comparison;
    const target = this.measuredTarget;
    if (!row || !comparison || !target) return false;
    this.painted = id;
    const values = comparison.values.flatMap((value) => {
      const error = paintedError(value.snrDb);
      return error === undefined
        ? []
        : [{ name: value.reference, producerIndex: value.producerIndex, error }];
    });
    return this.runCapture.showVariantErrors(
      target,
      { values, firstPast: comparison.firstPast?.reference ?? null },
      comparison.firstPast?.producer ?? null,
    );
  }

  /** A made row's .onnx file, named after the model and the kind. */
  async download(id: string): Promise<{ name: string; blob: Blob } | null> {
    const target = this.measuredTarget;
    const row = this.rows.find((candidate) => candidate.id === id);
    if (!target || !row?.measurement?.downloadable || row.spec.kind !== 'made') return null;
    const bytes = await this.source.madeBytes(target.model.location.key, id);
    const stem = target.model.name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';
    return {
      name: `${stem}_${row.spec.made}.onnx`,
      blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
    };
  }

  /** Forgets the rows (the view opened another model). */
  clear(): void {
    this.token++;
    this.rows = [];
    this.painted = null;
    this.measuredTarget = null;
    this.report.reset();
    this.status = { kind: 'idle' };
  }
}
