// State and actions of the text view's attention panel: the attention probabilities of the last run,
// captured (only those values, found by structure) when the panel is opened or a lesson step asks, held on
// the page per layer, stale once the text or the model changes. The chosen layer, head and line are here.
import type { AttentionSite, CapturedTensor } from '../../lib/capture/capture-types.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import { splitInputLines } from '../../lib/tasks/text-classification/input-lines.ts';
import type { ModelTaskKind } from '../../lib/sources/model-location.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { ShownModel } from '../workbench/shown-model.ts';
import type { TextPlayground } from './text-playground.svelte.ts';
import type { ViewRuntime } from '../workbench/view-runtime.svelte.ts';

/**
 * A text view whose runs the panel captures: the text classifier's, or another task's view over token
 * ids (fill-mask), which says itself whether its last run is of the text on screen.
 */
export interface AttentionHost {
  readonly task: ModelTaskKind;
  readonly text: string;
  /** Null while the view has no model open (the entities, answer and zero-shot views start empty). */
  readonly model: ShownModel | null;
  readonly slot: { readonly loaded: { backend: Backend } | null };
  readonly runtime: ViewRuntime;
  run(): Promise<void>;
  lastRunMatchesText(): boolean;
}

export interface CapturedAttention {
  /** The text box as it was captured, and the model and backend it ran on. */
  text: string;
  modelKey: string;
  modelName: string;
  backend: string;
  /** One per layer, in graph order, with its tensor [N, heads, T, T]. */
  layers: Array<{ site: AttentionSite; tensor: CapturedTensor }>;
  /** Real tokens of each line of the batch ([CLS] … [SEP]). */
  tokens: string[][];
  lines: string[];
  captureMs: number;
}

export type AttentionStatus =
  | { kind: 'closed' }
  | { kind: 'capturing' }
  | { kind: 'ready'; attention: CapturedAttention }
  /** The model has no attention probabilities Glassbox can find (a fused Attention op, or none at all). */
  | { kind: 'none'; modelName: string }
  | { kind: 'failed'; error: ErrorData };

/** What a lesson step (or a user) asks the panel to show. */
export interface AttentionChoice {
  layer?: number;
  head?: number | 'mean';
}

export class TextAttention {
  status = $state.raw<AttentionStatus>({ kind: 'closed' });
  /** Index into the captured layers. */
  layer = $state(0);
  head = $state<number | 'mean'>('mean');
  /** The line of the batch shown (the first by default). */
  line = $state(0);
  /** Which of the view's readers (an entity, an answer) the row is read from; see AttentionPanel `readers`. */
  reader = $state(0);
  /** The full token-to-token matrix is shown on demand; the default is where [CLS] looks. */
  showMatrix = $state(false);

  private readonly playground: AttentionHost;

  constructor(playground: TextPlayground | AttentionHost) {
    this.playground = 'task' in playground ? playground : classificationHost(playground);
  }

  get open(): boolean {
    return this.status.kind !== 'closed';
  }

  get busy(): boolean {
    return this.status.kind === 'capturing';
  }

  /** The captured attention, or null. */
  get attention(): CapturedAttention | null {
    return this.status.kind === 'ready' ? this.status.attention : null;
  }

  /** The capture no longer matches what is on screen: the text or the model changed since. */
  get stale(): boolean {
    const attention = this.attention;
    if (!attention) return false;
    return (
      attention.text !== this.playground.text || attention.modelKey !== this.playground.model?.location.key
    );
  }

  /** Heads of the chosen layer (1 before a capture). */
  get heads(): number {
    return this.attention?.layers[this.layer]?.tensor.dims[1] ?? 1;
  }

  /** Opens the panel at a layer and head; captures when nothing (or something stale) is held. */
  async show(choice: AttentionChoice = {}): Promise<void> {
    if (this.status.kind === 'closed' || this.status.kind === 'failed' || this.stale) await this.capture();
    else if (this.status.kind === 'capturing') return;
    const layers = this.attention?.layers.length ?? 0;
    if (choice.layer !== undefined) this.layer = Math.min(Math.max(0, layers - 1), choice.layer);
    if (choice.head !== undefined)
      this.head = choice.head === 'mean' ? 'mean' : Math.min(this.heads - 1, choice.head);
  }

  close(): void {
    this.status = { kind: 'closed' };
  }

  /** Classifies the text box if the last run was of other text, then captures that run's attention. */
  async capture(): Promise<void> {
    if (this.busy) return;
    this.status = { kind: 'capturing' };
    const started = performance.now();
    try {
      if (!this.playground.lastRunMatchesText()) await this.playground.run();
      const loaded = this.playground.slot.loaded;
      const model = this.playground.model;
      if (!loaded || !model || !this.playground.lastRunMatchesText()) {
        this.status = {
          kind: 'failed',
          error: {
            code: 'no-run-yet',
            message: 'There is no run of this text to look at.',
            remedy: 'Type a sentence and press Run, then open the attention again.',
          },
        };
        return;
      }
      const text = this.playground.text;
      const key = model.location.key;
      const runtime = this.playground.runtime;
      const capture = await runtime.run((service) =>
        service.captureRun(this.playground.task, key, loaded.backend, { attentionOnly: true }),
      );
      try {
        if (capture.attention.length === 0) {
          this.status = { kind: 'none', modelName: model.name };
          return;
        }
        const layers = [];
        for (const site of capture.attention) {
          const tensor = await runtime.run((service) =>
            service.capturedTensor(capture.captureId, site.value),
          );
          layers.push({ site, tensor });
        }
        const input = capture.input;
        this.line = 0;
        this.layer = Math.min(this.layer, layers.length - 1);
        this.status = {
          kind: 'ready',
          attention: {
            text,
            modelKey: key,
            modelName: model.name,
            backend: loaded.backend,
            layers,
            tokens: input.kind === 'text' ? input.tokens : [],
            lines: input.kind === 'text' ? input.lines : [],
            captureMs: performance.now() - started,
          },
        };
        if (this.head !== 'mean') this.head = Math.min(this.heads - 1, this.head);
      } finally {
        // The tensors are on the page now; the worker need not hold them.
        void runtime.call((service) => service.releaseCapture(capture.captureId)).catch(() => undefined);
      }
    } catch (error) {
      this.status = { kind: 'failed', error: toErrorData(error) };
    }
  }
}

/** The parts of a view an AttentionHost is made from (each view's controller has them). */
interface HostView {
  readonly model: ShownModel | null;
  readonly slot: { readonly loaded: { backend: Backend } | null };
  readonly runtime: ViewRuntime;
  run(): Promise<void>;
}

/**
 * A view as the panel reads it: its task, its input as one string (a change makes a capture stale), and
 * whether its last run is of that input on the loaded backend.
 */
export function attentionHost(
  view: HostView,
  task: ModelTaskKind,
  input: () => string,
  lastRunMatchesText: () => boolean,
): AttentionHost {
  return {
    task,
    get text() {
      return input();
    },
    get model() {
      return view.model;
    },
    slot: view.slot,
    runtime: view.runtime,
    run: () => view.run(),
    lastRunMatchesText,
  };
}

/** The text classifier's view as the panel reads it: its last run is of the box's lines, on this backend. */
function classificationHost(playground: TextPlayground): AttentionHost {
  return attentionHost(
    playground,
    'text-classification',
    () => playground.text,
    () => {
      const run = playground.runStatus;
      if (run.kind !== 'done' || playground.slot.loaded?.backend !== run.run.backend) return false;
      const lines = splitInputLines(playground.text).lines.map((line) => line.text);
      return (
        lines.length === run.run.lines.length && lines.every((line, i) => line === run.run.lines[i]?.text)
      );
    },
  );
}
