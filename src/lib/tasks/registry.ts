// The task registry: one row per task Glassbox shows. A row says how a model of the task is recognised,
// which adapter in the inference worker runs it, which view shows it (each view has its own worker),
// which fields of a shared link it reads, and which glass-box features apply. Code that differs by task
// reads the row instead of comparing task names. Adding a task: one adapter, one view, one row here
// (docs/architecture.md, "How to add a task").

import { recogniseImageClassification } from './image-classification/recognise.ts';
import { recogniseSemanticSegmentation } from './semantic-segmentation/recognise.ts';
import { recogniseDepthEstimation } from './depth-estimation/recognise.ts';
import { recogniseFillMask } from './fill-mask/recognise.ts';
import { recogniseObjectDetection } from './object-detection/recognise.ts';
import { recogniseQuestionAnswering } from './question-answering/recognise.ts';
import { recogniseZeroShot } from './zero-shot/recognise.ts';
import { recogniseSentenceEmbeddings } from './sentence-embeddings/recognise.ts';
import { recogniseTokenClassification } from './token-classification/recognise.ts';
import type { ModelEvidence, Recogniser } from './recognition.ts';
import { TENSOR_VIEW, describeInputs } from './recognition.ts';
import { recogniseTextClassification } from './text-classification/recognise.ts';
import { recogniseTextGeneration } from './text-generation/recognise.ts';

/** The fields of a shared link a task's view reads besides model and backend (lib/sources/share-state.ts). */
export type LinkField = 'text' | 'pair' | 'sample' | 'question';

/** The glass-box features that apply to a task (each is a control the task's view offers, or not). */
export interface GlassBoxFeatures {
  /** Capture a run's values and paint them on the inspector's graph. */
  lookInside: boolean;
  /** Attention maps found by structure in the captured run. */
  attention: boolean;
  /** Which parts of the input the answer depends on (token or occlusion attributions). */
  attributions: boolean;
  /** Lessons may step through this task's view. */
  lessons: boolean;
  /** The Benchmark lab can run the task's models. */
  bench: boolean;
}

export interface TaskRow {
  /** The task's name, as config files, links (?task= in the catalog) and the workers call it. */
  readonly id: string;
  /** What the user reads ("Show as: Text classification"). */
  readonly label: string;
  /** The page view (tab) that shows the task; each such view has its own inference worker. */
  readonly view: string;
  /** The model class in the inference worker that loads and runs models of the task. */
  readonly adapter: string;
  /**
   * Whether a model the user brings is of this task; null for the tensor view, which takes what no row
   * recognises. Rows are asked in order and the first answer that is not null wins, so a row that
   * recognises a narrower kind of model (a causal LM among input_ids models) comes before a broader one.
   */
  readonly recognise: Recogniser | null;
  readonly linkFields: readonly LinkField[];
  /** The input the Benchmark lab calls "current": the text view's text, the detection view's image. */
  readonly benchInput: 'text' | 'image' | 'synthetic';
  readonly features: GlassBoxFeatures;
}

export const TASK_ROWS = [
  // Causal language models also take input_ids: asked before text classification, which refuses them.
  // Its view runs in its own generation worker (workers/generation/generation-service.ts), not the inference worker.
  {
    id: 'text-generation',
    label: 'Text generation',
    view: 'generate',
    adapter: 'text-generator',
    recognise: recogniseTextGeneration,
    linkFields: ['text'],
    benchInput: 'synthetic',
    // Look inside and attention: of the step that produced a chosen token (workers/generation/generation-captures.ts).
    features: { lookInside: true, attention: true, attributions: false, lessons: true, bench: false },
  },
  // Named by config.json's architectures (…ForTokenClassification, …ForQuestionAnswering): asked before
  // text classification, which refuses every head but its own.
  {
    id: 'token-classification',
    label: 'Entities (token classification)',
    view: 'entities',
    adapter: 'token-classifier',
    recognise: recogniseTokenClassification,
    linkFields: ['text'],
    benchInput: 'text',
    features: { lookInside: true, attention: true, attributions: true, lessons: true, bench: false },
  },
  {
    id: 'question-answering',
    label: 'Question answering',
    view: 'answer',
    adapter: 'question-answerer',
    recognise: recogniseQuestionAnswering,
    // text is the context, question the question.
    linkFields: ['text', 'question'],
    benchInput: 'text',
    features: { lookInside: true, attention: true, attributions: true, lessons: true, bench: false },
  },
  // Masked LMs also take input_ids: asked before text classification, which refuses them. It answers
  // only when config.json names a …ForMaskedLM head.
  {
    id: 'fill-mask',
    label: 'Fill the blank (masked LM)',
    view: 'fill-mask',
    adapter: 'masked-lm',
    recognise: recogniseFillMask,
    linkFields: ['text'],
    benchInput: 'synthetic',
    features: { lookInside: true, attention: true, attributions: true, lessons: true, bench: false },
  },
  // An NLI classifier (an "entailment" label) is a text classifier too: asked before text classification,
  // it takes such models for zero-shot; "Show as: Text classification" still shows their own classes.
  {
    id: 'zero-shot',
    label: 'Zero-shot classification',
    view: 'zero-shot',
    adapter: 'zero-shot-classifier',
    recognise: recogniseZeroShot,
    linkFields: ['text'],
    benchInput: 'synthetic',
    features: { lookInside: true, attention: true, attributions: true, lessons: true, bench: true },
  },
  // Sentence-transformers folders and bare encoders (…Model): asked before text classification, which
  // refuses a bare encoder. A classifier shown as embeddings pools its encoder's last hidden state.
  {
    id: 'sentence-embeddings',
    label: 'Sentence embeddings',
    view: 'embeddings',
    adapter: 'sentence-embedder',
    recognise: recogniseSentenceEmbeddings,
    linkFields: ['text'],
    benchInput: 'synthetic',
    features: { lookInside: true, attention: false, attributions: false, lessons: true, bench: true },
  },
  {
    id: 'text-classification',
    label: 'Text classification',
    view: 'text',
    adapter: 'text-classifier',
    recognise: recogniseTextClassification,
    linkFields: ['text', 'pair'],
    benchInput: 'text',
    features: { lookInside: true, attention: true, attributions: true, lessons: true, bench: true },
  },
  // An image input with one [N, classes, h, w] output of class scores (SegFormer's logits): asked before
  // image classification and detection, which do not read a map over the image.
  {
    id: 'semantic-segmentation',
    label: 'Semantic segmentation',
    view: 'segment',
    adapter: 'image-segmenter',
    recognise: recogniseSemanticSegmentation,
    linkFields: ['sample'],
    benchInput: 'synthetic',
    features: { lookInside: true, attention: false, attributions: false, lessons: false, bench: true },
  },
  // An image input with one depth map [N, h, w] or [N, 1, h, w] (DPT, Depth Anything): recognised by name
  // (…ForDepthEstimation, or an output called predicted_depth), so it is asked before the others too.
  {
    id: 'depth-estimation',
    label: 'Depth estimation',
    view: 'depth',
    adapter: 'depth-estimator',
    recognise: recogniseDepthEstimation,
    linkFields: ['sample'],
    benchInput: 'synthetic',
    features: { lookInside: true, attention: false, attributions: false, lessons: false, bench: true },
  },
  // An image input with one [N, classes] output; asked before detection, which refuses image models whose
  // outputs have no YOLO layout.
  {
    id: 'image-classification',
    label: 'Image classification',
    view: 'classify',
    adapter: 'image-classifier',
    recognise: recogniseImageClassification,
    linkFields: ['sample'],
    // The lab's "current image" is letterboxed for detectors; a classifier is timed on synthetic input.
    benchInput: 'synthetic',
    features: { lookInside: true, attention: false, attributions: true, lessons: true, bench: true },
  },
  {
    id: 'object-detection',
    label: 'Object detection',
    view: 'detection',
    adapter: 'object-detector',
    recognise: recogniseObjectDetection,
    linkFields: ['sample'],
    benchInput: 'image',
    features: { lookInside: true, attention: false, attributions: true, lessons: true, bench: true },
  },
  // The tensor view runs any model with inputs the user chooses: the fallback, always last.
  {
    id: 'generic',
    label: 'Tensors (any model)',
    view: 'tensors',
    adapter: 'generic-model',
    recognise: null,
    linkFields: [],
    benchInput: 'synthetic',
    features: { lookInside: true, attention: false, attributions: false, lessons: false, bench: true },
  },
] as const satisfies readonly TaskRow[];

export type TaskId = (typeof TASK_ROWS)[number]['id'];
/** The views that run models, each with its own worker. */
export type TaskView = (typeof TASK_ROWS)[number]['view'];
export type TaskAdapter = (typeof TASK_ROWS)[number]['adapter'];
/** The tasks the catalog's models have (every task but the tensor view's). */
export type CatalogTask = Exclude<TaskId, 'generic'>;

/** The task of the tensor view, which runs any model. */
export const FALLBACK_TASK = 'generic' satisfies TaskId;

export const TASK_IDS: readonly TaskId[] = TASK_ROWS.map((row) => row.id);
/** The views that show tasks, in the rows' order, each once. */
export const TASK_VIEWS: readonly TaskView[] = [...new Set(TASK_ROWS.map((row) => row.view))];

type Row<Id extends TaskId> = Extract<(typeof TASK_ROWS)[number], { id: Id }>;

export function taskRow<Id extends TaskId>(task: Id): Row<Id> {
  const row = TASK_ROWS.find((entry) => entry.id === task);
  if (row === undefined) throw new Error(`No task row for ${task}`);
  return row as Row<Id>;
}

/** The view that shows task. */
export function viewOfTask(task: TaskId): TaskView {
  return taskRow(task).view;
}

/** The task a view shows (its first row), or null for a view that shows no task (models, inspect, bench). */
export function taskOfView(view: string): TaskId | null {
  return TASK_ROWS.find((row) => row.view === view)?.id ?? null;
}

export function isTaskId(value: unknown): value is TaskId {
  return typeof value === 'string' && (TASK_IDS as readonly string[]).includes(value);
}

export function isTaskView(value: unknown): value is TaskView {
  return typeof value === 'string' && (TASK_VIEWS as readonly string[]).includes(value);
}

/** Whether a link to task's view reads field (the text of the text view, the detection view's sample). */
export function readsLinkField(task: TaskId, field: LinkField): boolean {
  return (taskRow(task).linkFields as readonly LinkField[]).includes(field);
}

export interface TaskDetection {
  task: TaskId;
  /** One plain sentence saying why, shown to the user. */
  reason: string;
}

/**
 * Which task a model the user brought is, from its inputs and outputs and its config.json: the first row
 * that answers decides; when none does, or a row refuses it, the tensor view, with the reason.
 */
export function recogniseTask(
  evidence: ModelEvidence,
  rows: ReadonlyArray<Pick<TaskRow, 'recognise'> & { id: TaskId }> = TASK_ROWS,
): TaskDetection {
  for (const row of rows) {
    const answer = row.recognise?.(evidence) ?? null;
    if (answer === null) continue;
    return { task: answer.accepted ? row.id : FALLBACK_TASK, reason: answer.reason };
  }
  return {
    task: FALLBACK_TASK,
    reason: `${describeInputs(evidence.signature.inputs)} no task Glassbox knows; ${TENSOR_VIEW}.`,
  };
}
