// State and actions of the answer view (extractive question answering): the question, the context, the
// pipeline's settings (top_k, max_answer_len, the empty answer off by default), and occlusion
// attributions against a chosen answer's score.
import type { Loaded } from '../../contracts/inference.ts';
import type {
  AnswerAttributionRun,
  QuestionAnswererInfo,
  QuestionAnsweringRun,
} from '../../contracts/text-tasks.ts';
import { DEFAULT_SPAN_SETTINGS, type SpanSettings } from '../../lib/tasks/question-answering/spans.ts';
import { HeadPlayground } from '../workbench/text-head-playground.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';

export const QUESTION_EXAMPLE = 'Where was HuggingFace founded?';
export const CONTEXT_EXAMPLE = 'HuggingFace was founded in Paris.';

/** The most answers a run lists, and the longest answer it may pick, in tokens. */
export const MAX_TOP_K = 20;
export const MAX_ANSWER_TOKENS = 512;

export class AnswerPlayground extends HeadPlayground<
  'question-answering',
  QuestionAnsweringRun,
  AnswerAttributionRun
> {
  question = $state(QUESTION_EXAMPLE);
  context = $state(CONTEXT_EXAMPLE);
  /** The pipeline's top_k 1 shows one answer; three show what else the model considered. */
  settings = $state<SpanSettings>({ ...DEFAULT_SPAN_SETTINGS, topK: 3 });

  constructor(workbench: Workbench) {
    super(workbench, 'question-answering', 'Answer a question');
  }

  protected inputProblem(): string | null {
    if (this.question.trim() === '') return 'Type a question about the text.';
    if (this.context.trim() === '') return 'Paste the text the answer is to be found in.';
    const { topK, maxAnswerLen } = this.settings;
    if (!Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K)
      return `Answers: a whole number from 1 to ${MAX_TOP_K}.`;
    if (!Number.isInteger(maxAnswerLen) || maxAnswerLen < 1 || maxAnswerLen > MAX_ANSWER_TOKENS) {
      return `Longest answer: a whole number of tokens from 1 to ${MAX_ANSWER_TOKENS}.`;
    }
    return null;
  }

  protected runOnce(loaded: Loaded<QuestionAnswererInfo>): Promise<QuestionAnsweringRun> {
    const { question, context } = this;
    const settings = $state.snapshot(this.settings);
    return this.runtime.run((service) =>
      service.answerQuestion(loaded.info.modelKey, loaded.backend, question, context, settings),
    );
  }

  /** Which tokens the answer at index depends on. */
  async explain(index: number): Promise<void> {
    const loaded = this.slot.loaded;
    const run = this.runStatus.kind === 'done' ? this.runStatus.run : null;
    const answer = run?.answers[index];
    if (!loaded || !run || !answer) return;
    await this.attribute(String(index), () =>
      this.runtime.run((service) =>
        service.explainAnswer(loaded.info.modelKey, loaded.backend, run.question, run.context, { ...answer }),
      ),
    );
  }
}
