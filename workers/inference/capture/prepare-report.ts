// Prepare a report, in the inference worker that holds both captures: the divergent value's producer is
// cut out of the model with its weights, fed the captured inputs of the reference backend; the outputs of
// both backends, the run's input, the model's sha256 and the environment go with it into one zip. For two
// variants of one model (the precision ladder) the node is cut from the reference variant, and the
// other's aligned value (its name there may differ) is its expected output beside the reference's.
import type { CaptureTensor } from '../../../src/lib/capture/capture-tensor.ts';
import { elementCountOf, numberReader } from '../../../src/lib/capture/capture-tensor.ts';
import { decodeModelMessage } from '../../../src/lib/capture/capture-variant.ts';
import { compareValue } from '../../../src/lib/capture/divergence.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import { formatAttributeValue } from '../../../src/lib/graph/format-attribute.ts';
import { encodeModel } from '../../../src/lib/onnx/encode-model.ts';
import { modelFromMessage } from '../../../src/lib/onnx/model-from-message.ts';
import { cutNodeModel, CutNodeError, type TensorType } from '../../../src/lib/report/cut-node.ts';
import { buildReport, type NamedTensor } from '../../../src/lib/report/report-bundle.ts';
import type { DivergenceFacts, NodeFacts } from '../../../src/lib/report/report-types.ts';
import type { PreparedReport, ReportRequest } from '../../../src/contracts/report.ts';
import type { CaptureEngine, StoredCapture } from './capture-engine.ts';

const HEAD = 8;

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Captured tensors by name (kept ones at once, the rest captured again), plus the run's own feeds. */
async function tensorsOf(
  engine: CaptureEngine,
  stored: StoredCapture,
  names: readonly string[],
): Promise<Map<string, CaptureTensor>> {
  const found = new Map<string, CaptureTensor>();
  const missing: string[] = [];
  for (const name of names) {
    const feed = stored.source.lastRun.feeds[name];
    const kept = stored.kept.get(name);
    if (feed) found.set(name, { type: feed.type, dims: [...feed.dims], data: feed.data });
    else if (kept) found.set(name, kept);
    else missing.push(name);
  }
  if (missing.length > 0) {
    const again = await engine.recapture(stored, missing);
    missing.forEach((name, i) => {
      const tensor = again[i];
      if (tensor) found.set(name, tensor);
    });
  }
  return found;
}

function named(name: string, tensor: CaptureTensor): NamedTensor {
  return { name, type: tensor.type, dims: [...tensor.dims], data: tensor.data };
}

function divergenceFacts(
  value: string,
  a: CaptureTensor,
  b: CaptureTensor,
  tolerance: ReportRequest['tolerance'],
): DivergenceFacts {
  const readA = numberReader(a);
  const readB = numberReader(b);
  const count = elementCountOf(a.dims);
  const base = { name: value, producer: '', producerIndex: 0, dtype: a.type, shape: a.dims };
  const compared = compareValue(
    { ...base, read: readA, count },
    { ...base, dtype: b.type, shape: b.dims, read: readB, count: elementCountOf(b.dims) },
    tolerance,
  );
  let worst: DivergenceFacts['worst'] = null;
  if (count === elementCountOf(b.dims)) {
    let largest = -1;
    for (let i = 0; i < count; i++) {
      const diff = Math.abs(readA(i) - readB(i));
      if (diff > largest || (Number.isNaN(diff) && largest < Infinity)) {
        largest = Number.isNaN(diff) ? Infinity : diff;
        worst = { index: i, reference: readA(i), other: readB(i) };
      }
    }
  }
  const head = (read: (i: number) => number, n: number) =>
    Array.from({ length: Math.min(HEAD, n) }, (_, i) => read(i));
  return {
    value,
    maxAbsDiff: compared.maxAbsDiff,
    maxRelDiff: compared.maxRelDiff,
    tolerance,
    divergent: compared.divergent,
    ...(compared.note ? { note: compared.note } : {}),
    worst,
    head: { reference: head(readA, count), other: head(readB, elementCountOf(b.dims)) },
  };
}

export async function prepareReport(
  engine: CaptureEngine,
  request: ReportRequest,
  ortVersion: string,
): Promise<PreparedReport> {
  const reference = engine.stored(request.referenceId);
  const other = engine.stored(request.otherId);
  const summary = reference.result.values.find((value) => value.name === request.value);
  if (!summary) {
    throw new GlassboxError({
      code: 'graph-item-unknown',
      message: `${request.value} is not a captured value of this run.`,
      remedy: 'Compare the backends again, then prepare the report.',
    });
  }
  const modelBytes = reference.source.modelBytes;
  const message = decodeModelMessage(modelBytes);
  const model = modelFromMessage(message, modelBytes.length);
  const onnxNode = model.graph.nodes[summary.producerIndex];
  if (!onnxNode) {
    throw new GlassboxError({
      code: 'graph-item-unknown',
      message: `The node that produces ${request.value} is not in the model.`,
      remedy: 'Compare the backends again, then prepare the report.',
    });
  }
  const weights = new Set(model.graph.initializers.map((tensor) => tensor.name));
  const constants = new Set(
    model.graph.nodes.filter((node) => node.opType === 'Constant').flatMap((node) => node.outputs),
  );
  const fed = onnxNode.inputs.filter((name) => name !== '' && !weights.has(name) && !constants.has(name));
  const outputs = onnxNode.outputs.filter((name) => name !== '');
  const inputTensors = await tensorsOf(engine, reference, fed);
  const variants = request.variants;
  const referenceOutputs = await tensorsOf(engine, reference, outputs);
  const otherOutputs = await tensorsOf(engine, other, variants ? [variants.otherValue] : outputs);
  const types = new Map<string, TensorType>();
  for (const [name, tensor] of [...inputTensors, ...referenceOutputs])
    types.set(name, { type: tensor.type, dims: tensor.dims });
  let cut;
  try {
    cut = cutNodeModel(message, summary.producerIndex, types, reference.source.externalData);
  } catch (error) {
    if (!(error instanceof CutNodeError)) throw error;
    throw new GlassboxError({
      code: 'capture-failed',
      message: `The node ${onnxNode.name || onnxNode.opType} could not be cut out: ${error.message}`,
      remedy: 'Look inside the run with a larger memory budget, then prepare the report again.',
    });
  }
  const a = referenceOutputs.get(request.value);
  const b = otherOutputs.get(variants?.otherValue ?? request.value);
  if (!a || !b) {
    throw new GlassboxError({
      code: 'capture-failed',
      message: `${request.value} could not be captured again on both ${variants ? 'variants' : 'backends'}.`,
      remedy: variants
        ? 'Measure the ladder again, then prepare the report.'
        : 'Compare the backends again, then prepare the report.',
    });
  }
  const node: NodeFacts = {
    name: onnxNode.name,
    opType: onnxNode.opType,
    domain: onnxNode.domain,
    index: summary.producerIndex,
    attributes: onnxNode.attributes.map((attribute) => ({
      name: attribute.name,
      text: formatAttributeValue(attribute),
    })),
    inputs: [...onnxNode.inputs],
    outputs: [...onnxNode.outputs],
  };
  const pick = (tensors: Map<string, CaptureTensor>) =>
    outputs.flatMap((name) => {
      const tensor = tensors.get(name);
      return tensor ? [named(name, tensor)] : [];
    });
  const report = buildReport({
    source: {
      ...request.source,
      sha256: await sha256(modelBytes as Uint8Array<ArrayBuffer>),
      bytes: modelBytes.length,
    },
    environment: {
      ...request.environment,
      ortVersion,
      reference: reference.result.backend,
      other: other.result.backend,
    },
    node,
    divergence: {
      ...divergenceFacts(request.value, a, b, request.tolerance),
      ...(variants ? { divergent: variants.past } : {}),
    },
    ...(variants
      ? {
          variants: {
            ...variants,
            otherSha256: await sha256(other.source.modelBytes as Uint8Array<ArrayBuffer>),
            otherBytes: other.source.modelBytes.length,
          },
        }
      : {}),
    modelInputs: Object.entries(reference.source.lastRun.feeds).map(([name, tensor]) => named(name, tensor)),
    cutModel: encodeModel(cut.model),
    feeds: cut.feeds.flatMap((name) => {
      const tensor = inputTensors.get(name);
      return tensor ? [named(name, tensor)] : [];
    }),
    embedded: cut.embedded,
    ...(cut.note ? { cutNote: cut.note } : {}),
    expected: variants
      ? // The other variant's value under the reference's output name, so reproduce.py compares it too.
        { reference: pick(referenceOutputs), variant: [named(request.value, b)] }
      : reference.result.backend === other.result.backend
        ? { [reference.result.backend]: pick(referenceOutputs) }
        : { [reference.result.backend]: pick(referenceOutputs), [other.result.backend]: pick(otherOutputs) },
  });
  return {
    zip: report.zip,
    parts: report.entries.map((entry) => entry.name),
    node: node.name || node.opType,
  };
}
