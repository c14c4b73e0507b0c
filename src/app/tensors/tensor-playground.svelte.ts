// State and actions of the generic tensor view: any ONNX model, its inputs described by shape and fill
// (symbolic dimensions shared across inputs), one run at a time, and every output summarized.
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { LoadProgress } from '../../lib/progress.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { ValueInfo } from '../../lib/runtime/onnx-runtime.ts';
import type { ModelLocation } from '../../lib/sources/model-location.ts';
import {
  fillProblem,
  resolveDims,
  symbolicDims,
  type FillKind,
  type InputFill,
} from '../../lib/tensors/input-fill.ts';
import type { GenericInputSpec, GenericModelInfo, GenericRun, Loaded } from '../../contracts/inference.ts';
import { ModelSlot } from '../workbench/model-slot.svelte.ts';
import { ThreadPlan } from '../workbench/thread-plan.svelte.ts';
import type { RunTarget } from '../inspector/run-capture.svelte.ts';
import { isStoppedRun } from '../workbench/run-watchdog.ts';
import type { ShownModel } from '../workbench/shown-model.ts';
import type { ViewRuntime } from '../workbench/view-runtime.svelte.ts';
import { loadTask } from '../workbench/inference-client.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';

export type TensorRunStatus =
  | { kind: 'none' }
  | { kind: 'running' }
  | { kind: 'done'; run: GenericRun }
  | { kind: 'hint'; message: string }
  | { kind: 'failed'; error: ErrorData };

/** One input, checked against the current symbols and fill: the sizes it will have, or what is wrong. */
export type InputCheck = { ok: true; dims: number[] } | { ok: false; reason: string };

const isFloat = (dtype: string): boolean => dtype.startsWith('float');

/**
 * The fill an input starts with. Floats: random in [0, 1) with seed 0, because zeros often give
 * degenerate outputs (equal logits, empty detections) that hide whether the model computes anything, and
 * [0, 1) is what image models expect of normalized pixels. Integers: zeros, because they are usually
 * token ids or indices, and 0 is valid in any embedding table or gather while random ids may fall outside
 * it. Bool: ones, because bool inputs are usually masks and "keep everything" is the neutral mask.
 */
export function defaultFill(dtype: string): InputFill {
  if (isFloat(dtype)) return { kind: 'random', seed: 0, min: 0, max: 1 };
  if (dtype === 'bool') return { kind: 'ones' };
  return { kind: 'zeros' };
}

/** A fill of another kind for an input, keeping the numbers the user already typed where they apply. */
export function changeFillKind(dtype: string, current: InputFill, kind: FillKind): InputFill {
  if (current.kind === kind) return current;
  switch (kind) {
    case 'zeros':
    case 'ones':
      return { kind };
    case 'random':
      // Integers default to small values (0..9): valid as ids for any vocabulary and as class indices.
      return isFloat(dtype) ? { kind, seed: 0, min: 0, max: 1 } : { kind, seed: 0, min: 0, max: 9 };
    case 'values':
      return { kind, text: '' };
  }
}

/**
 * The size every symbolic dimension starts at: 1. It is a valid batch for any model and a one-token
 * sequence for text models; the user raises it (an image model with a symbolic side needs more).
 */
export const DEFAULT_SYMBOL_SIZE = 1;

export class TensorPlayground {
  /** The model shown, as its card and a shared link name it. */
  model = $state.raw<ShownModel | null>(null);
  /** Where its files are. */
  readonly location: ModelLocation | null = $derived(this.model?.location ?? null);
  /** By input name. */
  fills = $state<Record<string, InputFill>>({});
  /** By symbolic dimension name, shared by every input that uses it. */
  symbols = $state<Record<string, number>>({});
  runStatus = $state<TensorRunStatus>({ kind: 'none' });
  readonly slot: ModelSlot<Loaded<GenericModelInfo>> = new ModelSlot((backend, onProgress) =>
    this.load(backend, onProgress),
  );
  private runToken = 0;

  /** The inputs of the loaded model ([] until it is ready). */
  readonly inputs: ValueInfo[] = $derived(this.slot.loaded?.info.inputs ?? []);
  readonly symbolNames: string[] = $derived(symbolicDims(this.inputs.map((input) => input.shape)));
  readonly checks: Record<string, InputCheck> = $derived.by(() => {
    const checks: Record<string, InputCheck> = {};
    for (const input of this.inputs) checks[input.name] = this.check(input);
    return checks;
  });
  readonly canRun: boolean = $derived(
    this.slot.status.kind === 'ready' &&
      this.runStatus.kind !== 'running' &&
      this.inputs.every((input) => this.checks[input.name]?.ok === true),
  );

  /** This view's own inference worker. */
  readonly runtime: ViewRuntime;
  /**
   * The model's WASM thread count: the rule or the user's choice. Not calibrated: any model opens here,
   * one whose run never ends included, and a calibration would run it again and again.
   */
  readonly threads: ThreadPlan;

  constructor(private readonly workbench: Workbench) {
    this.runtime = workbench.views.tensors;
    this.threads = new ThreadPlan(this.runtime, 'generic');
    // The worker crashed or was stopped: the run in flight has already failed; load the model again.
    this.runtime.onEnded(async () => {
      if (!this.location) return true;
      await this.slot.load();
      return this.slot.status.kind === 'ready';
    });
  }

  /** The slot's loader: whatever location is open when it (re)loads. */
  private async load(
    backend: Backend,
    onProgress: (progress: LoadProgress) => void,
  ): Promise<Loaded<GenericModelInfo>> {
    const location = this.location;
    if (!location) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: 'No model is open.',
        remedy: 'Open an ONNX model first.',
      });
    }
    // $state objects are proxies, which cannot be posted to the worker.
    const plain = $state.snapshot(location);
    await this.threads.prepare(plain, backend, onProgress);
    const loaded = await this.runtime.load((service) =>
      loadTask(service, 'generic', plain, backend, onProgress),
    );
    if (this.location?.key === plain.key) this.adoptInputs(loaded.info.inputs);
    return loaded;
  }

  /** Opens another model: its inputs start over with default fills and symbol sizes. */
  open(model: ShownModel): Promise<void> {
    const previous = this.location?.key;
    if (previous !== undefined && previous !== model.location.key) {
      this.workbench.release('generic', previous);
    }
    this.model = model;
    this.fills = {};
    this.symbols = {};
    this.runToken++;
    this.runStatus = { kind: 'none' };
    return this.slot.load();
  }

  setFill(name: string, fill: InputFill): void {
    this.fills = { ...this.fills, [name]: fill };
  }

  setFillKind(input: ValueInfo, kind: FillKind): void {
    this.setFill(input.name, changeFillKind(input.dtype, this.fillOf(input), kind));
  }

  /** NaN (an emptied number field) is kept, so the form says which size is missing. */
  setSymbol(name: string, size: number): void {
    this.symbols = { ...this.symbols, [name]: size };
  }

  fillOf(input: ValueInfo): InputFill {
    return (
      (Object.hasOwn(this.fills, input.name) ? this.fills[input.name] : undefined) ?? defaultFill(input.dtype)
    );
  }

  private check(input: ValueInfo): InputCheck {
    const resolved = resolveDims(input.shape, this.symbols);
    if (!resolved.ok) return resolved;
    const problem = fillProblem(input.dtype, resolved.dims, this.fillOf(input));
    return problem === null ? resolved : { ok: false, reason: problem };
  }

  /** Default fills and symbol sizes for inputs and symbols not seen before; the user's choices are kept. */
  private adoptInputs(inputs: readonly ValueInfo[]): void {
    const fills = { ...this.fills };
    for (const input of inputs)
      if (!Object.hasOwn(fills, input.name)) fills[input.name] = defaultFill(input.dtype);
    const symbols = { ...this.symbols };
    for (const symbol of symbolicDims(inputs.map((input) => input.shape))) {
      if (!Object.hasOwn(symbols, symbol)) symbols[symbol] = DEFAULT_SYMBOL_SIZE;
    }
    this.fills = fills;
    this.symbols = symbols;
  }

  /** The last run, for Look inside; null until the view has run the model. */
  get runTarget(): RunTarget | null {
    const loaded = this.slot.loaded;
    if (this.runStatus.kind !== 'done' || !loaded || !this.model) return null;
    return { task: 'generic', model: this.model, backend: loaded.backend, viewLabel: 'Tensors' };
  }

  async run(): Promise<void> {
    const loaded = this.slot.loaded;
    const location = this.location;
    if (!loaded || !location || this.runStatus.kind === 'running') return;
    const specs: Record<string, GenericInputSpec> = {};
    for (const input of this.inputs) {
      const check = this.checks[input.name] ?? this.check(input);
      if (!check.ok) {
        this.runStatus = { kind: 'hint', message: `Input ${input.name}: ${check.reason}` };
        return;
      }
      specs[input.name] = { dims: check.dims, fill: $state.snapshot(this.fillOf(input)) };
    }
    const token = ++this.runToken;
    this.runStatus = { kind: 'running' };
    try {
      const run = await this.runtime.run((service) =>
        service.runGeneric(location.key, loaded.backend, specs),
      );
      if (token === this.runToken) this.runStatus = { kind: 'done', run };
    } catch (error) {
      // A stopped run is told by the view's stop notice, not as a failure.
      if (token === this.runToken) {
        this.runStatus = isStoppedRun(error)
          ? { kind: 'none' }
          : { kind: 'failed', error: toErrorData(error) };
      }
    }
  }
}
