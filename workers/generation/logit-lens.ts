// The logit lens in a worker: the lens variant of a causal LM (src/lib/tasks/text-generation/logit-lens)
// in its own session, run on a whole prompt at once (no KV cache: the first step's feeds, past length 0),
// answering for every layer × position the top k tokens with their probabilities. The variant carries no
// weights: they stay in the original file's bytes, which ORT reads as the variant's external data.
import { decodeModelMessage, externalizeWeights } from '../../src/lib/capture/capture-variant.ts';
import { numberReader, type CaptureTensor } from '../../src/lib/capture/capture-tensor.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { encodeModel } from '../../src/lib/onnx/encode-model.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import {
  createCaptureSession,
  type CaptureSession,
  type ExternalDataFile,
} from '../../src/lib/runtime/onnx-runtime.ts';
import type { NormKind } from '../../src/lib/tasks/text-generation/logit-lens/find-final-norm.ts';
import {
  MAX_LENS_TOP_K,
  type LensCandidate,
} from '../../src/lib/tasks/text-generation/logit-lens/lens-top-k.ts';
import {
  buildLensVariant,
  lensTopKNames,
} from '../../src/lib/tasks/text-generation/logit-lens/lens-variant.ts';
import type { Tiedness } from '../../src/lib/tasks/text-generation/logit-lens/tied-weights.ts';
import type { TensorData } from '../../src/lib/tensor.ts';

/** The external-data name under which the lens variant reads the original model bytes. */
export const LENS_SOURCE_LOCATION = 'glassbox-lens-source.onnx';

/** What the lens found in the model, for the view to say ("RMSNorm, untied unembedding, 30 layers"). */
export interface LensFacts {
  layers: number;
  norm: NormKind;
  tied: Tiedness;
}

export interface LogitLensGrid extends LensFacts {
  positions: number;
  /** cells[layer][position]: the top k tokens of that layer's lens at that position, most probable first. */
  cells: LensCandidate[][][];
  runMs: number;
}

export type LogitLensOpen = { ok: true; lens: LogitLens } | { ok: false; reason: string };

function required(raw: Record<string, CaptureTensor>, name: string): CaptureTensor {
  const tensor = raw[name];
  if (tensor) return tensor;
  throw new GlassboxError({
    code: 'inference-failed',
    message: `The logit lens's output ${name} did not come back from the run.`,
    remedy: 'Run the lens again; if it keeps failing, the model may not suit the lens.',
  });
}

/** One layer's top-k tensors [..., positions, K] → per position its first k candidates. */
function cellsOf(probabilities: CaptureTensor, ids: CaptureTensor, k: number): LensCandidate[][] {
  const width = probabilities.dims[probabilities.dims.length - 1] ?? 0;
  const positions = width === 0 ? 0 : probabilities.data.length / width;
  // float16 models give float16 probabilities (as bit patterns); ids are int64.
  const probability = numberReader(probabilities);
  const id = numberReader(ids);
  return Array.from({ length: positions }, (_, p) =>
    Array.from({ length: Math.min(k, width) }, (_, j) => ({
      id: id(p * width + j),
      probability: probability(p * width + j),
    })),
  );
}

export class LogitLens {
  private constructor(
    private readonly session: CaptureSession,
    /** One lens output per layer, first layer first. */
    readonly outputs: readonly string[],
    readonly logits: string,
    readonly facts: LensFacts,
  ) {}

  /**
   * The lens of a model file, or the sentence saying which part of its structure was not recognised.
   * `modelBytes` must stay unchanged while the lens is open (the session reads the weights from it).
   */
  static async open(
    modelBytes: Uint8Array,
    externalData: readonly ExternalDataFile[],
    backend: Backend,
  ): Promise<LogitLensOpen> {
    const message = decodeModelMessage(modelBytes);
    const built = buildLensVariant(message, { topK: MAX_LENS_TOP_K });
    if (!built.ok) return built;
    const { variant } = built;
    externalizeWeights(variant.model, modelBytes, LENS_SOURCE_LOCATION);
    const session = await createCaptureSession(encodeModel(variant.model), backend, [
      ...externalData,
      { path: LENS_SOURCE_LOCATION, data: modelBytes },
    ]);
    const { structure } = variant;
    const facts: LensFacts = {
      layers: variant.outputs.length,
      norm: structure.norm.kind,
      tied: structure.head.tied,
    };
    return { ok: true, lens: new LogitLens(session, variant.outputs, structure.head.logits, facts) };
  }

  /**
   * Runs the prompt's feeds (what the model's first step takes: ids, mask, positions, an empty cache)
   * and returns the lens outputs, the model's own logits and any other of its outputs named in `also`,
   * as the runtime gives them.
   */
  async runRaw(
    feeds: Readonly<Record<string, TensorData>>,
    also: readonly string[] = [],
  ): Promise<Record<string, CaptureTensor>> {
    const fetches = new Set([...this.outputs, this.logits, ...also]);
    return this.session.run(feeds, [...fetches]);
  }

  /**
   * Every layer × position's top k (k ≤ 5) tokens with probabilities: softmax and top k run in the graph,
   * so only k values per position and layer leave the runtime.
   */
  async run(feeds: Readonly<Record<string, TensorData>>, k: number): Promise<LogitLensGrid> {
    const names = this.outputs.map((_, layer) => lensTopKNames(layer));
    const started = performance.now();
    const raw = await this.session.run(
      feeds,
      names.flatMap((name) => [name.probabilities, name.ids]),
    );
    const runMs = performance.now() - started;
    const keep = Math.max(1, Math.min(k, MAX_LENS_TOP_K));
    const cells = names.map((name) =>
      cellsOf(required(raw, name.probabilities), required(raw, name.ids), keep),
    );
    return { ...this.facts, positions: cells[0]?.length ?? 0, cells, runMs };
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
