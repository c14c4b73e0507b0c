// Facts the benchmark needs from the model file before a session exists: its SHA-256 (recorded with
// every result) and its largest weight (checked against the WebGPU adapter's buffer limits).
import type { ModelTensorSizes } from '../../src/lib/bench/adapter-limits.ts';
import { decodeErrorToGlassbox } from '../../src/lib/loading/model-facts.ts';
import {
  byteSizeOf,
  decodeModel,
  elementCountOf,
  OnnxDecodeError,
  type OnnxModel,
} from '../../src/lib/onnx/index.ts';

export interface WeightFacts extends ModelTensorSizes {
  sha256: string;
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function weightFacts(bytes: Uint8Array, fileName: string): Promise<WeightFacts> {
  let model: OnnxModel;
  try {
    model = decodeModel(bytes, { fileName });
  } catch (error) {
    throw error instanceof OnnxDecodeError ? decodeErrorToGlassbox(error) : error;
  }
  let largestTensorBytes = 0;
  let largestTensorName = '';
  for (const tensor of model.graph.initializers) {
    const size = byteSizeOf(tensor.dataType, elementCountOf(tensor.dims)) ?? 0;
    if (size > largestTensorBytes) {
      largestTensorBytes = size;
      largestTensorName = tensor.name;
    }
  }
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return { sha256: hex(digest), largestTensorBytes, largestTensorName };
}
