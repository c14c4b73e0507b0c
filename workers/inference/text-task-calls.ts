// The inference worker's text tasks: classification and its attributions, entities, question answering,
// fill-mask, zero-shot and sentence embeddings, each a thin call on its task's adapter.
import type { ClassificationRun } from '../../src/contracts/inference.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import { transfer } from 'comlink';
import type {
  AnswerAttributionRun,
  EntityAttributionRun,
  QuestionAnsweringRun,
  TokenClassificationRun,
} from '../../src/contracts/text-tasks.ts';
import type { ScorePart } from '../../src/lib/tasks/token-classification/aggregate.ts';
import type { Answer, SpanSettings } from '../../src/lib/tasks/question-answering/spans.ts';
import type { FillMaskRun } from '../../src/contracts/inference.ts';
import { explainTokens } from './explain/token-attribution.ts';
import type { AttributionOptions, TokenAttributionRun } from '../../src/contracts/inference.ts';
import type { EmbeddingRun, NeighbourRun, ZeroShotRun } from '../../src/contracts/inference.ts';
import { embedSentences, nearestSentences } from './sentence-embedding-run.ts';
import { explainZeroShot } from './explain/zero-shot-attribution.ts';
import { InferenceCore } from './inference-core.ts';
import type { LadderMeasurement, LadderOptions, LadderVariantSpec } from '../../src/contracts/ladder.ts';
import type { ModelTaskKind } from '../../src/lib/sources/model-location.ts';
import { VariantLadder } from './ladder/variant-ladder.ts';
import { hubFileDownload } from './ladder/hub-file-download.ts';
import { textLadderTask } from './ladder/ladder-task.ts';

export class TextTaskCalls extends InferenceCore {
  protected readonly ladder = new VariantLadder(
    this.captures,
    hubFileDownload(this.downloads, this.env.caches),
  );

  /**
   * The precision ladder: one variant of the loaded text classifier (as loaded, made here, a file, or a
   * hub dtype file downloaded here) measured on backend — size, load, latency, labels on texts — and
   * compared with the reference's capture of the view's last run. A failure is the row's sentence, not a
   * throw.
   */
  async measureVariant(
    modelKey: string,
    backend: Backend,
    spec: LadderVariantSpec,
    texts: readonly string[],
    options: LadderOptions = {},
  ): Promise<LadderMeasurement> {
    const classifier = InferenceCore.loadedOn(this.textClassifiers, modelKey, backend);
    return this.ladder.measure(modelKey, textLadderTask(classifier, texts), backend, spec, options);
  }

  /** A variant made by measureVariant, as .onnx bytes (transferred as a copy), for a download. */
  async madeVariantBytes(modelKey: string, id: string): Promise<Uint8Array> {
    const bytes = this.ladder.bytesOf(modelKey, id).slice();
    return transfer(bytes, [bytes.buffer]);
  }

  override async releaseModel(task: ModelTaskKind, key: string): Promise<void> {
    this.ladder.forget(key);
    await super.releaseModel(task, key);
  }

  async classify(modelKey: string, backend: Backend, texts: readonly string[]): Promise<ClassificationRun> {
    const classifier = InferenceCore.loadedOn(this.textClassifiers, modelKey, backend);
    if (texts.length === 0) {
      throw new GlassboxError({
        code: 'empty-input',
        message: 'There is no text to classify.',
        remedy: 'Type a sentence; each line is classified on its own.',
      });
    }
    const tokenizeStarted = performance.now();
    const sequences = classifier.tokenize(texts);
    const tokenizeMs = performance.now() - tokenizeStarted;
    const inferenceStarted = performance.now();
    const lines = await classifier.classify(backend, texts, sequences);
    const inferenceMs = performance.now() - inferenceStarted;
    return { backend, lines, tokenizeMs, inferenceMs };
  }

  /** Token attributions for one sentence: occlusion of each token (and of 2- and 3-token runs), batched. */
  async explainText(
    modelKey: string,
    backend: Backend,
    text: string,
    options: AttributionOptions = {},
  ): Promise<TokenAttributionRun> {
    const classifier = InferenceCore.loadedOn(this.textClassifiers, modelKey, backend);
    if (text.trim() === '') {
      throw new GlassboxError({
        code: 'empty-input',
        message: 'There is no sentence to explain.',
        remedy: 'Type a sentence, then ask why the model classified it so.',
      });
    }
    return explainTokens(classifier, backend, text, options);
  }

  /** Labels per token of text and its entities by every aggregation strategy (the entities view). */
  async recogniseEntities(modelKey: string, backend: Backend, text: string): Promise<TokenClassificationRun> {
    const model = InferenceCore.loadedOn(this.tokenClassifiers, modelKey, backend);
    if (text.trim() === '') {
      throw new GlassboxError({
        code: 'empty-input',
        message: 'There is no text to find entities in.',
        remedy: 'Type a sentence with names of people, places or organisations.',
      });
    }
    return model.recognise(backend, text);
  }

  /** Occlusion of each token of text against one entity's score (its score parts, from a run). */
  async explainEntity(
    modelKey: string,
    backend: Backend,
    text: string,
    parts: readonly ScorePart[],
  ): Promise<EntityAttributionRun> {
    return InferenceCore.loadedOn(this.tokenClassifiers, modelKey, backend).explain(backend, text, parts);
  }

  /** The best answer spans to question in context (the question-answering view). */
  async answerQuestion(
    modelKey: string,
    backend: Backend,
    question: string,
    context: string,
    settings?: SpanSettings,
  ): Promise<QuestionAnsweringRun> {
    const model = InferenceCore.loadedOn(this.questionAnswerers, modelKey, backend);
    return model.answer(backend, question, context, settings);
  }

  /** Occlusion of the answer's window against the answer's score. */
  async explainAnswer(
    modelKey: string,
    backend: Backend,
    question: string,
    context: string,
    answer: Answer,
  ): Promise<AnswerAttributionRun> {
    const model = InferenceCore.loadedOn(this.questionAnswerers, modelKey, backend);
    return model.explain(backend, question, context, answer);
  }

  /**
   * The best fillers of every mask token in text (top k each), from one run of a masked LM; remember
   * false leaves the run Look inside replays as it was (a minimal pair's runs).
   */
  async fillMask(
    modelKey: string,
    backend: Backend,
    text: string,
    topK?: number,
    remember = true,
  ): Promise<FillMaskRun> {
    return InferenceCore.loadedOn(this.maskedLms, modelKey, backend).fill(backend, text, topK, remember);
  }

  /** Token attributions for the index-th mask of text: occlusion against its fillers' probabilities. */
  async explainFillMask(
    modelKey: string,
    backend: Backend,
    text: string,
    index: number,
    options: AttributionOptions = {},
  ): Promise<TokenAttributionRun> {
    const model = InferenceCore.loadedOn(this.maskedLms, modelKey, backend);
    return explainTokens(await model.fillerScorer(backend, text, index), backend, text, options);
  }

  /** Scores a text against candidate labels with an NLI model (zero-shot classification). */
  async classifyZeroShot(
    modelKey: string,
    backend: Backend,
    premise: string,
    labels: readonly string[],
    template: string,
    multiLabel: boolean,
  ): Promise<ZeroShotRun> {
    const model = InferenceCore.loadedOn(this.zeroShotClassifiers, modelKey, backend);
    return model.classify(backend, premise, labels, template, multiLabel);
  }

  /** Which words of the text one zero-shot label depends on (occlusion against its entailment probability). */
  async explainZeroShot(
    modelKey: string,
    backend: Backend,
    premise: string,
    label: string,
    template: string,
  ): Promise<TokenAttributionRun> {
    const model = InferenceCore.loadedOn(this.zeroShotClassifiers, modelKey, backend);
    return explainZeroShot(model, backend, premise, label, template);
  }

  /**
   * Embeds sentences in batches with progress; cancelExplanations() stops it between batches, and the
   * sentences embedded until then come back (stopped: true).
   */
  async embedSentences(
    modelKey: string,
    backend: Backend,
    sentences: readonly string[],
    onProgress: (done: number, total: number) => void = () => {},
  ): Promise<EmbeddingRun> {
    const embedder = InferenceCore.loadedOn(this.sentenceEmbedders, modelKey, backend);
    const token = { cancelled: false };
    this.explanationsInFlight.add(token);
    try {
      const run = await embedSentences(embedder, backend, sentences, {
        onProgress,
        isCancelled: () => token.cancelled,
      });
      return transfer(run, [run.map.points.buffer as ArrayBuffer]);
    } finally {
      this.explanationsInFlight.delete(token);
    }
  }

  /** The sentences of the last embedding run nearest to query. */
  async nearestSentences(
    modelKey: string,
    backend: Backend,
    query: string,
    k: number,
  ): Promise<NeighbourRun> {
    const embedder = InferenceCore.loadedOn(this.sentenceEmbedders, modelKey, backend);
    return nearestSentences(embedder, backend, query, k);
  }
}
