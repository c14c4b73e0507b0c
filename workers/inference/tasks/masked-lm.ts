// A loaded masked language model (…ForMaskedLM): its tokenizer with the mask token, one ORT session per
// backend, the fill-mask run (fillers of every mask from one run), and a scorer that lets token occlusion
// (token-attribution.ts) explain one mask's fillers by their probabilities.
import type { FillMaskInfo, FillMaskRun, ModelMetrics } from '../../../src/contracts/inference.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { ExternalDataFile } from '../../../src/lib/runtime/onnx-runtime.ts';
import {
  fillMasks,
  maskPositions,
  probabilitiesOf,
  DEFAULT_TOP_K,
  type MaskFillers,
} from '../../../src/lib/tasks/fill-mask/fillers.ts';
import { noMaskHint, vocabularyOf } from '../../../src/lib/tasks/fill-mask/mask-text.ts';
import {
  toBertInputs,
  type SpecialToken,
  type TokenizedSequence,
} from '../../../src/lib/tasks/text-classification/encode-batch.ts';
import {
  createSequenceTokenizer,
  type SequenceTokenizer,
} from '../../../src/lib/tasks/text-classification/sequence-tokenizer.ts';
import { toNumbers, type TensorData } from '../../../src/lib/tensor.ts';
import { visibleText } from '../../../src/lib/visible-text.ts';
import { SessionModel } from '../served-model.ts';
import type { TokenScorer } from '../explain/token-attribution.ts';

/** Most logits (sequences × tokens × vocabulary) one explanation run may return: about 32 MB of float32. */
const MAX_LOGITS_PER_RUN = 8_000_000;

export class MaskedLanguageModel extends SessionModel {
  /** The vocabulary size, read off the first output's last axis at the latest run. */
  private vocabulary = 0;

  private constructor(
    override readonly info: FillMaskInfo,
    private readonly tokenizer: SequenceTokenizer & { mask: SpecialToken },
    private readonly tokenOf: (id: number) => string,
    modelBytes: Uint8Array<ArrayBuffer>,
    externalData: readonly ExternalDataFile[],
  ) {
    super(modelBytes, externalData);
  }

  /** A masked LM from a downloaded model folder: tokenizer.json with a mask token needed. */
  static create(download: ModelDownload): MaskedLanguageModel {
    const { location, json } = download;
    if (json.tokenizer === null) {
      throw new GlassboxError({
        code: 'model-config-invalid',
        message: `${location.label} has no tokenizer.json, so its text cannot be turned into token ids.`,
        remedy: 'Open the whole model folder (with tokenizer.json), or open the model in the tensor view.',
      });
    }
    const config = (json.config ?? {}) as Record<string, unknown>;
    const tokenizerConfig = (json.tokenizerConfig ?? {}) as Record<string, unknown>;
    const positions = Number(config.max_position_embeddings ?? 512);
    const configured = Number(tokenizerConfig.model_max_length ?? positions);
    const maxLength = Math.min(positions, Number.isFinite(configured) ? configured : positions);
    const tokenizer = createSequenceTokenizer(json.tokenizer, tokenizerConfig, maxLength);
    const { mask } = tokenizer;
    if (mask === null) {
      throw new GlassboxError({
        code: 'model-config-invalid',
        message: `${location.label} has no mask token in tokenizer.json, so there is no blank for it to fill.`,
        remedy: 'Use the tokenizer.json of a masked language model (with [MASK] or <mask>).',
      });
    }
    const info: FillMaskInfo = {
      modelKey: location.key,
      maskToken: visibleText(mask.token),
      maxLength,
      facts: download.facts,
      inputs: [],
      outputs: [],
      metrics: (json.metrics as ModelMetrics | null) ?? null,
    };
    const tokenOf = vocabularyOf(json.tokenizer);
    return new MaskedLanguageModel(
      info,
      { ...tokenizer, mask },
      (id) => visibleText(tokenOf(id)),
      download.modelBytes,
      download.externalData,
    );
  }

  async createSession(backend: Backend): Promise<void> {
    await this.sessions.create(backend, (session) => {
      const names = session.inputs.map((input) => input.name);
      if (!names.includes('input_ids')) {
        throw new GlassboxError({
          code: 'model-file-invalid',
          message: 'This model has no input named input_ids, so it is not a masked language model.',
          remedy: `Its inputs are: ${names.join(', ')}. Open it as another task.`,
        });
      }
      this.info.inputs = [...session.inputs];
      this.info.outputs = [...session.outputs];
    });
  }

  async warmUp(backend: Backend): Promise<void> {
    await this.logits(backend, [this.encode(`warm ${this.tokenizer.mask.token} up`)]);
  }

  encode(text: string): TokenizedSequence {
    return this.tokenizer.encode(text);
  }

  /** Runs one padded batch; the first output, flat, and its vocabulary size (the last axis). */
  private async logits(
    backend: Backend,
    sequences: readonly TokenizedSequence[],
  ): Promise<{
    feeds: Record<string, TensorData>;
    flat: number[];
    vocabulary: number;
    width: number;
  }> {
    const session = this.sessions.get(backend);
    const bertInputs = toBertInputs(sequences, this.tokenizer.padId);
    const feeds = Object.fromEntries(
      session.inputs
        .map((input) => [input.name, bertInputs[input.name as keyof typeof bertInputs]] as const)
        .filter((entry) => entry[1] !== undefined),
    ) as Record<string, TensorData>;
    const outputs = await session.run(feeds);
    const logits = outputs[session.outputs[0]?.name ?? 'logits'];
    const width = bertInputs.input_ids.dims[1] ?? 0;
    const vocabulary = logits?.dims.length === 3 ? (logits.dims[2] ?? 0) : 0;
    if (!logits || vocabulary === 0 || logits.dims[1] !== width) {
      throw new GlassboxError({
        code: 'inference-failed',
        message: 'The model did not return one row of vocabulary scores per token.',
        remedy:
          'Check that the first output of the model is the masked-LM logits, [batch, sequence, vocabulary].',
        detail: logits ? `first output shape [${logits.dims.join(', ')}]` : 'no outputs',
      });
    }
    this.vocabulary = vocabulary;
    return { feeds, flat: toNumbers(logits), vocabulary, width };
  }

  /**
   * The fillers of every mask in text, from one run; the run Look inside replays, unless remember is
   * false (a minimal pair's runs leave the view's own run in place).
   */
  async fill(backend: Backend, text: string, topK = DEFAULT_TOP_K, remember = true): Promise<FillMaskRun> {
    const tokenizeStarted = performance.now();
    const sequence = this.encode(text);
    const tokenizeMs = performance.now() - tokenizeStarted;
    const positions = maskPositions(sequence.ids, this.tokenizer.mask.id);
    if (positions.length === 0) {
      const cut = sequence.truncated && text.includes(this.tokenizer.mask.token);
      throw new GlassboxError({
        code: 'empty-input',
        message: cut
          ? `Every ${this.info.maskToken} is past the ${this.info.maxLength} tokens the model reads.`
          : noMaskHint(this.info.maskToken),
        remedy: cut
          ? 'Shorten the text before the blank.'
          : `Type ${this.info.maskToken} in the text, then run.`,
      });
    }
    const started = performance.now();
    const { feeds, flat, vocabulary } = await this.logits(backend, [sequence]);
    const inferenceMs = performance.now() - started;
    if (remember) {
      this.lastRun = { feeds, input: { kind: 'text', lines: [text], tokens: [[...sequence.tokens]] } };
    }
    const masks: MaskFillers[] = fillMasks(flat, vocabulary, positions, this.tokenOf, topK);
    return {
      backend,
      text,
      tokens: sequence.tokens.map((token, i) => ({ token, id: sequence.ids[i] ?? -1 })),
      masks,
      truncated: sequence.truncated,
      tokenizeMs,
      inferenceMs,
    };
  }

  /**
   * What token occlusion needs to explain the index-th mask of text: its "labels" are that mask's best
   * fillers, and a sequence's "probabilities" are theirs at that mask's position. Hidden tokens become
   * the mask token, so every variant keeps the sequence's length and the mask its position.
   */
  async fillerScorer(
    backend: Backend,
    text: string,
    index: number,
    topK = DEFAULT_TOP_K,
  ): Promise<TokenScorer> {
    const run = await this.fill(backend, text, topK);
    const target = run.masks[index];
    if (!target) {
      throw new GlassboxError({
        code: 'empty-input',
        message: `The text has ${run.masks.length} ${this.info.maskToken}, not ${index + 1}.`,
        remedy: 'Pick one of the blanks shown.',
      });
    }
    const ids = target.fillers.map((filler) => filler.id);
    // One variant's logits: every token's row of vocabulary scores (the vocabulary read off the run).
    const perVariant = run.tokens.length * Math.max(1, this.vocabulary);
    const perRun = Math.max(1, Math.floor(MAX_LOGITS_PER_RUN / perVariant));
    return {
      info: { labels: target.fillers.map((filler) => filler.text) },
      occlusionTokens: { mask: this.tokenizer.mask, specialIds: this.tokenizer.specialIds },
      tokenize: (texts) => texts.map((line) => this.encode(line)),
      batchLimit: () => perRun,
      probabilities: async (_backend, sequences) => {
        const { flat, vocabulary, width } = await this.logits(backend, sequences);
        return sequences.map((_, row) =>
          probabilitiesOf(
            flat.slice(row * width * vocabulary, (row + 1) * width * vocabulary),
            vocabulary,
            target.position,
            ids,
          ),
        );
      },
    };
  }
}
