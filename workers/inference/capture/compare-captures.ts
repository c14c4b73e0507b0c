// WASM vs WebGPU, value by value: two captures of the same model and input compared with the stated
// tolerance; values not kept in the worker are captured again, chunk by chunk within the budget.
import { planChunks } from '../../../src/lib/capture/capture-plan.ts';
import { elementCountOf, numberReader, type CaptureTensor } from '../../../src/lib/capture/capture-tensor.ts';
import type { BackendComparison, ValueDivergence } from '../../../src/lib/capture/capture-types.ts';
import {
  compareValue,
  DEFAULT_TOLERANCE,
  firstDivergent,
  type ComparedValue,
} from '../../../src/lib/capture/divergence.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { CaptureEngine, StoredCapture } from './capture-engine.ts';

function compared(stored: StoredCapture, name: string, tensor: CaptureTensor): ComparedValue {
  const summary = stored.result.values.find((value) => value.name === name);
  return {
    name,
    producer: summary?.producer ?? '',
    producerIndex: summary?.producerIndex ?? 0,
    dtype: tensor.type,
    shape: tensor.dims,
    read: numberReader(tensor),
    count: elementCountOf(tensor.dims),
  };
}

/** The tensors of `names` in one capture: kept ones at once, the others captured again. */
export async function tensorsOf(
  engine: CaptureEngine,
  stored: StoredCapture,
  names: readonly string[],
): Promise<Map<string, CaptureTensor>> {
  const tensors = new Map<string, CaptureTensor>();
  const missing: string[] = [];
  for (const name of names) {
    const kept = stored.kept.get(name);
    if (kept) tensors.set(name, kept);
    else missing.push(name);
  }
  if (missing.length > 0) {
    const again = await engine.recapture(stored, missing);
    missing.forEach((name, i) => {
      const tensor = again[i];
      if (tensor) tensors.set(name, tensor);
    });
  }
  return tensors;
}

export async function compareCaptures(
  engine: CaptureEngine,
  referenceId: string,
  otherId: string,
): Promise<BackendComparison> {
  const reference = engine.stored(referenceId);
  const other = engine.stored(otherId);
  if (reference.result.modelKey !== other.result.modelKey) {
    throw new GlassboxError({
      code: 'graph-item-unknown',
      message: 'These two captures are of different models, so their values cannot be compared.',
      remedy: 'Capture the same model on both backends.',
    });
  }
  const otherNames = new Set(other.result.values.map((value) => value.name));
  const divergences: ValueDivergence[] = [];
  for (const value of reference.result.values) {
    if (otherNames.has(value.name)) continue;
    divergences.push({
      name: value.name,
      producer: value.producer,
      producerIndex: value.producerIndex,
      maxAbsDiff: Number.NaN,
      maxRelDiff: Number.NaN,
      divergent: false,
      note: `Not captured on ${other.result.backend}.`,
    });
  }
  const shared = reference.result.values.filter((value) => otherNames.has(value.name));
  // Half the budget per side: both sides' tensors of a chunk are alive together.
  const chunks = planChunks(
    shared.map((value) => ({ name: value.name, scope: [], bytes: value.bytes })),
    reference.result.budgetBytes / 2,
  );
  for (const chunk of chunks) {
    const a = await tensorsOf(engine, reference, chunk);
    const b = await tensorsOf(engine, other, chunk);
    for (const name of chunk) {
      const ta = a.get(name);
      const tb = b.get(name);
      if (ta && tb) divergences.push(compareValue(compared(reference, name, ta), compared(other, name, tb)));
    }
  }
  const ordered = firstDivergent(divergences);
  return {
    reference: { captureId: referenceId, backend: reference.result.backend },
    other: { captureId: otherId, backend: other.result.backend },
    tolerance: { ...DEFAULT_TOLERANCE },
    values: ordered.values,
    firstDivergent: ordered.firstDivergent,
  };
}
