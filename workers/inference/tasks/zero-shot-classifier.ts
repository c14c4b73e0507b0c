// A loaded NLI model for zero-shot classification: its tokenizer (pairs), its classes with the entailment
// one found, and one ORT session per backend. A run scores one text against the user's labels: one
// (text, hypothesis) pair per label, batched, then Hugging Face's zero-shot post-processing.
import type { ZeroShotInfo, ZeroShotRun } from '../../../src/contracts/inference.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { ExternalDataFile } from '../../../src/lib/runtime/onnx-runtime.ts';
import { toNumbers, type TensorData } from '../../../src/lib/tensor.ts';
import { visibleText } from '../../../src/lib/visible-text.ts';
import {
  createPairTokenizer,
  toPairInputs,
  type EncodedPair,
  type PairTokenizer,
} from '../../../src/lib/tasks/zero-shot/pair-encoding.ts';
import { id2labelOf } from '../../../src/lib/tasks/zero-shot/recognise.ts';
import {
  DEFAULT_HYPOTHESIS_TEMPLATE,
  zeroShotRequest,
} from '../../../src/lib/tasks/zero-shot/zero-shot-input.ts';
import {
  contradictionIdOf,
  entailmentIdOf,
  zeroShotScores,
} from '../../../src/lib/tasks/zero-shot/zero-shot-scores.ts';
import { softmax } from '../../../src/lib/tasks/text-classification/postprocess.ts';
import { SessionModel } from '../served-model.ts';
import { maxLengthOf, requireInputs, requireTokenizer } from '../text-model-files.ts';

const REQUIRED_INPUTS = ['input_ids', 'attention_mask'];

/** The NLI classes in class order, and which one is entailment; typed errors for what a run cannot use. */
function readClasses(
  config: Record<string, unknown>,
  label: string,
): { classes: string[]; entailmentId: number } {
  const id2label = id2labelOf(config);
  if (id2label === null) {
    throw new GlassboxError({
      code: 'model-config-invalid',
      message: `${label} has no id2label in config.json, so Glassbox cannot tell which class means “entailment”.`,
      remedy:
        'Zero-shot classification needs an NLI model whose config.json names its classes (contradiction, neutral, entailment).',
    });
  }
  const entailmentId = entailmentIdOf(id2label);
  const ids = Object.keys(id2label)
    .map(Number)
    .filter(Number.isInteger)
    .sort((a, b) => a - b);
  const classes = ids.map((id) => visibleText(id2label[String(id)] ?? `LABEL_${id}`));
  if (entailmentId < 0) {
    throw new GlassboxError({
      code: 'model-config-invalid',
      message: `${label}’s classes (${classes.slice(0, 6).join(', ')}) include no “entailment”, so it is not an NLI model and cannot score labels zero-shot.`,
      remedy:
        'Open an NLI model (for example one fine-tuned on MNLI), or show this model as text classification.',
    });
  }
  if (classes.length < 2) {
    throw new GlassboxError({
      code: 'model-config-invalid',
      message: `${label} has only one class, and zero-shot scoring compares entailment with another class.`,
      remedy: 'Open an NLI model with contradiction and entailment classes.',
    });
  }
  return { classes, entailmentId };
}

export class ZeroShotClassifier extends SessionModel {
  private constructor(
    override readonly info: ZeroShotInfo,
    private readonly tokenizer: PairTokenizer,
    modelBytes: Uint8Array<ArrayBuffer>,
    externalData: readonly ExternalDataFile[],
  ) {
    super(modelBytes, externalData);
  }

  static create(download: ModelDownload): ZeroShotClassifier {
    const { location, json } = download;
    requireTokenizer(download);
    const config = (json.config ?? {}) as Record<string, unknown>;
    const { classes, entailmentId } = readClasses(config, location.label);
    const tokenizerConfig = (json.tokenizerConfig ?? {}) as Record<string, unknown>;
    const maxLength = maxLengthOf(download);
    const info: ZeroShotInfo = {
      modelKey: location.key,
      classes,
      entailmentId,
      contradictionId: contradictionIdOf(entailmentId, classes.length),
      maxLength,
      facts: download.facts,
      inputs: [],
      outputs: [],
    };
    const tokenizer = createPairTokenizer(json.tokenizer, tokenizerConfig, maxLength);
    return new ZeroShotClassifier(info, tokenizer, download.modelBytes, download.externalData);
  }

  async createSession(backend: Backend): Promise<void> {
    await this.sessions.create(backend, (session) => {
      requireInputs(session, REQUIRED_INPUTS, 'a BERT-style NLI model');
      this.info.inputs = [...session.inputs];
      this.info.outputs = [...session.outputs];
    });
  }

  async warmUp(backend: Backend): Promise<void> {
    await this.classify(backend, 'warm up', ['test'], DEFAULT_HYPOTHESIS_TEMPLATE, false, false);
  }

  /** Most pairs one run may take: 1 when the model's batch axis is fixed at 1, else all of them. */
  private batchLimit(backend: Backend): number {
    const input = this.sessions.get(backend).inputs.find((candidate) => candidate.name === 'input_ids');
    const batch = input?.shape[0];
    return typeof batch === 'number' ? Math.max(1, batch) : Infinity;
  }

  private async logitsOf(
    backend: Backend,
    pairs: readonly EncodedPair[],
  ): Promise<{ feeds: Record<string, TensorData>; logits: number[] }> {
    const session = this.sessions.get(backend);
    const perRun = Math.min(this.batchLimit(backend), pairs.length);
    const logits: number[] = [];
    let feeds: Record<string, TensorData> = {};
    for (let start = 0; start < pairs.length; start += perRun) {
      const all = toPairInputs(pairs.slice(start, start + perRun), this.tokenizer.padId);
      feeds = {};
      for (const input of session.inputs) {
        const tensor = all[input.name];
        if (tensor) feeds[input.name] = tensor;
      }
      const outputs = await session.run(feeds);
      const first = outputs[session.outputs[0]?.name ?? 'logits'];
      if (!first) {
        throw new GlassboxError({
          code: 'inference-failed',
          message: 'The model returned no logits.',
          remedy: 'Check that the first output of the model is the classification logits.',
        });
      }
      logits.push(...toNumbers(first));
    }
    if (logits.length !== pairs.length * this.info.classes.length) {
      throw new GlassboxError({
        code: 'output-layout-unsupported',
        message: `The model returned ${logits.length} scores for ${pairs.length} pairs, not ${this.info.classes.length} per pair as config.json’s classes say.`,
        remedy: 'Check that config.json’s id2label belongs to this model.',
      });
    }
    return { feeds, logits };
  }

  /** The pair the model reads for premise and one hypothesis, and the mask token occlusion uses. */
  encodePair(premise: string, hypothesis: string): EncodedPair {
    return this.tokenizer.encodePair(premise, hypothesis);
  }

  get mask(): { id: number; token: string } | null {
    return this.tokenizer.mask;
  }

  /** Each pair's class probabilities (softmax over the NLI classes), in batches the model takes. */
  async classProbabilities(backend: Backend, pairs: readonly EncodedPair[]): Promise<number[][]> {
    const { logits } = await this.logitsOf(backend, pairs);
    const classes = this.info.classes.length;
    return pairs.map((_, i) => softmax(logits.slice(i * classes, (i + 1) * classes)));
  }

  /**
   * Scores premise against labels (one pair per label). remember: this is the view's run, the one Look
   * inside replays (its last batch: every pair, unless the model takes one pair per run).
   */
  async classify(
    backend: Backend,
    premise: string,
    labels: readonly string[],
    template: string,
    multiLabel: boolean,
    remember = true,
  ): Promise<ZeroShotRun> {
    const request = zeroShotRequest(premise, labels, template);
    const tokenizeStarted = performance.now();
    const pairs = request.hypotheses.map((hypothesis) => this.tokenizer.encodePair(premise, hypothesis));
    const tokenizeMs = performance.now() - tokenizeStarted;
    const started = performance.now();
    const { feeds, logits } = await this.logitsOf(backend, pairs);
    const inferenceMs = performance.now() - started;
    if (remember) {
      const shown = pairs.slice(-Number(feeds.input_ids?.dims[0] ?? pairs.length));
      this.lastRun = {
        feeds,
        input: {
          kind: 'text',
          lines: request.hypotheses.slice(-shown.length),
          tokens: shown.map((pair) => pair.tokens),
        },
      };
    }
    const { classes, entailmentId } = this.info;
    return {
      backend,
      premise,
      template,
      multiLabel,
      scores: zeroShotScores(logits, request.labels, classes.length, entailmentId, multiLabel),
      pairs: pairs.map((pair, i) => ({
        label: request.labels[i] ?? '',
        hypothesis: request.hypotheses[i] ?? '',
        tokens: pair.tokens.map((token, j) => ({ token, id: pair.ids[j] ?? -1 })),
        truncated: pair.truncated,
      })),
      logits,
      tokenizeMs,
      inferenceMs,
    };
  }
}
