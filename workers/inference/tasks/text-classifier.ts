// A loaded text-classification model: its hub-folder files, tokenizer, and one ORT session per backend.
import type { ModelMetrics, TextClassifierInfo, ClassifiedLine } from '../../../src/contracts/inference.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { ExternalDataFile } from '../../../src/lib/runtime/onnx-runtime.ts';
import {
  toBertInputs,
  type SpecialToken,
  type TokenizedSequence,
} from '../../../src/lib/tasks/text-classification/encode-batch.ts';
import {
  classifyLogits,
  labelFor,
  topPrediction,
} from '../../../src/lib/tasks/text-classification/postprocess.ts';
import {
  createSequenceTokenizer,
  type SequenceTokenizer,
} from '../../../src/lib/tasks/text-classification/sequence-tokenizer.ts';
import { toNumbers, type TensorData } from '../../../src/lib/tensor.ts';
import { SessionModel } from '../served-model.ts';
import { maxLengthOf, requireInputs, requireTokenizer } from '../text-model-files.ts';
import { visibleText } from '../../../src/lib/visible-text.ts';

const REQUIRED_INPUTS = ['input_ids', 'attention_mask'];

function readLabels(config: Record<string, unknown>, url: string): Record<string, string> {
  const id2label = config.id2label;
  if (typeof id2label !== 'object' || id2label === null || Object.keys(id2label).length === 0) {
    throw new GlassboxError({
      code: 'model-config-invalid',
      message: `${url} has no id2label, so the classes have no names.`,
      remedy: 'Add "id2label": {"0": "...", "1": "..."} to config.json.',
    });
  }
  // The author's text: control and directional characters made visible before anything shows it.
  return Object.fromEntries(Object.entries(id2label).map(([k, v]) => [k, visibleText(String(v))]));
}

const WARM_UP_TEXT = 'warm up';

export class TextClassifier extends SessionModel {
  private constructor(
    override readonly info: TextClassifierInfo,
    private readonly id2label: Record<string, string>,
    private readonly tokenizer: SequenceTokenizer,
    modelBytes: Uint8Array<ArrayBuffer>,
    externalData: readonly ExternalDataFile[],
  ) {
    super(modelBytes, externalData);
  }

  /** A text classifier from a downloaded model folder: config.json (id2label) and tokenizer.json needed. */
  static create(download: ModelDownload): TextClassifier {
    const { location, json } = download;
    const configUrl = location.files.config ?? 'config.json';
    requireTokenizer(download);
    const configRecord = (json.config ?? {}) as Record<string, unknown>;
    const id2label = readLabels(configRecord, configUrl);
    const tokenizerConfigRecord = (json.tokenizerConfig ?? {}) as Record<string, unknown>;
    const maxLength = maxLengthOf(download);
    const tokenizer = createSequenceTokenizer(json.tokenizer, tokenizerConfigRecord, maxLength);
    const info: TextClassifierInfo = {
      modelKey: location.key,
      labels: Object.keys(id2label)
        .sort((a, b) => Number(a) - Number(b))
        .map((k) => id2label[k] ?? k),
      maxLength,
      facts: download.facts,
      inputs: [],
      outputs: [],
      metrics: (json.metrics as ModelMetrics | null) ?? null,
    };
    return new TextClassifier(info, id2label, tokenizer, download.modelBytes, download.externalData);
  }

  async createSession(backend: Backend): Promise<void> {
    await this.sessions.create(backend, (session) => {
      requireInputs(session, REQUIRED_INPUTS, 'a BERT-style text classifier');
      this.info.inputs = [...session.inputs];
      this.info.outputs = [...session.outputs];
    });
  }

  async warmUp(backend: Backend): Promise<void> {
    await this.classify(backend, [WARM_UP_TEXT], this.tokenize([WARM_UP_TEXT]), false);
  }

  tokenize(texts: readonly string[]): TokenizedSequence[] {
    return texts.map((text) => this.tokenizer.encode(text));
  }

  /** The [MASK] token and the special ids an explanation needs to build occluded variants. */
  get occlusionTokens(): { mask: SpecialToken | null; specialIds: ReadonlySet<number> } {
    return { mask: this.tokenizer.mask, specialIds: this.tokenizer.specialIds };
  }

  /** Most sequences one run may take: 1 when the model's batch axis is fixed at 1, else unlimited. */
  batchLimit(backend: Backend): number {
    const input = this.sessions.get(backend).inputs.find((candidate) => candidate.name === 'input_ids');
    const batch = input?.shape[0];
    return typeof batch === 'number' ? Math.max(1, batch) : Infinity;
  }

  /** The feeds of one padded batch for a session with these input names (a variant's, for the ladder). */
  feedsOf(
    sequences: readonly TokenizedSequence[],
    inputNames: readonly string[],
  ): Record<string, TensorData> {
    const bertInputs = toBertInputs(sequences, this.tokenizer.padId);
    const feeds: Record<string, TensorData> = {};
    for (const name of inputNames) {
      const tensor = bertInputs[name as keyof typeof bertInputs];
      if (tensor) feeds[name] = tensor;
    }
    return feeds;
  }

  /** The label of class index, as config.json names it. */
  labelOf(index: number): string {
    return labelFor(index, this.id2label);
  }

  /** Runs one padded batch; returns the feeds it ran on and the flat logits, [sequences, classes]. */
  private async run(
    backend: Backend,
    sequences: readonly TokenizedSequence[],
  ): Promise<{ feeds: Record<string, TensorData>; logits: number[] }> {
    const session = this.sessions.get(backend);
    const feeds = this.feedsOf(
      sequences,
      session.inputs.map((input) => input.name),
    );
    const outputs = await session.run(feeds);
    const logits = outputs[session.outputs[0]?.name ?? 'logits'];
    if (!logits) {
      throw new GlassboxError({
        code: 'inference-failed',
        message: 'The model returned no logits.',
        remedy: 'Check that the first output of the model is the classification logits.',
      });
    }
    return { feeds, logits: toNumbers(logits) };
  }

  /** Runs one padded batch; returns the flat logits, [sequences, classes] row-major. */
  async logits(backend: Backend, sequences: readonly TokenizedSequence[]): Promise<number[]> {
    return (await this.run(backend, sequences)).logits;
  }

  /** Each sequence's label probabilities, in class order, from one run. */
  async probabilities(backend: Backend, sequences: readonly TokenizedSequence[]): Promise<number[][]> {
    const rows = classifyLogits(await this.logits(backend, sequences), sequences.length, this.id2label);
    return rows.map((row) => row.map((entry) => entry.probability));
  }

  /**
   * Runs one padded batch; returns one classified line per text, in order. remember: this is the
   * view's run, the one a capture looks inside (not the warm-up or an explanation's variants).
   */
  async classify(
    backend: Backend,
    texts: readonly string[],
    sequences: readonly TokenizedSequence[],
    remember = true,
  ): Promise<ClassifiedLine[]> {
    const { feeds, logits: flatLogits } = await this.run(backend, sequences);
    if (remember) {
      const tokens = sequences.map((sequence) => [...sequence.tokens]);
      this.lastRun = { feeds, input: { kind: 'text', lines: [...texts], tokens } };
    }
    const rows = classifyLogits(flatLogits, sequences.length, this.id2label);
    return rows.map((probabilities, i) => {
      const sequence = sequences[i] as TokenizedSequence;
      const classes = probabilities.length;
      return {
        text: texts[i] ?? '',
        label: topPrediction(probabilities).label,
        logits: flatLogits.slice(i * classes, (i + 1) * classes),
        probabilities,
        tokens: sequence.tokens.map((token, j) => ({ token, id: sequence.ids[j] ?? -1 })),
        truncated: sequence.truncated,
        fullTokenCount: sequence.fullLength,
      };
    });
  }
}
