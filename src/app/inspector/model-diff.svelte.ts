// Compare with another model…: the model open in the inspector against a file from disk (or a hub file
// when the inspector's model came from the hub), diffed in the inspector's worker; the changes painted on
// the open graph (the worker maps them to the boxes of the current view) and listed, each revealing its node.
import type { ChangeKind, ModelDiff, NodeDiff } from '../../lib/diff/diff-types.ts';
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import { hubResolveUrl, parseHubId } from '../../lib/sources/hub.ts';
import type {
  GraphView,
  InspectorProgress,
  InspectorSource,
  OpenedModel,
} from '../../contracts/inspector.ts';
import { readHubUrl } from '../shell/hub-settings.ts';
import type { InspectorClient } from './inspector-client.ts';
import { WorkerClient } from '../workbench/worker-client.ts';

export type ModelDiffStatus =
  | { kind: 'idle' }
  | { kind: 'working'; name: string; progress: InspectorProgress | null }
  | { kind: 'ready'; diff: ModelDiff }
  | { kind: 'failed'; name: string; error: ErrorData };

export type ChangeFilter = ChangeKind | 'all';

interface DiffContext {
  model: OpenedModel | null;
  view: GraphView | null;
  revealByName: (name: string) => Promise<boolean>;
}

export class ModelDiffView {
  status = $state.raw<ModelDiffStatus>({ kind: 'idle' });
  /** Box id of the current view → its mark; null when no diff is shown. */
  paint = $state.raw<Record<string, ChangeKind> | null>(null);
  filter = $state<ChangeFilter>('all');
  /** A sentence about the last jump that found no box (an added node with nothing aligned around it). */
  jumpNote = $state<string | null>(null);
  /** The model compared with (a new comparison is a new object: the value diff keys on it). */
  source = $state.raw<InspectorSource | null>(null);
  private token = 0;
  private paintedFor: { inspectedId: number; key: string } | null = null;

  constructor(
    private readonly client: InspectorClient,
    private readonly context: () => DiffContext,
  ) {}

  get diff(): ModelDiff | null {
    return this.status.kind === 'ready' ? this.status.diff : null;
  }

  get shownChanges(): NodeDiff[] {
    const diff = this.diff;
    if (!diff) return [];
    return this.filter === 'all'
      ? diff.changes
      : diff.changes.filter((change) => change.kind === this.filter);
  }

  compareWithFile(file: File): Promise<boolean> {
    return this.compare({ kind: 'file', file, name: file.name });
  }

  /** A hub id ("owner/name" or "owner/name@revision") and the .onnx file's path in the repo. */
  compareWithHub(id: string, path: string): Promise<boolean> {
    const parsed = parseHubId(id);
    const file = path.trim() || 'onnx/model.onnx';
    if (!parsed.ok) {
      this.status = {
        kind: 'failed',
        name: id,
        error: {
          code: 'model-file-invalid',
          message: parsed.reason,
          remedy: 'Enter a hub id such as owner/name.',
        },
      };
      return Promise.resolve(false);
    }
    const url = hubResolveUrl(readHubUrl(), parsed.repo, parsed.revision, file);
    return this.compare({
      kind: 'url',
      url,
      name: `${parsed.repo}@${parsed.revision}/${file}`,
      cached: true,
    });
  }

  async compare(source: InspectorSource): Promise<boolean> {
    const model = this.context().model;
    if (!model) return false;
    const token = ++this.token;
    this.source = source;
    this.status = { kind: 'working', name: source.name, progress: null };
    this.paint = null;
    this.paintedFor = null;
    // Progress comes through its own port and may arrive after the diff settled: ignored then.
    const onProgress = WorkerClient.callback((progress: InspectorProgress) => {
      if (token === this.token && this.status.kind === 'working')
        this.status = { kind: 'working', name: source.name, progress };
    });
    try {
      const diff = await this.client.call((service) =>
        service.diffWith(model.inspectedId, source, onProgress),
      );
      if (token !== this.token) return false;
      this.status = { kind: 'ready', diff };
      this.filter = 'all';
      await this.repaint();
      return true;
    } catch (error) {
      if (token === this.token)
        this.status = { kind: 'failed', name: source.name, error: toErrorData(error) };
      return false;
    }
  }

  /** Maps the diff's marks onto the boxes of the view on screen (after an expand, collapse or reopen). */
  async repaint(): Promise<void> {
    const { model, view } = this.context();
    if (!this.diff || !model || !view) return;
    const key = `${view.constantsShown}\n${[...view.expanded].sort().join('\n')}`;
    if (this.paintedFor?.inspectedId === model.inspectedId && this.paintedFor.key === key) return;
    this.paintedFor = { inspectedId: model.inspectedId, key };
    const paint = await this.client.call((service) =>
      service.diffPaint(model.inspectedId, view.expanded, view.constantsShown),
    );
    if (this.diff && this.context().model?.inspectedId === model.inspectedId) this.paint = paint;
  }

  /** Selects a node of the open graph by name (a value diff's node); a sentence when it cannot be shown. */
  async revealNode(name: string): Promise<void> {
    this.jumpNote = (await this.context().revealByName(name)) ? null : `${name} could not be shown.`;
  }

  /** Selects the change's node on the open graph (for an added node, where it attaches). */
  async jumpTo(change: NodeDiff): Promise<void> {
    const anchor = change.anchor;
    if (!anchor || anchor.name.startsWith('#')) {
      this.jumpNote = `${change.right?.name ?? 'This node'} has no aligned neighbour on this graph to show.`;
      return;
    }
    this.jumpNote = (await this.context().revealByName(anchor.name))
      ? null
      : `${anchor.name} could not be shown.`;
  }

  close(): void {
    this.token++;
    this.status = { kind: 'idle' };
    this.source = null;
    this.paint = null;
    this.paintedFor = null;
    this.jumpNote = null;
    void this.client.call((service) => service.clearDiff()).catch(() => undefined);
  }
}
