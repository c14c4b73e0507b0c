// Any ONNX model, run on tensors the user describes (shape and fill per input): one ORT session per
// backend, and every output summarized (shape, statistics, first values) instead of interpreted.
import type { GenericModelInfo, GenericInputSpec, GenericRun } from '../../../src/contracts/inference.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import { formatShape } from '../../../src/lib/format.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import { readModelFacts } from '../../../src/lib/loading/model-facts.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { ExternalDataFile, RuntimeSession, ValueInfo } from '../../../src/lib/runtime/onnx-runtime.ts';
import type { TensorData } from '../../../src/lib/tensor.ts';
import { buildTensor, dimSymbol, resolveDims, symbolicDims } from '../../../src/lib/tensors/input-fill.ts';
import { summarizeOutput, type OutputSummary } from '../../../src/lib/tensors/output-summary.ts';
import { SessionModel } from '../served-model.ts';

/** Errors of the warm-up run that mean "this model needs other sizes or values", not a broken session. */
const OPTIONAL_WARM_UP_FAILURES = new Set(['inference-failed', 'empty-input']);

/** The given dims against the declared shape: same rank, and fixed sizes kept (else ORT fails cryptically). */
function shapeMismatch(input: ValueInfo, dims: readonly number[]): string | null {
  // An empty shape is a scalar or a rank the model leaves unknown: nothing to check against.
  if (input.shape.length === 0) return null;
  if (dims.length !== input.shape.length) {
    return `The input ${input.name} has ${input.shape.length} dimensions ${formatShape(input.shape)}, but ${dims.length} sizes were given ${formatShape(dims)}.`;
  }
  for (let axis = 0; axis < dims.length; axis++) {
    const declared = input.shape[axis] as number | string;
    if (dimSymbol(declared) === null && declared !== dims[axis]) {
      return `The input ${input.name} needs the shape ${formatShape(input.shape)}; it was given ${formatShape(dims)}.`;
    }
  }
  return null;
}

export class GenericModel extends SessionModel {
  private constructor(
    override readonly info: GenericModelInfo,
    modelBytes: Uint8Array<ArrayBuffer>,
    externalData: readonly ExternalDataFile[],
  ) {
    super(modelBytes, externalData);
  }

  /** From a download, which already decoded the model for its facts: it is not decoded again. */
  static fromDownload(download: ModelDownload): GenericModel {
    const info = { modelKey: download.location.key, facts: download.facts, inputs: [], outputs: [] };
    return new GenericModel(info, download.modelBytes, download.externalData);
  }

  /** From bytes not yet decoded: bytes that are not ONNX fail here with the decoder's precise error. */
  static async create(
    modelKey: string,
    modelBytes: Uint8Array<ArrayBuffer>,
    fileName: string,
    externalData: readonly ExternalDataFile[] = [],
  ): Promise<GenericModel> {
    const facts = await readModelFacts(modelBytes, fileName);
    return new GenericModel({ modelKey: modelKey, facts, inputs: [], outputs: [] }, modelBytes, externalData);
  }

  async createSession(backend: Backend): Promise<void> {
    await this.sessions.create(backend, (session) => {
      this.info.inputs = [...session.inputs];
      this.info.outputs = [...session.outputs];
    });
  }

  /**
   * One run with every input zeros and every symbolic dimension 1. Optional: a model that needs other
   * sizes (a convolution over a 1×1 image) or other values fails it, and the user's first run shows why.
   */
  async warmUp(backend: Backend): Promise<void> {
    const session = this.sessions.get(backend);
    const symbols = Object.fromEntries(symbolicDims(session.inputs.map((i) => i.shape)).map((s) => [s, 1]));
    const inputs: Record<string, GenericInputSpec> = {};
    for (const input of session.inputs) {
      const resolved = resolveDims(input.shape, symbols);
      if (!resolved.ok) return;
      inputs[input.name] = { dims: resolved.dims, fill: { kind: 'zeros' } };
    }
    try {
      await this.runOn(session, inputs);
    } catch (error) {
      if (error instanceof GlassboxError && OPTIONAL_WARM_UP_FAILURES.has(error.code)) return;
      throw error;
    }
  }

  /** Builds every input the model declares from its spec, runs once, and summarizes every output. */
  async run(backend: Backend, inputs: Readonly<Record<string, GenericInputSpec>>): Promise<GenericRun> {
    const session = this.sessions.get(backend);
    const { outputs, buildMs, inferenceMs, feeds } = await this.runOn(session, inputs);
    this.lastRun = { feeds, input: { kind: 'tensors', names: Object.keys(feeds) } };
    return { backend, outputs, buildMs, inferenceMs };
  }

  private async runOn(
    session: RuntimeSession,
    inputs: Readonly<Record<string, GenericInputSpec>>,
  ): Promise<Omit<GenericRun, 'backend'> & { feeds: Record<string, TensorData> }> {
    const buildStarted = performance.now();
    const feeds: Record<string, TensorData> = {};
    for (const input of session.inputs) {
      const spec = Object.hasOwn(inputs, input.name) ? inputs[input.name] : undefined;
      if (!spec) {
        throw new GlassboxError({
          code: 'empty-input',
          message: `The model's input ${input.name} was not given a value.`,
          remedy: 'Choose a fill for every input, then run again.',
        });
      }
      const mismatch = shapeMismatch(input, spec.dims);
      if (mismatch) {
        throw new GlassboxError({
          code: 'empty-input',
          message: mismatch,
          remedy: 'Keep the fixed sizes the model declares; only symbolic dimensions can change.',
        });
      }
      try {
        feeds[input.name] = buildTensor(input.dtype, spec.dims, spec.fill);
      } catch (error) {
        if (!(error instanceof GlassboxError)) throw error;
        throw new GlassboxError({
          code: error.code,
          message: `Input ${input.name}: ${error.message}`,
          remedy: error.remedy,
          ...(error.detail === undefined ? {} : { detail: error.detail }),
        });
      }
    }
    const buildMs = performance.now() - buildStarted;
    const runStarted = performance.now();
    const results = await session.run(feeds);
    const inferenceMs = performance.now() - runStarted;
    // Declared order first, then anything ORT returned beyond the declaration.
    const names = [...session.outputs.map((output) => output.name)];
    for (const name of Object.keys(results)) if (!names.includes(name)) names.push(name);
    const outputs: OutputSummary[] = [];
    for (const name of names) {
      const tensor = results[name];
      if (tensor) outputs.push(summarizeOutput(name, tensor));
    }
    return { outputs, buildMs, inferenceMs, feeds };
  }
}
