// Looking inside a real run: capture the values of the run a playground just made, open the same model in
// the inspector with the run painted on its graph, compare WASM with WebGPU node by node, and time every
// node. The only place that asks the inference worker for captures (through a CaptureSource), so the state
// machine is testable with a fake source and the engine can change behind it.
import {
  DEFAULT_CAPTURE_BUDGET_BYTES,
  type BackendComparison,
  type CapturedTensor,
  type CaptureOptions,
  type CaptureResult,
  type NodeTiming,
  type TensorSlice,
} from '../../lib/capture/capture-types.ts';
import { runOverlayOf, type OverlayMetric, type RunOverlay } from '../../lib/capture/run-overlay.ts';
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import { BACKEND_LABELS, type Backend } from '../../lib/runtime/backend.ts';
import type { ModelTaskKind } from '../../lib/sources/model-location.ts';
import type { ShownModel } from '../workbench/shown-model.ts';
import type { PreparedReport, ReportRequest } from '../../contracts/report.ts';
import { DivergenceReport } from './divergence-report.svelte.ts';

/** The inference worker's capture methods, as the page uses them. */
export interface CaptureSource {
  captureRun(
    task: ModelTaskKind,
    modelKey: string,
    backend: Backend,
    options?: CaptureOptions,
  ): Promise<CaptureResult>;
  capturedTensor(captureId: string, name: string, slice?: TensorSlice): Promise<CapturedTensor>;
  compareCaptures(referenceId: string, otherId: string): Promise<BackendComparison>;
  profileRun(task: ModelTaskKind, modelKey: string, backend: Backend): Promise<NodeTiming[]>;
  releaseCapture(captureId: string): Promise<void>;
  /** Ends the task's runs in flight by ending its worker (as the view's Stop does); the view reloads. */
  stopRuns?(task: ModelTaskKind): void;
  /** Prepare a report: the zip of a comparison's divergent (or most different) node, made in the worker. */
  prepareReport?(request: ReportRequest): Promise<PreparedReport>;
}

/** The run a playground made last: what to capture, and the model to open in the inspector. */
export interface RunTarget {
  task: ModelTaskKind;
  model: ShownModel;
  backend: Backend;
  /** The view's name, for sentences ("Classify text"). */
  viewLabel: string;
  /**
   * Resolves once the view has no run in flight (the text view keeps Look inside enabled during a fast
   * run): the capture then looks inside the run the page is about to show, not the one before it.
   */
  settled?: () => Promise<void>;
}

/** What the capture needs of the inspector (the Inspector and the page provide it). */
export interface OverlayTarget {
  /** Switches the page to the inspector. */
  show(): void;
  /** Opens the model (or keeps it if open); false when it could not be opened (the inspector says why). */
  openModel(model: ShownModel): Promise<boolean>;
  attachRun(overlay: RunOverlay | null, metric: OverlayMetric): Promise<boolean>;
  /** Selects a node by its name (a link's node, the first divergent node); false if there is none. */
  revealNode(name: string): Promise<boolean>;
  /** The key of the model open on the graph; null when none is. */
  openedKey(): string | null;
}

export type CaptureAction = 'look-inside' | 'compare' | 'profile';

export type CaptureStage =
  | { step: 'capture'; backend: Backend }
  | { step: 'open-graph' }
  | { step: 'compare' }
  | { step: 'profile'; backend: Backend }
  | { step: 'paint' };

export type RunCaptureStatus =
  | { kind: 'idle' }
  | { kind: 'working'; action: CaptureAction; stage: CaptureStage; budgetBytes: number }
  | { kind: 'ready'; action: CaptureAction }
  | { kind: 'failed'; action: CaptureAction; error: ErrorData };

export const CAPTURE_BUDGETS_MB = [64, 256, 1024] as const;

/** "Capturing on WASM (CPU)…": the stage as a sentence for the status line. */
export function stageText(stage: CaptureStage): string {
  switch (stage.step) {
    case 'capture':
      return `Capturing every value of the run on ${BACKEND_LABELS[stage.backend]}…`;
    case 'open-graph':
      return 'Opening the graph in the inspector…';
    case 'compare':
      return 'Comparing the two backends value by value…';
    case 'profile':
      return `Timing every node on ${BACKEND_LABELS[stage.backend]}…`;
    case 'paint':
      return 'Painting the run on the graph…';
  }
}

/** Why a backend cannot be used here, or null when it can (from the worker's capabilities). */
export type BackendCheck = (backend: Backend) => string | null;

export class RunCapture {
  status = $state.raw<RunCaptureStatus>({ kind: 'idle' });
  /** The run that was looked inside; null before the first Look inside. */
  target = $state.raw<RunTarget | null>(null);
  /** The captured run shown in the node panel. */
  capture = $state.raw<CaptureResult | null>(null);
  comparison = $state.raw<BackendComparison | null>(null);
  timings = $state.raw<Partial<Record<Backend, NodeTiming[]>>>({});
  /** The backend whose node times are painted. */
  timeBackend = $state<Backend>('wasm');
  /** Backends that could not be timed, and why. */
  timingNotes = $state.raw<string[]>([]);
  /** A variant's error per value of this run (the precision ladder), painted as 'variant-error'. */
  variantErrors = $state.raw<RunOverlay['variantErrors'] | null>(null);
  budgetBytes = $state(DEFAULT_CAPTURE_BUDGET_BYTES);
  /** Prepare a report, offered once WASM and WebGPU were compared. */
  readonly report = new DivergenceReport(() => ({
    comparison: this.comparison,
    location: this.target?.model.location ?? null,
    prepare: this.source.prepareReport ? (request) => this.source.prepareReport!(request) : null,
  }));
  /** Captures held in the worker besides `capture` (the other backend's, for the comparison). */
  private held = new Set<string>();
  private token = 0;
  /** The task whose worker the action in progress runs in (what Stop ends). */
  private workingTask: ModelTaskKind | null = null;

  constructor(
    private readonly source: CaptureSource,
    private readonly inspector: OverlayTarget,
    private readonly backendProblem: BackendCheck = () => null,
  ) {}

  get busy(): boolean {
    return this.status.kind === 'working';
  }

  /**
   * The run looked inside while it belongs to the model open on the graph; null once another model was
   * opened there (the run's values would be painted on the wrong graph) or before any run.
   */
  get attachedTarget(): RunTarget | null {
    const target = this.target;
    return target && this.inspector.openedKey() === target.model.location.key ? target : null;
  }

  /**
   * Captures the target's last run, shows the inspector with the same model and paints the run on it.
   * `node` (from a shared link) is selected afterwards; `metric` is the one to paint first.
   */
  async lookInside(
    target: RunTarget | null,
    restore: { metric?: OverlayMetric; node?: string } = {},
  ): Promise<boolean> {
    if (!target) {
      this.status = {
        kind: 'failed',
        action: 'look-inside',
        error: {
          code: 'no-run-yet',
          message: 'There is no run to look inside yet.',
          remedy: 'Run the model first (Classify, Detect or Run), then choose Look inside this run.',
        },
      };
      return false;
    }
    const token = ++this.token;
    const action = 'look-inside';
    this.workingTask = target.task;
    try {
      this.stage(action, { step: 'capture', backend: target.backend });
      await target.settled?.();
      // Stopped while the view's run was still in flight: nothing was asked of the worker yet.
      if (this.status.kind !== 'working') return false;
      const capture = await this.source.captureRun(target.task, target.model.location.key, target.backend, {
        budgetBytes: this.budgetBytes,
      });
      if (token !== this.token) {
        void this.release(capture.captureId);
        return false;
      }
      this.replaceCaptures(capture);
      this.target = target;
      this.timeBackend = target.backend;
      this.stage(action, { step: 'open-graph' });
      this.inspector.show();
      if (!(await this.inspector.openModel(target.model))) {
        return this.fail(action, token, {
          code: 'capture-failed',
          message: `The run was captured, but ${target.model.name} could not be opened in the inspector.`,
          remedy: 'The inspector above says why; open the model there and try again.',
        });
      }
      if (token !== this.token) return false;
      this.stage(action, { step: 'paint' });
      await this.inspector.attachRun(this.overlay(), restore.metric ?? 'mean-abs');
      if (restore.node !== undefined) await this.inspector.revealNode(restore.node);
      if (token === this.token) this.status = { kind: 'ready', action };
      return token === this.token;
    } catch (error) {
      return this.fail(action, token, captureError(error, `Capturing the ${target.viewLabel} run failed.`));
    }
  }

  /** Captures the run on both backends, compares every value and paints the divergence. */
  async compareBackends(): Promise<boolean> {
    const action = 'compare';
    const target = this.target;
    if (!target) return this.lookInside(null);
    const problem = this.backendProblem('webgpu') ?? this.backendProblem('wasm');
    if (problem) {
      this.status = {
        kind: 'failed',
        action,
        error: {
          code: 'webgpu-unavailable',
          message: `WASM and WebGPU cannot be compared here: ${problem}`,
          remedy: 'Open Glassbox in a browser with WebGPU (a recent Chrome or Edge) to compare the backends.',
        },
      };
      return false;
    }
    const token = ++this.token;
    this.workingTask = target.task;
    try {
      const byBackend: Partial<Record<Backend, CaptureResult>> = {};
      if (this.capture) byBackend[this.capture.backend] = this.capture;
      for (const backend of ['wasm', 'webgpu'] as const) {
        if (byBackend[backend]) continue;
        this.stage(action, { step: 'capture', backend });
        const capture = await this.source.captureRun(target.task, target.model.location.key, backend, {
          budgetBytes: this.budgetBytes,
        });
        this.held.add(capture.captureId);
        byBackend[backend] = capture;
        if (token !== this.token) return false;
      }
      const reference = byBackend.wasm;
      const other = byBackend.webgpu;
      if (!reference || !other) return false;
      this.stage(action, { step: 'compare' });
      const comparison = await this.source.compareCaptures(reference.captureId, other.captureId);
      if (token !== this.token) return false;
      this.comparison = comparison;
      this.report.reset();
      this.capture ??= reference;
      this.stage(action, { step: 'paint' });
      await this.inspector.attachRun(this.overlay(), 'divergence');
      const first = comparison.firstDivergent;
      if (first && first.producer !== '') await this.inspector.revealNode(first.producer);
      if (token === this.token) this.status = { kind: 'ready', action };
      return token === this.token;
    } catch (error) {
      return this.fail(action, token, captureError(error, 'Comparing WASM and WebGPU failed.'));
    }
  }

  /** Times every node with ONNX Runtime's profiler on each backend that is available here. */
  async profileNodes(): Promise<boolean> {
    const action = 'profile';
    const target = this.target;
    if (!target) return this.lookInside(null);
    const token = ++this.token;
    this.workingTask = target.task;
    const timings: Partial<Record<Backend, NodeTiming[]>> = {};
    const notes: string[] = [];
    try {
      for (const backend of ['wasm', 'webgpu'] as const) {
        const problem = this.backendProblem(backend);
        if (problem) {
          notes.push(`${BACKEND_LABELS[backend]} was not timed: ${problem}`);
          continue;
        }
        this.stage(action, { step: 'profile', backend });
        timings[backend] = await this.source.profileRun(target.task, target.model.location.key, backend);
        if (token !== this.token) return false;
      }
      this.timings = timings;
      this.timingNotes = notes;
      if (!timings[this.timeBackend]) this.timeBackend = timings.wasm ? 'wasm' : 'webgpu';
      this.stage(action, { step: 'paint' });
      await this.inspector.attachRun(this.overlay(), 'time');
      if (token === this.token) this.status = { kind: 'ready', action };
      return token === this.token;
    } catch (error) {
      return this.fail(action, token, captureError(error, 'Timing the nodes failed.'));
    }
  }

  /**
   * Paints a variant's error (the precision ladder's) on the graph of the target's model: looks inside the
   * target's run first unless it is the run already attached, then selects the first value past the
   * threshold. false when looking inside failed (the status says why).
   */
  async showVariantErrors(
    target: RunTarget,
    errors: NonNullable<RunOverlay['variantErrors']>,
    firstPastNode: string | null,
  ): Promise<boolean> {
    const attached = this.attachedTarget;
    const same =
      attached !== null &&
      this.capture !== null &&
      attached.model.location.key === target.model.location.key &&
      this.capture.backend === target.backend;
    if (!same && !(await this.lookInside(target))) return false;
    this.variantErrors = errors;
    this.inspector.show();
    await this.inspector.attachRun(this.overlay(), 'variant-error');
    if (firstPastNode) await this.inspector.revealNode(firstPastNode);
    return true;
  }

  /** Paints the node times of another backend. */
  async showTimesOf(backend: Backend): Promise<void> {
    if (!this.timings[backend]) return;
    this.timeBackend = backend;
    await this.inspector.attachRun(this.overlay(), 'time');
  }

  /** One captured tensor (or a slice), for a viewer: crosses to the page only when someone looks. */
  tensor(name: string, slice?: TensorSlice): Promise<CapturedTensor> {
    const capture = this.capture;
    if (!capture) {
      return Promise.reject(
        new GlassboxError({
          code: 'no-run-yet',
          message: 'No run is captured.',
          remedy: 'Choose Look inside this run in a playground first.',
        }),
      );
    }
    return this.source.capturedTensor(capture.captureId, name, slice);
  }

  /**
   * Stop: ends the capture, comparison or timing in progress at once by ending its view's worker (a run
   * ONNX Runtime is inside cannot be interrupted otherwise); the view reloads its model, as after its own
   * Stop, and the captures that worker held are gone.
   */
  stop(): void {
    const status = this.status;
    if (status.kind !== 'working' || this.workingTask === null) return;
    this.token++;
    this.source.stopRuns?.(this.workingTask);
    this.held.clear();
    this.capture = null;
    this.comparison = null;
    this.status = {
      kind: 'failed',
      action: status.action,
      error: {
        code: 'run-stopped',
        message: 'You stopped it; the view reloads its model in a fresh worker.',
        remedy: 'Try again when you are ready, with a smaller memory budget if the run is large.',
      },
    };
  }

  /** Lets go of every capture the worker holds for this page (a new model, or the user closed the run). */
  clear(): void {
    this.token++;
    for (const id of this.held) void this.release(id);
    this.held.clear();
    this.capture = null;
    this.comparison = null;
    this.timings = {};
    this.timingNotes = [];
    this.variantErrors = null;
    this.target = null;
    this.status = { kind: 'idle' };
  }

  /** The overlay for the inspector: the run's values, the chosen backend's times, the comparison. */
  private overlay(): RunOverlay {
    const nodes = this.timings[this.timeBackend];
    return runOverlayOf(this.capture ?? { values: [] }, {
      ...(nodes ? { timings: { backend: this.timeBackend, nodes } } : {}),
      comparison: this.comparison,
      variantErrors: this.variantErrors,
    });
  }

  /** A new look inside replaces every capture before it, comparison and timings included. */
  private replaceCaptures(capture: CaptureResult): void {
    for (const id of this.held) if (id !== capture.captureId) void this.release(id);
    this.held = new Set([capture.captureId]);
    this.capture = capture;
    this.comparison = null;
    this.variantErrors = null;
    this.timings = {};
    this.timingNotes = [];
  }

  private stage(action: CaptureAction, stage: CaptureStage): void {
    this.status = { kind: 'working', action, stage, budgetBytes: this.budgetBytes };
  }

  private fail(action: CaptureAction, token: number, error: ErrorData): false {
    if (token === this.token) this.status = { kind: 'failed', action, error };
    return false;
  }

  private async release(captureId: string): Promise<void> {
    try {
      await this.source.releaseCapture(captureId);
    } catch {
      // A crashed worker took its captures with it: nothing is left to free.
    }
  }
}

/** The worker's typed error as it is; anything else becomes a sentence about what failed. */
function captureError(error: unknown, what: string): ErrorData {
  const data = toErrorData(error);
  if (data.code !== 'unknown') return data;
  return {
    code: 'capture-failed',
    message: what,
    remedy: 'The playground keeps working. Try again, or choose the other backend.',
    detail: data.detail ?? data.message,
  };
}
