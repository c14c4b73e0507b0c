// The precision ladder in the inference worker: for the text classifier a view has loaded, measure one
// variant (the model as loaded, one made here by makeVariant, or a file) on a backend — its size, the
// session's creation time, latency with the lab's statistics, its label on each of the view's examples —
// and compare its capture of the view's last run with the reference's, value by value. Sessions are
// capture sessions of their own: the view's session is never touched. A hub dtype file is downloaded
// when measured (through the worker's cancellable downloads); both captures compared stay held for
// Prepare a report.
import {
  ladderIdOf,
  type HubVariantFile,
  type LadderMeasurement,
  type LadderOptions,
  type LadderVariantSpec,
} from '../../../src/contracts/ladder.ts';
import { summarizeLatencies } from '../../../src/lib/bench/statistics.ts';
import { GlassboxError, toErrorData } from '../../../src/lib/errors.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import {
  createCaptureSession,
  type CaptureSession,
  type ExternalDataFile,
} from '../../../src/lib/runtime/onnx-runtime.ts';
import { numberReader, elementCountOf } from '../../../src/lib/capture/capture-tensor.ts';
import { DEFAULT_SNR_THRESHOLD_DB } from '../../../src/lib/variants/error-metrics.ts';
import { makeVariant } from '../../../src/lib/variants/make-variant.ts';
import type { CaptureEngine } from '../capture/capture-engine.ts';
import type { CaptureSource } from '../capture/last-run.ts';
import type { TextClassifier } from '../tasks/text-classifier.ts';
import { compareVariantCapture } from './ladder-compare.ts';

const DEFAULT_ITERATIONS = 10;

/** Downloads a hub dtype file and its external data (cache first, cancellable). */
export type HubFileDownload = (file: HubVariantFile) => Promise<{
  bytes: Uint8Array;
  externalData: ExternalDataFile[];
}>;

interface VariantBytes {
  bytes: Uint8Array;
  /** Weights files: the loaded model's for the reference, a hub file's own, none for the others. */
  externalData: readonly ExternalDataFile[];
  makeMs: number | null;
  notes: string[];
}

/** The bytes of a spec, and what making them took and said. */
async function variantBytes(
  spec: LadderVariantSpec,
  source: CaptureSource,
  download: HubFileDownload,
): Promise<VariantBytes> {
  const plain = { makeMs: null, notes: [] };
  if (spec.kind === 'reference')
    return { bytes: source.modelBytes, externalData: source.externalData, ...plain };
  if (spec.kind === 'file')
    return { bytes: new Uint8Array(await spec.file.arrayBuffer()), externalData: [], ...plain };
  if (spec.kind === 'hub') return { ...(await download(spec.hub)), ...plain };
  const started = performance.now();
  const made = makeVariant(source.modelBytes, spec.made);
  return { bytes: made.bytes, externalData: [], makeMs: performance.now() - started, notes: made.notes };
}

function argmax(values: (index: number) => number, count: number): number {
  let best = 0;
  for (let i = 1; i < count; i++) if (values(i) > values(best)) best = i;
  return best;
}

/** The top label of each text, one run per text (no padding differences between variants). */
async function labelsOf(
  session: CaptureSession,
  classifier: TextClassifier,
  texts: readonly string[],
): Promise<string[]> {
  const output = session.outputs[0]?.name ?? 'logits';
  const inputs = session.inputs.map((input) => input.name);
  const labels: string[] = [];
  for (const sequence of classifier.tokenize(texts)) {
    const result = await session.run(classifier.feedsOf([sequence], inputs), [output]);
    const logits = result[output];
    if (!logits) {
      throw new GlassboxError({
        code: 'inference-failed',
        message: 'The variant returned no logits.',
        remedy: 'Check that its first output is the classification logits, as in the reference.',
      });
    }
    labels.push(classifier.labelOf(argmax(numberReader(logits), elementCountOf(logits.dims))));
  }
  return labels;
}

async function latencyOf(
  session: CaptureSession,
  classifier: TextClassifier,
  text: string,
  iterations: number,
) {
  const output = session.outputs[0]?.name ?? 'logits';
  const feeds = classifier.feedsOf(
    classifier.tokenize([text]),
    session.inputs.map((input) => input.name),
  );
  await session.run(feeds, [output]);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await session.run(feeds, [output]);
    samples.push(performance.now() - started);
  }
  return summarizeLatencies(samples);
}

export class VariantLadder {
  /** Made variants' bytes, for a download, by model and id. */
  private readonly made = new Map<string, Uint8Array>();
  /** The reference's capture per model and backend, with the run it captured (a new run makes it stale). */
  private readonly references = new Map<string, { captureId: string; run: CaptureSource['lastRun'] }>();
  /** Each variant's last capture by model, backend and id, held for Prepare a report. */
  private readonly variants = new Map<string, string>();

  constructor(
    private readonly captures: CaptureEngine,
    private readonly download: HubFileDownload,
  ) {}

  async measure(
    modelKey: string,
    classifier: TextClassifier,
    backend: Backend,
    spec: LadderVariantSpec,
    texts: readonly string[],
    options: LadderOptions = {},
  ): Promise<LadderMeasurement> {
    const source = classifier.captureSource();
    const id = ladderIdOf(spec);
    const row: LadderMeasurement = {
      id,
      backend,
      sizeBytes: 0,
      makeMs: null,
      loadMs: null,
      latency: null,
      labels: [],
      notes: [],
      failure: null,
      comparison: null,
      downloadable: false,
      captures: null,
    };
    try {
      const made = await variantBytes(spec, source, this.download);
      row.sizeBytes = made.bytes.byteLength;
      row.makeMs = made.makeMs;
      row.notes = made.notes;
      if (spec.kind === 'made') {
        this.made.set(`${modelKey}\n${id}`, made.bytes);
        row.downloadable = true;
      }
      const externalData = made.externalData;
      const variantSource: CaptureSource = { ...source, modelBytes: made.bytes, externalData };
      const loadStarted = performance.now();
      const session = await createCaptureSession(made.bytes, backend, externalData);
      row.loadMs = performance.now() - loadStarted;
      try {
        row.labels = await labelsOf(session, classifier, texts);
        const first = texts[0];
        if (first !== undefined)
          row.latency = await latencyOf(session, classifier, first, options.iterations ?? DEFAULT_ITERATIONS);
      } finally {
        await session.release();
      }
      const capture = await this.captures.capture(modelKey, variantSource, backend);
      const referenceKey = `${modelKey}\n${backend}`;
      const before = this.references.get(referenceKey);
      let reference = before;
      if (spec.kind === 'reference') reference = { captureId: capture.captureId, run: source.lastRun };
      else if (!before || before.run !== source.lastRun || !this.held(before.captureId))
        reference = {
          captureId: (await this.captures.capture(modelKey, source, backend)).captureId,
          run: source.lastRun,
        };
      if (!reference) throw new Error('unreachable: a reference capture was just made');
      if (before && before.captureId !== reference.captureId) this.captures.release(before.captureId);
      this.references.set(referenceKey, reference);
      const referenceId = reference.captureId;
      row.comparison = await compareVariantCapture(
        this.captures,
        referenceId,
        capture.captureId,
        options.thresholdDb ?? DEFAULT_SNR_THRESHOLD_DB,
      );
      row.captures = { reference: referenceId, variant: capture.captureId };
      this.hold(`${referenceKey}\n${id}`, capture.captureId, referenceId);
    } catch (error) {
      row.failure = toErrorData(error);
    }
    return row;
  }

  /** A made variant's bytes (a download); a typed error when it was not made here. */
  bytesOf(modelKey: string, id: string): Uint8Array {
    const bytes = this.made.get(`${modelKey}\n${id}`);
    if (!bytes) {
      throw new GlassboxError({
        code: 'graph-item-unknown',
        message: 'This variant is no longer held in the worker.',
        remedy: 'Measure the ladder again, then download it.',
      });
    }
    return bytes;
  }

  /**
   * Holds a variant's capture for a report, without its tensors (a report captures the few it needs
   * again), and releases the one it replaces.
   */
  private hold(key: string, captureId: string, referenceId: string): void {
    const before = this.variants.get(key);
    if (before && before !== referenceId && before !== captureId) this.captures.release(before);
    if (captureId !== referenceId) this.captures.stored(captureId).kept.clear();
    this.variants.set(key, captureId);
  }

  /** Forgets a model's made variants (the view opened another model). */
  forget(modelKey: string): void {
    for (const key of [...this.made.keys()]) if (key.startsWith(`${modelKey}\n`)) this.made.delete(key);
    for (const [key, captureId] of [...this.variants])
      if (key.startsWith(`${modelKey}\n`)) {
        this.captures.release(captureId);
        this.variants.delete(key);
      }
    for (const [key, reference] of [...this.references])
      if (key.startsWith(`${modelKey}\n`)) {
        this.captures.release(reference.captureId);
        this.references.delete(key);
      }
  }

  private held(captureId: string): boolean {
    try {
      this.captures.stored(captureId);
      return true;
    } catch {
      return false;
    }
  }
}
