// The precision ladder of a view's model: the model as loaded (the reference) and the variants the user
// chose — made in the view's worker by makeVariant, or .onnx files — each measured on the view's backend
// (size, load, latency, labels on the view's examples) and compared with the reference value by value; a
// row is painted on the inspector's graph through Look inside. The worker is reached through a
// LadderSource, so the state machine is testable with a fake.
import type { LadderMeasurement, LadderOptions, LadderVariantSpec } from '../../contracts/ladder.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import { labelAgreement } from '../../lib/variants/agreement.ts';
import { DEFAULT_SNR_THRESHOLD_DB, paintedError } from '../../lib/variants/error-metrics.ts';
import {
  MADE_VARIANT_KINDS,
  MADE_VARIANT_LABELS,
  type MadeVariantKind,
} from '../../lib/variants/make-variant.ts';
import type { LadderLinkSettings } from '../../lib/variants/ladder-link.ts';
import type { RunCapture, RunTarget } from '../inspector/run-capture.svelte.ts';

/** The inference worker's ladder methods, as the page uses them. */
export interface LadderSource {
  measure(
    modelKey: string,
    backend: Backend,
    spec: LadderVariantSpec,
    texts: readonly string[],
    options: LadderOptions,
  ): Promise<LadderMeasurement>;
  madeBytes(modelKey: string, id: string): Promise<Uint8Array>;
}

/** What the ladder measures against: the view's last run and its examples. */
export interface LadderSubject {
  target: RunTarget | null;
  /** The view's examples, one label each. */
  texts: readonly string[];
}

export interface LadderRow {
  id: string;
  label: string;
  spec: LadderVariantSpec;
  measurement: LadderMeasurement | null;
  /** Same label as the reference on the examples, in %; null for the reference or without labels. */
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
  return spec.kind === 'made' ? MADE_VARIANT_LABELS[spec.made] : spec.name;
}

function idOf(spec: LadderVariantSpec): string {
  if (spec.kind === 'reference') return 'reference';
  return spec.kind === 'made' ? `made:${spec.made}` : `file:${spec.name}`;
}

export class PrecisionLadder {
  kinds = $state<MadeVariantKind[]>([...DEFAULT_KINDS]);
  /** Variant files the user opened (from disk), measured after the made ones. */
  files = $state.raw<{ name: string; file: Blob }[]>([]);
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

  constructor(
    private readonly source: LadderSource,
    private readonly runCapture: Pick<RunCapture, 'showVariantErrors'>,
    private readonly subject: () => LadderSubject,
  ) {}

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

  /** The specs measured, reference first. */
  private specs(): LadderVariantSpec[] {
    return [
      { kind: 'reference' },
      ...this.kinds.map((made): LadderVariantSpec => ({ kind: 'made', made })),
      ...this.files.map(({ name, file }): LadderVariantSpec => ({ kind: 'file', name, file })),
    ];
  }

  /** Measures every variant in turn; each row fills in as its measurement comes back. */
  async measure(): Promise<boolean> {
    const { target, texts } = this.subject();
    if (!target) {
      this.status = {
        kind: 'failed',
        error: {
          code: 'no-run-yet',
          message: 'There is no run to compare the variants on yet.',
          remedy: 'Run the model first (Classify), then measure the ladder.',
        },
      };
      return false;
    }
    const token = ++this.token;
    const specs = this.specs();
    this.measuredTarget = target;
    this.painted = null;
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
          texts,
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
        agreement: comparable ? labelAgreement(reference.labels, measurement.labels) : null,
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
    this.status = { kind: 'idle' };
  }
}
