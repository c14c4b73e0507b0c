// What a lesson step does in the entities, answer, zero-shot and embeddings views, and their try-it checks.
// Entities, answer and zero-shot have no embedded model: a step works on the model open in its view (a
// link opens one: ?model=…&task=entities&lesson=…); with none open the view says how to open one. The
// embeddings view opens the step's model (the embedded classifier's encoder) when it names one.
import type { LessonStep } from '../../lib/lessons/lesson-format.ts';
import type { TextTaskCheck } from '../../lib/lessons/text-task-fields.ts';
import type { CatalogEntry } from '../../lib/catalog/model-catalog.ts';
import type { AnswerPlayground } from '../answer/answer-playground.svelte.ts';
import type { EmbeddingPlayground } from '../embeddings/embedding-playground.svelte.ts';
import type { EntitiesPlayground } from '../entities/entities-playground.svelte.ts';
import type { ModelSlot } from '../workbench/model-slot.svelte.ts';
import { shownCatalogModel, withTask } from '../workbench/shown-model.ts';
import type { TextAttention } from '../text/text-attention.svelte.ts';
import type { ZeroShotPlayground } from '../zero-shot/zero-shot-playground.svelte.ts';
import { denseCheckPassed, type DenseLessonViews } from './lesson-dense.ts';

export interface TextTaskLessonViews extends DenseLessonViews {
  entities?: EntitiesPlayground | null;
  entitiesAttention?: TextAttention | null;
  answer?: AnswerPlayground | null;
  answerAttention?: TextAttention | null;
  zeroShot?: ZeroShotPlayground | null;
  zeroShotAttention?: TextAttention | null;
  embeddings?: EmbeddingPlayground | null;
}

export const TEXT_TASK_VIEWS = ['entities', 'answer', 'zero-shot', 'embeddings'] as const;
export type TextTaskView = (typeof TEXT_TASK_VIEWS)[number];

export function isTextTaskView(view: string | null): view is TextTaskView {
  return (TEXT_TASK_VIEWS as readonly string[]).includes(view ?? '');
}

/** The longest a step waits for a model to load. */
const SETTLE_MS = 180_000;

/** Waits until the view's model has loaded (or failed); a view with no model open has nothing to wait for. */
async function ready(slot: ModelSlot<{ backend: 'wasm' | 'webgpu' }>, hasModel: boolean): Promise<boolean> {
  if (!hasModel) return false;
  if (slot.status.kind === 'idle') await slot.load();
  for (let waited = 0; waited < SETTLE_MS; waited += 50) {
    if (slot.status.kind === 'ready') return true;
    if (slot.status.kind === 'failed') return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

export async function applyTextTask(
  view: TextTaskView,
  step: LessonStep,
  views: TextTaskLessonViews,
  entry: CatalogEntry | undefined,
): Promise<void> {
  const fields = step.textTask;
  if (view === 'entities' && views.entities) {
    const entities = views.entities;
    if (step.backend && entities.model) await entities.slot.selectBackend(step.backend);
    if (!(await ready(entities.slot, entities.model !== null))) return;
    if (step.text !== null) entities.text = step.text;
    if (fields.strategy) entities.strategy = fields.strategy;
    if (step.action) await entities.run();
    if (step.action === 'explain') await entities.explain(0);
    if (step.attention) await views.entitiesAttention?.show(step.attention);
  }
  if (view === 'answer' && views.answer) {
    const answer = views.answer;
    if (step.backend && answer.model) await answer.slot.selectBackend(step.backend);
    if (!(await ready(answer.slot, answer.model !== null))) return;
    if (step.text !== null) answer.context = step.text;
    if (fields.question !== null) answer.question = fields.question;
    if (step.action) await answer.run();
    if (step.action === 'explain') await answer.explain(0);
    if (step.attention) await views.answerAttention?.show(step.attention);
  }
  if (view === 'zero-shot' && views.zeroShot) {
    const zeroShot = views.zeroShot;
    if (step.backend && zeroShot.model) await zeroShot.slot.selectBackend(step.backend);
    if (!(await ready(zeroShot.slot, zeroShot.model !== null))) return;
    if (step.text !== null) zeroShot.text = step.text;
    if (fields.labels !== null) zeroShot.labels = fields.labels;
    if (fields.multiLabel !== null) zeroShot.multiLabel = fields.multiLabel;
    if (step.action) await zeroShot.run();
    const top = zeroShot.status.kind === 'done' ? zeroShot.status.run.scores[0]?.label : undefined;
    if (step.action === 'explain' && top !== undefined) await zeroShot.explain(top);
    if (step.attention) await views.zeroShotAttention?.show(step.attention);
  }
  if (view === 'embeddings' && views.embeddings) {
    const embeddings = views.embeddings;
    if (entry) {
      const model = withTask(shownCatalogModel(entry), 'sentence-embeddings');
      if (embeddings.model?.location.key !== model.location.key) await embeddings.open(model);
    }
    if (step.backend && embeddings.model) await embeddings.slot.selectBackend(step.backend);
    if (!(await ready(embeddings.slot, embeddings.model !== null))) return;
    if (fields.sentences) embeddings.text = fields.sentences.join('\n');
    if (fields.query !== null) embeddings.query = fields.query;
    if (step.action === 'embed' || step.action === 'search') await embeddings.run();
    if (step.action === 'search') await embeddings.search();
  }
}

/** Whether these views show what a try-it step asks for (reads reactive state: use it in a $derived). */
export function textTaskCheckPassed(check: TextTaskCheck, views: TextTaskLessonViews): boolean {
  switch (check.kind) {
    case 'segments-include':
    case 'depth-of-own-image':
      return denseCheckPassed(check, views);
    case 'entities-at-least': {
      const entities = views.entities;
      const current = entities?.runStatus.kind === 'done' && entities.runStatus.run.text === entities.text;
      return !!entities && current && entities.entities.length >= check.count;
    }
    case 'strategy-is':
      return views.entities?.strategy === check.strategy;
    case 'answer-found': {
      const answer = views.answer;
      const run = answer?.runStatus.kind === 'done' ? answer.runStatus.run : null;
      return (
        !!answer &&
        !!run &&
        run.question === answer.question &&
        run.context === answer.context &&
        run.answers.some((found) => found.answer.trim() !== '')
      );
    }
    case 'labels-at-least': {
      const zeroShot = views.zeroShot;
      const run = zeroShot?.status.kind === 'done' ? zeroShot.status.run : null;
      return !!run && run.premise === zeroShot?.text && run.scores.length >= check.count;
    }
    case 'top-label': {
      const zeroShot = views.zeroShot;
      const run = zeroShot?.status.kind === 'done' ? zeroShot.status.run : null;
      return !!run && run.premise === zeroShot?.text && run.scores[0]?.label.toLowerCase() === check.label;
    }
    case 'neighbours-shown': {
      const embeddings = views.embeddings;
      const found = embeddings?.neighbours.kind === 'done' ? embeddings.neighbours.result : null;
      return !!found && found.query === embeddings?.query && found.neighbours.length > 0;
    }
  }
}

/** The attention panels of these views, for `attention shown`. */
export function textTaskAttentions(views: TextTaskLessonViews): Array<TextAttention | null | undefined> {
  return [views.entitiesAttention, views.answerAttention, views.zeroShotAttention];
}

/** Whether an attribution of these views is on screen, for `attributions shown`. */
export function textTaskAttributionShown(views: TextTaskLessonViews): boolean {
  return (
    views.entities?.attribution.kind === 'done' ||
    views.answer?.attribution.kind === 'done' ||
    views.zeroShot?.explanation.kind === 'done'
  );
}
