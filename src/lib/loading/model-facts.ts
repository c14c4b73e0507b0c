// Facts about an ONNX file that need no runtime session: size, SHA-256, parameter and node counts.
// Decoding first also turns a corrupt file into a precise error ("invalid wire type 7 at byte 12")
// instead of the runtime's generic one.
import { GlassboxError } from '../errors.ts';
import { decodeModel, elementCountOf, OnnxDecodeError, type OnnxModel } from '../onnx/index.ts';

export interface ModelFacts {
  fileBytes: number;
  sha256: string;
  /** Elements of every initializer (weights, biases, constants folded into initializers). */
  parameterCount: number;
  nodeCount: number;
  /** Version of the default ONNX domain the model imports, or null when it names none. */
  opsetVersion: number | null;
  producer: string;
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** OnnxDecodeError → GlassboxError, keeping the decoder's precise message and remedy. */
export function decodeErrorToGlassbox(error: OnnxDecodeError): GlassboxError {
  const data = {
    code: 'model-file-invalid' as const,
    message: error.message,
    remedy: error.remedy,
  };
  return new GlassboxError(error.detail === undefined ? data : { ...data, detail: error.detail });
}

/** Decodes an ONNX file, turning a decode failure into a model-file-invalid error that names the byte. */
export function decodeOrExplain(bytes: Uint8Array, fileName: string): OnnxModel {
  try {
    return decodeModel(bytes, { fileName });
  } catch (error) {
    throw error instanceof OnnxDecodeError ? decodeErrorToGlassbox(error) : error;
  }
}

export async function readModelFacts(bytes: Uint8Array<ArrayBuffer>, fileName: string): Promise<ModelFacts> {
  return modelFactsOf(decodeOrExplain(bytes, fileName), bytes);
}

/** Facts of a model already decoded from bytes. */
export async function modelFactsOf(model: OnnxModel, bytes: Uint8Array<ArrayBuffer>): Promise<ModelFacts> {
  let parameterCount = 0;
  for (const initializer of model.graph.initializers) parameterCount += elementCountOf(initializer.dims);
  const defaultOpset = model.opsetImports.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  return {
    fileBytes: bytes.byteLength,
    sha256: hex(await crypto.subtle.digest('SHA-256', bytes)),
    parameterCount,
    nodeCount: model.graph.nodes.length,
    opsetVersion: defaultOpset?.version ?? null,
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
  };
}
