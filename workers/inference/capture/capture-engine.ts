// Run captures in the inference worker: build the variant, run it in its own session on the last run's
// feeds (scope by scope when over budget), summarise every value, keep tensors within the budget, and
// serve tensors, comparisons and releases by capture id. The playground's sessions are never touched.
import { findAttentionSites } from '../../../src/lib/capture/attention.ts';
import {
  decodeModelMessage,
  externalizeWeights,
  selectCaptureValues,
} from '../../../src/lib/capture/capture-variant.ts';
import { bytesOfShape } from '../../../src/lib/capture/capture-plan.ts';
import type { CaptureTensor } from '../../../src/lib/capture/capture-tensor.ts';
import {
  DEFAULT_CAPTURE_BUDGET_BYTES,
  type CapturedTensor,
  type CapturedValueSummary,
  type CaptureOptions,
  type CaptureResult,
  type TensorSlice,
} from '../../../src/lib/capture/capture-types.ts';
import { toCapturedTensor } from '../../../src/lib/capture/tensor-slice.ts';
import { summarizeValue } from '../../../src/lib/capture/value-summary.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import { buildGraphIR } from '../../../src/lib/graph/build-graph-ir.ts';
import { modelFromMessage } from '../../../src/lib/onnx/model-from-message.ts';
import type { ModelMessage } from '../../../src/lib/onnx/proto-messages.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { CaptureSource } from './last-run.ts';
import { chunksWithinBudget, sizedValues, stoppedAfter, type SizedValue } from './capture-budget.ts';
import { runChunks, withVariantSession, type VariantTimings } from './run-variant.ts';
import { probeShapes } from './size-probe.ts';

/** A capture held in the worker until released. */
export interface StoredCapture {
  result: CaptureResult;
  source: CaptureSource;
  /** The model message with its weights external: re-encoded for re-captures. */
  message: ModelMessage;
  kept: Map<string, CaptureTensor>;
}

let nextId = 1;

export class CaptureEngine {
  private readonly captures = new Map<string, StoredCapture>();

  /** idPrefix names the worker whose captures these are, so ids never collide across workers. */
  constructor(private readonly idPrefix = 'capture') {}

  async capture(
    modelKey: string,
    source: CaptureSource,
    backend: Backend,
    options: CaptureOptions = {},
  ): Promise<CaptureResult> {
    const budgetBytes = options.budgetBytes ?? DEFAULT_CAPTURE_BUDGET_BYTES;
    const timings: VariantTimings = { buildMs: 0, createSessionMs: 0, runMs: 0 };
    const started = performance.now();
    const message = decodeModelMessage(source.modelBytes);
    const graph = message.graph ?? {};
    const ir = buildGraphIR(modelFromMessage(message, source.modelBytes.length));
    const sites = findAttentionSites(ir);
    const wanted = options.attentionOnly ? sites.map((site) => site.value) : options.names;
    const selection = selectCaptureValues(graph, { scope: options.scope, names: wanted });
    externalizeWeights(message, source.modelBytes);
    timings.buildMs += performance.now() - started;

    const skipped = [...selection.skipped];
    const values: CapturedValueSummary[] = [];
    const kept = new Map<string, CaptureTensor>();
    let keptBytes = 0;
    let totalBytes = 0;
    let summarizeMs = 0;
    const origins = new Map(selection.candidates.map((c) => [c.name, c]));
    const take = (name: string, tensor: CaptureTensor): void => {
      const origin = origins.get(name);
      if (!origin) return;
      const summaryStarted = performance.now();
      const bytes = tensor.data.byteLength;
      const keep = keptBytes + bytes <= budgetBytes;
      values.push(summarizeValue(origin, tensor, keep));
      totalBytes += bytes;
      if (keep) {
        kept.set(name, tensor);
        keptBytes += bytes;
      }
      summarizeMs += performance.now() - summaryStarted;
    };

    const names = selection.candidates.map((candidate) => candidate.name);
    let chunks: string[][] = [];
    let planned: SizedValue[] = [];
    let ran = false;
    // Nothing to capture (a model without attention asked for its attention): no session, no run.
    if (names.length > 0)
      await withVariantSession(message, names, source, backend, timings, async (session) => {
        planned = sizedValues(session, selection.candidates, source, skipped);
        if (planned.some((value) => value.bytes === null)) return;
        chunks = chunksWithinBudget(planned, budgetBytes, skipped);
        if (chunks.length === 1) {
          await runChunks(session, source, chunks, timings, take);
          ran = true;
        }
      });
    if (planned.some((value) => value.bytes === null)) {
      // Sizes ORT could not tell before the run: measured by a run that outputs only their shapes, with
      // the variant's session released first so two copies of the weights are never alive together.
      const unknown = planned.filter((value) => value.bytes === null);
      const shapes = await probeShapes(
        message,
        unknown.map((value) => value.name),
        source,
        backend,
        timings,
      );
      planned = planned.map((value) => {
        const dims = shapes.get(value.name);
        return value.bytes === null && dims ? { ...value, bytes: bytesOfShape(value.dtype, dims) } : value;
      });
      chunks = chunksWithinBudget(planned, budgetBytes, skipped);
    }
    if (!ran) {
      // One session per chunk, so only one chunk's values are alive at a time. A chunk whose size was
      // still unknown is measured when it comes back: over the budget, the capture stops there.
      const unknown = new Set(planned.filter((value) => value.bytes === null).map((value) => value.name));
      for (const [index, chunk] of chunks.entries()) {
        let chunkBytes = 0;
        await withVariantSession(message, chunk, source, backend, timings, (session) =>
          runChunks(session, source, [chunk], timings, (name, tensor) => {
            chunkBytes += tensor.data.byteLength;
            take(name, tensor);
          }),
        );
        if (chunkBytes > budgetBytes && chunk.some((name) => unknown.has(name))) {
          skipped.push(
            ...stoppedAfter(chunk, chunkBytes, budgetBytes, chunks.slice(index + 1).flat(), origins),
          );
          break;
        }
      }
    }
    values.sort((a, b) => a.producerIndex - b.producerIndex);
    const captured = new Set(values.map((value) => value.name));
    const result: CaptureResult = {
      captureId: `${this.idPrefix}-${nextId++}`,
      modelKey,
      backend,
      input: source.lastRun.input,
      inputShapes: Object.fromEntries(
        Object.entries(source.lastRun.feeds).map(([name, tensor]) => [name, [...tensor.dims]]),
      ),
      values,
      skipped,
      attention: sites.filter((site) => captured.has(site.value)),
      chunks: Math.max(1, chunks.length),
      budgetBytes,
      totalBytes,
      keptBytes,
      timings: { ...timings, summarizeMs },
    };
    this.captures.set(result.captureId, { result, source, message, kept });
    return result;
  }

  stored(captureId: string): StoredCapture {
    const stored = this.captures.get(captureId);
    if (!stored) {
      throw new GlassboxError({
        code: 'graph-item-unknown',
        message: 'This capture is no longer held in the worker (it was released or the model was closed).',
        remedy: 'Look inside the run again.',
      });
    }
    return stored;
  }

  /** One value as float32 (a slice of it when asked); a value not kept is captured again on demand. */
  async tensor(captureId: string, name: string, slice?: TensorSlice): Promise<CapturedTensor> {
    const stored = this.stored(captureId);
    const kept = stored.kept.get(name);
    if (kept) return toCapturedTensor(name, kept, slice);
    const [tensor] = await this.recapture(stored, [name]);
    if (!tensor) {
      const reason = stored.result.skipped.find((skip) => skip.name === name)?.reason;
      throw new GlassboxError({
        code: 'graph-item-unknown',
        message: reason ?? `${name} is not a value of this capture.`,
        remedy: 'Choose a value listed in the capture.',
      });
    }
    return toCapturedTensor(name, tensor, slice);
  }

  /** Captured values by name, again, on the capture's own backend and feeds (in one session). */
  async recapture(
    stored: StoredCapture,
    names: readonly string[],
  ): Promise<Array<CaptureTensor | undefined>> {
    const known = names.filter((name) => stored.result.values.some((value) => value.name === name));
    if (known.length === 0) return names.map(() => undefined);
    const found = new Map<string, CaptureTensor>();
    const timings: VariantTimings = { buildMs: 0, createSessionMs: 0, runMs: 0 };
    await withVariantSession(
      stored.message,
      known,
      stored.source,
      stored.result.backend,
      timings,
      (session) =>
        runChunks(session, stored.source, [known], timings, (name, tensor) => found.set(name, tensor)),
    );
    return names.map((name) => found.get(name));
  }

  release(captureId: string): boolean {
    return this.captures.delete(captureId);
  }

  /** Releases every capture of a model (the view closed it). */
  releaseModel(modelKey: string): void {
    for (const [id, stored] of this.captures)
      if (stored.result.modelKey === modelKey) this.captures.delete(id);
  }
}
