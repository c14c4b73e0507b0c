// A loaded encoder shown as sentence embeddings: its tokenizer, how token vectors become one per sentence
// (a sentence-transformers folder's Pooling and Normalize, else mean pooling), and one ORT session per
// backend. A classifier opened here runs as a variant that outputs its encoder's last hidden state
// (classifier-encoder.ts): the view says that such vectors were never trained for similarity.
import type { SentenceEmbedderInfo } from '../../../src/contracts/inference.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { ExternalDataFile } from '../../../src/lib/runtime/onnx-runtime.ts';
import { encoderVariant } from '../../../src/lib/tasks/sentence-embeddings/classifier-encoder.ts';
import { l2Normalize, poolTokens } from '../../../src/lib/tasks/sentence-embeddings/pooling.ts';
import {
  embeddingOutputOf,
  type EmbeddingOutput,
} from '../../../src/lib/tasks/sentence-embeddings/recognise.ts';
import {
  DEFAULT_PLAN,
  embeddingPlan,
  type EmbeddingPlan,
} from '../../../src/lib/tasks/sentence-embeddings/sentence-transformers-layout.ts';
import {
  toBertInputs,
  type TokenizedSequence,
} from '../../../src/lib/tasks/text-classification/encode-batch.ts';
import {
  createSequenceTokenizer,
  type SequenceTokenizer,
} from '../../../src/lib/tasks/text-classification/sequence-tokenizer.ts';
import { toNumbers, type TensorData } from '../../../src/lib/tensor.ts';
import { SessionModel } from '../served-model.ts';
import { maxLengthOf, requireInputs, requireTokenizer } from '../text-model-files.ts';

function planOf(download: ModelDownload): EmbeddingPlan {
  const planned = embeddingPlan(download.json.modules, download.json.pooling);
  if (planned.ok) return planned.plan;
  throw new GlassboxError({
    code: 'model-config-invalid',
    message: `${download.location.label}: ${planned.reason}`,
    remedy: 'Open a sentence-transformers model whose modules are Transformer, Pooling and Normalize.',
  });
}

export class SentenceEmbedder extends SessionModel {
  private constructor(
    override readonly info: SentenceEmbedderInfo,
    private readonly output: EmbeddingOutput,
    private readonly tokenizer: SequenceTokenizer,
    modelBytes: Uint8Array<ArrayBuffer>,
    externalData: readonly ExternalDataFile[],
  ) {
    super(modelBytes, externalData);
  }

  static create(download: ModelDownload): SentenceEmbedder {
    requireTokenizer(download);
    const { location, json } = download;
    const tokenizerConfig = (json.tokenizerConfig ?? {}) as Record<string, unknown>;
    const maxLength = maxLengthOf(download);
    const tokenizer = createSequenceTokenizer(json.tokenizer, tokenizerConfig, maxLength);
    const own = embeddingOutputOf(download.signature.outputs);
    let bytes = download.modelBytes;
    let output: EmbeddingOutput;
    let plan: EmbeddingPlan;
    let origin: SentenceEmbedderInfo['origin'] = 'encoder';
    if (own !== null) {
      output = own;
      plan = planOf(download);
    } else {
      // A classifier: pool its encoder's last hidden state (mean, not normalised: nothing says otherwise).
      const variant = encoderVariant(download.modelBytes);
      bytes = variant.bytes;
      output = { name: variant.output, kind: 'tokens' };
      plan = DEFAULT_PLAN;
      origin = 'classifier';
    }
    const info: SentenceEmbedderInfo = {
      modelKey: location.key,
      plan,
      origin,
      output: output.name,
      maxLength,
      facts: download.facts,
      inputs: [],
      outputs: [],
    };
    return new SentenceEmbedder(info, output, tokenizer, bytes, download.externalData);
  }

  async createSession(backend: Backend): Promise<void> {
    await this.sessions.create(backend, (session) => {
      requireInputs(session, ['input_ids'], 'a text encoder');
      this.info.inputs = [...session.inputs];
      this.info.outputs = [...session.outputs];
    });
  }

  async warmUp(backend: Backend): Promise<void> {
    await this.embed(backend, this.tokenize(['warm up']), false);
  }

  tokenize(texts: readonly string[]): TokenizedSequence[] {
    return texts.map((text) => this.tokenizer.encode(text));
  }

  /** Most sequences one run may take: 1 when the model's batch axis is fixed at 1, else unlimited. */
  batchLimit(backend: Backend): number {
    const input = this.sessions.get(backend).inputs.find((candidate) => candidate.name === 'input_ids');
    const batch = input?.shape[0];
    return typeof batch === 'number' ? Math.max(1, batch) : Infinity;
  }

  /**
   * One padded batch → one vector per sequence (pooled, normalised as planned). remember: this is the
   * view's run, the one Look inside replays (the last batch of a long run).
   */
  async embed(
    backend: Backend,
    sequences: readonly TokenizedSequence[],
    remember = true,
  ): Promise<Float32Array[]> {
    const session = this.sessions.get(backend);
    const all = toBertInputs(sequences, this.tokenizer.padId);
    const feeds: Record<string, TensorData> = {};
    for (const input of session.inputs) {
      const tensor = all[input.name as keyof typeof all];
      if (tensor) feeds[input.name] = tensor;
    }
    const outputs = await session.run(feeds);
    const value = outputs[this.output.name];
    if (!value) {
      throw new GlassboxError({
        code: 'inference-failed',
        message: `The model returned no ${this.output.name}.`,
        remedy: 'Check that the model is the encoder its folder describes.',
      });
    }
    if (remember) {
      this.lastRun = {
        feeds,
        input: {
          kind: 'text',
          lines: sequences.map((s) => s.tokens.join(' ')),
          tokens: sequences.map((s) => [...s.tokens]),
        },
      };
    }
    const values = toNumbers(value);
    const [batch = 0, sequence = 0] = all.input_ids.dims;
    if (this.output.kind === 'sentence') {
      const width = values.length / Math.max(1, batch);
      return sequences.map((_, b) =>
        this.finish(Float32Array.from(values.slice(b * width, (b + 1) * width))),
      );
    }
    const width = values.length / Math.max(1, batch * sequence);
    if (!Number.isInteger(width) || value.dims.length !== 3) {
      throw new GlassboxError({
        code: 'output-layout-unsupported',
        message: `${this.output.name} has shape [${value.dims.join(', ')}], not [sentences, tokens, width].`,
        remedy: 'Open an encoder whose output is one vector per token.',
      });
    }
    const mask = all.attention_mask.data as BigInt64Array;
    return poolTokens(values, mask, batch, sequence, width, this.info.plan.pooling).map((v) =>
      this.finish(v),
    );
  }

  private finish(vector: Float32Array): Float32Array {
    return this.info.plan.normalize ? l2Normalize(vector) : vector;
  }
}
