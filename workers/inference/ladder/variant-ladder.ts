// The precision ladder in the inference worker: for the model a view has loaded (a LadderTask: text
// classification or detection), measure one variant (the model as loaded, one made here by makeVariant,
// a file, or a hub dtype file) on a backend — its size, the session's creation time, latency with the
// lab's statistics, its answers on the view's examples (and, for the reference, its fp16 headroom) —
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
import type { CaptureSource } from '../capture/last-run.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import {
  createCaptureSession,
  type CaptureSession,
  type ExternalDataFile,
} from '../../../src/lib/runtime/onnx-runtime.ts';
import { ladderHeadroom, type LadderHeadroom } from '../../../src/lib/fp16/ladder-headroom.ts';
import { DEFAULT_SNR_THRESHOLD_DB } from '../../../src/lib/variants/error-metrics.ts';
import { makeVariant } from '../../../src/lib/variants/make-variant.ts';
import type { CaptureEngine } from '../capture/capture-engine.ts';
import type { LadderTask, TimedRun } from './ladder-task.ts';
import { compareVariantCapture } from './ladder-compare.ts';

const DEFAULT_ITERATIONS = 10;

/** The fp16 headroom of the reference's capture; the kept float32 tensors give each node's subnormal share. */
function referenceHeadroom(engine: CaptureEngine, captureId: string): LadderHeadroom {
  const stored = engine.stored(captureId);
  const tensors = new Map<string, ArrayLike<number>>();
  for (const [name, tensor] of stored.kept)
    if (tensor.data instanceof Float32Array || tensor.data instanceof Float64Array)
      tensors.set(name, tensor.data);
  return ladderHeadroom(stored.result.values, tensors);
}

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

/** The lab's statistics on `iterations` timed runs after one warm-up. */
async function latencyOf(session: CaptureSession, timed: TimedRun, iterations: number) {
  const { feeds, output } = timed;
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

  /** One variant of the model a task has loaded, measured on the task's examples (see LadderTask). */
  async measure(
    modelKey: string,
    task: LadderTask,
    backend: Backend,
    spec: LadderVariantSpec,
    options: LadderOptions = {},
  ): Promise<LadderMeasurement> {
    const source = task.captureSource();
    const id = ladderIdOf(spec);
    const row: LadderMeasurement = {
      id,
      backend,
      sizeBytes: 0,
      makeMs: null,
      loadMs: null,
      latency: null,
      labels: [],
      detections: null,
      notes: [],
      failure: null,
      comparison: null,
      downloadable: false,
      captures: null,
      headroom: null,
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
        Object.assign(row, await task.answers(session));
        const timed = task.timedRun(session);
        if (timed) row.latency = await latencyOf(session, timed, options.iterations ?? DEFAULT_ITERATIONS);
      } finally {
        await session.release();
      }
      const capture = await this.captures.capture(modelKey, variantSource, backend);
      const referenceKey = `${modelKey}\n${backend}`;
      const before = this.references.get(referenceKey);
      let reference = before;
      if (spec.kind === 'reference') {
        reference = { captureId: capture.captureId, run: source.lastRun };
        row.headroom = referenceHeadroom(this.captures, capture.captureId);
      } else if (!before || before.run !== source.lastRun || !this.held(before.captureId))
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
