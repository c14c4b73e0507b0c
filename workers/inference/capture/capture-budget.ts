// The capture's memory budget applied to one model: each value's size from ORT's metadata (or unknown),
// values larger than the whole budget left out with a sentence, the rest in chunks within it, and the
// sentence for values left out when a chunk of unknown size came back over the budget.
import type { CaptureCandidate } from '../../../src/lib/capture/capture-variant.ts';
import {
  capPerValue,
  estimateBytes,
  planChunks,
  resolveSymbols,
  type PlannedValue,
} from '../../../src/lib/capture/capture-plan.ts';
import type { SkippedValue } from '../../../src/lib/capture/capture-types.ts';
import { formatBytes } from '../../../src/lib/format.ts';
import type { CaptureSession, ValueInfo } from '../../../src/lib/runtime/onnx-runtime.ts';
import type { CaptureSource } from './last-run.ts';

/** A value to capture with its element type and size (null: ORT cannot tell before the run). */
export interface SizedValue extends PlannedValue {
  producer: string;
  dtype: string;
}

function metadataSkip(candidate: CaptureCandidate, info: ValueInfo | undefined): SkippedValue | null {
  const reason = !info
    ? 'ONNX Runtime did not expose it as an output of the capture variant.'
    : info.dtype === 'non-tensor'
      ? 'ONNX Runtime reports it is not a tensor (a sequence, map or optional value).'
      : info.dtype === 'string'
        ? 'it holds strings, which have no numeric summary.'
        : null;
  return reason
    ? { name: candidate.name, producer: candidate.producer, reason: `${candidate.name}: ${reason}` }
    : null;
}

/** Skips what ORT's metadata says cannot be captured; sizes the rest from the metadata and the feeds. */
export function sizedValues(
  session: CaptureSession,
  candidates: readonly CaptureCandidate[],
  source: CaptureSource,
  skipped: SkippedValue[],
): SizedValue[] {
  const metadata = new Map(session.outputs.map((output) => [output.name, output]));
  const feedDims = Object.fromEntries(
    Object.entries(source.lastRun.feeds).map(([name, tensor]) => [name, tensor.dims]),
  );
  const symbols = resolveSymbols(session.inputs, feedDims);
  const sized: SizedValue[] = [];
  for (const candidate of candidates) {
    const info = metadata.get(candidate.name);
    const skip = metadataSkip(candidate, info);
    if (skip) skipped.push(skip);
    else if (info)
      sized.push({
        name: candidate.name,
        producer: candidate.producer,
        scope: candidate.scope,
        dtype: info.dtype,
        bytes: estimateBytes(info, symbols),
      });
  }
  return sized;
}

/** Chunks within the budget; a value larger than the whole budget is skipped with a sentence. */
export function chunksWithinBudget(
  values: readonly SizedValue[],
  budgetBytes: number,
  skipped: SkippedValue[],
): string[][] {
  const { fits, over } = capPerValue(values, budgetBytes);
  for (const value of over) {
    skipped.push({
      name: value.name,
      producer: value.producer,
      reason: `${value.name} holds ${formatBytes(value.bytes ?? 0)} on this input, more than the capture’s whole budget of ${formatBytes(budgetBytes)}: choose a larger budget to capture it.`,
    });
  }
  return planChunks(fits, budgetBytes);
}

/** The values left out when a chunk whose size was unknown until it ran came back over the budget. */
export function stoppedAfter(
  chunk: readonly string[],
  chunkBytes: number,
  budgetBytes: number,
  rest: readonly string[],
  origins: ReadonlyMap<string, CaptureCandidate>,
): SkippedValue[] {
  const culprit = chunk.join(', ');
  return rest.map((name) => ({
    name,
    producer: origins.get(name)?.producer ?? '',
    reason: `The capture stopped before ${name}: ${culprit}, whose size ONNX Runtime could not tell before the run, came back holding ${formatBytes(chunkBytes)}, over the capture’s budget of ${formatBytes(budgetBytes)}.`,
  }));
}
