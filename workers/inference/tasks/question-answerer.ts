// A loaded extractive question-answering model (…ForQuestionAnswering): the question with the context
// in overlapping windows, start and end logits per window, the best spans as Hugging Face's pipeline
// finds them, and occlusion of the answer's window against the answer's score.
import type {
  AnswerAttributionRun,
  QuestionAnswererInfo,
  QuestionAnsweringRun,
} from '../../../src/contracts/text-tasks.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { RuntimeSession } from '../../../src/lib/runtime/onnx-runtime.ts';
import { startEndOutputs } from '../../../src/lib/tasks/question-answering/recognise.ts';
import {
  DEFAULT_SPAN_SETTINGS,
  findAnswers,
  spanScore,
  type Answer,
  type SpanSettings,
} from '../../../src/lib/tasks/question-answering/spans.ts';
import {
  buildWindows,
  defaultWindowPlan,
  type QaWindow,
} from '../../../src/lib/tasks/question-answering/windows.ts';
import { EncoderHeadModel, occlude, occlusionToken, runOutputs, tokenizerOf } from '../encoder-head.ts';

const WARM_UP = { question: 'warm up?', context: 'warm up' };

export class QuestionAnswerer extends EncoderHeadModel<QuestionAnswererInfo> {
  protected readonly kind = 'question-answering model';
  private outputNames = { start: 'start_logits', end: 'end_logits' };

  static create(download: ModelDownload): QuestionAnswerer {
    const tokenizer = tokenizerOf(download);
    const info: QuestionAnswererInfo = {
      modelKey: download.location.key,
      maxLength: tokenizer.maxLength,
      windowPlan: defaultWindowPlan(tokenizer.maxLength),
      facts: download.facts,
      inputs: [],
      outputs: [],
    };
    return new QuestionAnswerer(info, tokenizer, download.modelBytes, download.externalData);
  }

  protected adopt(session: RuntimeSession): void {
    const pair = startEndOutputs(session.outputs);
    if (pair === null) {
      throw new GlassboxError({
        code: 'model-file-invalid',
        message: 'This model does not return start_logits and end_logits, so it cannot point at an answer.',
        remedy: `Its outputs are: ${session.outputs.map((output) => output.name).join(', ')}. Open it as another task.`,
      });
    }
    this.outputNames = pair;
  }

  async warmUp(backend: Backend): Promise<void> {
    const windows = this.windows(WARM_UP.question, WARM_UP.context);
    await this.windowLogits(backend, windows.slice(0, 1));
  }

  private windows(question: string, context: string): QaWindow[] {
    if (question.trim() === '') {
      throw new GlassboxError({
        code: 'empty-input',
        message: 'There is no question to answer.',
        remedy: 'Type a question about the text.',
      });
    }
    if (context.trim() === '') {
      throw new GlassboxError({
        code: 'empty-input',
        message: 'There is no text to find the answer in.',
        remedy: 'Paste the text (the context) the answer is to be found in.',
      });
    }
    const template = this.tokenizer.pairTemplate(question, context);
    return buildWindows(
      this.tokenizer.pieces(question),
      this.tokenizer.pieces(context),
      template,
      this.info.windowPlan,
      this.tokenizer.cls?.id ?? null,
    );
  }

  /** Start and end logits of each window, one run per window (windows differ in length only at the end). */
  private async windowLogits(
    backend: Backend,
    windows: readonly QaWindow[],
  ): Promise<Array<{ start: number[]; end: number[] }>> {
    const session = this.sessions.get(backend);
    const names = [this.outputNames.start, this.outputNames.end];
    const rows: Array<{ start: number[]; end: number[] }> = [];
    for (const window of windows) {
      const outputs = await runOutputs(session, this.feedsOf(backend, window), names);
      rows.push({ start: outputs[this.outputNames.start] ?? [], end: outputs[this.outputNames.end] ?? [] });
    }
    return rows;
  }

  private feedsOf(backend: Backend, window: QaWindow) {
    return this.feeds(backend, [{ ids: window.ids, typeIds: window.typeIds }]);
  }

  async answer(
    backend: Backend,
    question: string,
    context: string,
    settings: SpanSettings = DEFAULT_SPAN_SETTINGS,
  ): Promise<QuestionAnsweringRun> {
    const tokenizeStarted = performance.now();
    const windows = this.windows(question, context);
    const tokenizeMs = performance.now() - tokenizeStarted;
    const started = performance.now();
    const logits = await this.windowLogits(backend, windows);
    const inferenceMs = performance.now() - started;
    const answers = findAnswers(context, windows, logits, settings);
    // Look inside replays the window the best answer came from (the first when there is none).
    const shown = windows[Math.max(0, answers[0]?.window ?? 0)] ?? windows[0];
    if (shown) {
      this.lastRun = {
        feeds: this.feedsOf(backend, shown),
        input: { kind: 'text', lines: [`${question}\n${context}`], tokens: [[...shown.tokens]] },
      };
    }
    const first = windows[0];
    return {
      backend,
      question,
      context,
      answers,
      settings,
      windowPlan: this.info.windowPlan,
      windows: windows.map((window) => {
        const spans = window.spans.filter((span) => span.start !== null);
        return {
          contextStart: window.contextStart,
          contextLength: window.contextLength,
          charStart: spans[0]?.start ?? 0,
          charEnd: spans[spans.length - 1]?.end ?? 0,
        };
      }),
      questionTokens: first
        ? first.ids.length - first.contextLength - first.special.filter(Boolean).length
        : 0,
      contextTokens: this.tokenizer.pieces(context).ids.length,
      tokenizeMs,
      inferenceMs,
    };
  }

  /** Occlusion of each question and context token of the answer's window against p_start · p_end. */
  async explain(
    backend: Backend,
    question: string,
    context: string,
    answer: Answer,
  ): Promise<AnswerAttributionRun> {
    const window = this.windows(question, context)[answer.window];
    if (!window) {
      throw new GlassboxError({
        code: 'empty-input',
        message:
          'That answer has no span in the text to explain (the empty answer, or a text changed since).',
        remedy: 'Answer the question again, then explain one of the answers found.',
      });
    }
    const hide = occlusionToken(this.tokenizer);
    const explainable = window.special.map((special) => !special);
    const result = await occlude(
      this.sessions.get(backend),
      this.tokenizer.padId,
      { ids: window.ids, typeIds: window.typeIds },
      explainable,
      hide,
      [this.outputNames.start, this.outputNames.end],
      (outputs) =>
        spanScore(
          outputs[this.outputNames.start] ?? [],
          outputs[this.outputNames.end] ?? [],
          window.pMask,
          answer.startToken,
          answer.endToken,
        ),
    );
    return {
      answer,
      tokens: window.tokens.map((token, i) => ({
        token,
        start: window.spans[i]?.start ?? null,
        end: window.spans[i]?.end ?? null,
        inContext: window.pMask[i] === 0 && i !== 0,
      })),
      explainable,
      maskToken: hide.token,
      ...result,
    };
  }
}
