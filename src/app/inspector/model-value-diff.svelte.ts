// Value diff on top of the model diff: when the inspector shows a view's run (Look inside) and a diff is
// open, the other model runs on that run's input in the view's worker, and each node of the open model
// gets the largest |Δ| of its outputs — listed beside the structural changes. The figures belong to one
// comparison and one view's model on one backend: another comparison or model hides them.
import type { InspectorSource } from '../../contracts/inspector.ts';
import type { NodeValueDiff, ValueDiff } from '../../lib/diff/value-diff.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { ModelTaskKind } from '../../lib/sources/model-location.ts';
import type { RunTarget } from './run-capture.svelte.ts';

/** Runs the other model on the target's last run in the worker of its view. */
export type ValueDiffRunner = (
  task: ModelTaskKind,
  modelKey: string,
  backend: Backend,
  other: Blob,
) => Promise<ValueDiff>;

export type ValueDiffStatus =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'ready'; diff: ValueDiff; viewLabel: string }
  | { kind: 'failed'; error: ErrorData };

/** The other model's bytes as a Blob: a file as it is, bytes wrapped, a hub file fetched (cached by the browser). */
async function blobOf(source: InspectorSource, fetchBlob: (url: string) => Promise<Blob>): Promise<Blob> {
  if (source.kind === 'file') return source.file;
  if (source.kind === 'bytes') return new Blob([source.bytes]);
  return fetchBlob(source.url);
}

async function fetchUrl(url: string): Promise<Blob> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return response.blob();
}

/**
 * The same model and backend of the same view: RunCapture hands out a new target object when it looks
 * inside again, so objects are not compared.
 */
function sameRun(a: RunTarget, b: RunTarget | null): boolean {
  return (
    b !== null &&
    a.task === b.task &&
    a.backend === b.backend &&
    a.model.location.key === b.model.location.key
  );
}

export class ModelValueDiff {
  status = $state.raw<ValueDiffStatus>({ kind: 'idle' });
  /** The (source, run) the status belongs to: reactive, so `current` follows a new measurement. */
  private measuredFor = $state.raw<{ source: InspectorSource; target: RunTarget } | null>(null);
  private token = 0;

  constructor(
    private readonly run: ValueDiffRunner,
    /** The run whose model the inspector shows (RunCapture.attachedTarget); null otherwise. */
    private readonly target: () => RunTarget | null,
    /** The model the open diff compares with; null when no diff is open. */
    private readonly other: () => InspectorSource | null,
    private readonly fetchBlob: (url: string) => Promise<Blob> = fetchUrl,
  ) {}

  /** A run is shown and a diff is open: the values can be compared. */
  get available(): boolean {
    return this.target() !== null && this.other() !== null;
  }

  /** The status, unless it belongs to another comparison or run (then idle). */
  get current(): ValueDiffStatus {
    const status = this.status;
    const measured = this.measuredFor;
    if (!measured || measured.source !== this.other() || !sameRun(measured.target, this.target()))
      return { kind: 'idle' };
    return status;
  }

  /** Per node of the open model, by name, while the figures are current. */
  get byNode(): Map<string, NodeValueDiff> {
    const current = this.current;
    return new Map(current.kind === 'ready' ? current.diff.nodes.map((node) => [node.node, node]) : []);
  }

  async measure(): Promise<boolean> {
    const target = this.target();
    const source = this.other();
    if (!target || !source) return false;
    const token = ++this.token;
    this.measuredFor = { source, target };
    this.status = { kind: 'working' };
    try {
      const other = await blobOf(source, this.fetchBlob);
      const diff = await this.run(target.task, target.model.location.key, target.backend, other);
      if (token !== this.token) return false;
      this.status = { kind: 'ready', diff, viewLabel: target.viewLabel };
      return true;
    } catch (error) {
      if (token === this.token) this.status = { kind: 'failed', error: toErrorData(error) };
      return false;
    }
  }
}
