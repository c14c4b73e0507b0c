// Opening a model from anywhere — the catalog, a hub id, an https URL, files on disk — with download
// progress and cancel, then handing it to the view its task calls for. A failed or cancelled open
// changes nothing: the views keep the models they had.
import { HUB_CATALOG } from '../../lib/catalog/model-catalog.ts';
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { LoadProgress } from '../../lib/progress.ts';
import {
  DEFAULT_REVISION,
  parseHubId,
  variantBytes,
  type Dtype,
  type HubVariant,
} from '../../lib/sources/hub.ts';
import { localLocation, type PickedFile } from '../../lib/sources/local-files.ts';
import type { ModelTaskKind } from '../../lib/sources/model-location.ts';
import { checkModelUrl } from '../../lib/sources/url-policy.ts';
import type { OpenedModel } from '../../contracts/inference.ts';
import { readHubUrl, writeHubUrl } from '../shell/hub-settings.ts';
import {
  fetchHubVariants,
  HubVariantList,
  type HubReachability,
  type VariantListing,
} from './hub-variants.svelte.ts';
import { InferenceClient } from '../workbench/inference-client.ts';
import { NetworkStatus } from '../shell/network-status.svelte.ts';
import { shownHubModel, shownLocalModel, shownUrlModel, type ShownModel } from '../workbench/shown-model.ts';
import type { ViewRuntime } from '../workbench/view-runtime.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';

export type OpenStatus =
  | { kind: 'idle' }
  | { kind: 'opening'; name: string; progress: LoadProgress | null }
  | { kind: 'opened'; model: ShownModel; opened: OpenedModel; task: ModelTaskKind }
  | { kind: 'failed'; name: string; error: ErrorData };

export type { VariantListing };

/** A file the user picked or dropped, with its path inside the picked folder. */
export interface LocalPick {
  file: File;
  path: string;
}

/**
 * Shows an opened model in the view of task. startedAt (performance.now()) is when the user asked for it,
 * so the page can tell whether they went to another tab while it downloaded.
 */
export type ShowModel = (model: ShownModel, task: ModelTaskKind, startedAt: number) => Promise<void>;

function rejected(message: string, remedy: string): GlassboxError {
  return new GlassboxError({ code: 'source-rejected', message, remedy });
}

export class ModelLibrary {
  status = $state.raw<OpenStatus>({ kind: 'idle' });
  hubUrl = $state(readHubUrl());
  /** Size of each hub catalog model's default variant, as the hub lists it; 'unknown' when unreachable. */
  hubSizes = $state.raw<Record<string, number | 'unknown'>>({});
  /** Whether the network is there: the browser's word, and whether this library's last request got an answer. */
  readonly network = new NetworkStatus();
  /** The hub's answers to what the user typed tell the network notice something. */
  private readonly reach: HubReachability = {
    reachable: () => this.network.reportReachable(),
    unreachable: () => this.network.reportUnreachable(),
  };
  /** The precisions of the repo typed in the hub box, with their sizes. */
  readonly hubVariants = new HubVariantList(() => this.hubUrl, this.reach);
  private openToken = 0;
  private localSerial = 0;
  /** blob: URLs of the last local model; revoked when another local model replaces it. */
  private localUrls: string[] = [];
  /** The worker the open in flight downloads in (what Cancel cancels). */
  private openingIn: ViewRuntime | null = null;

  constructor(
    private readonly workbench: Workbench,
    private readonly show: ShowModel,
    private readonly inspectModel: (model: ShownModel) => void = () => {},
  ) {}

  /** Opens the opened model's graph in the inspector. */
  inspect(): void {
    if (this.status.kind === 'opened') this.inspectModel(this.status.model);
  }

  /** Downloads (or reads from cache), detects the task, then shows the model in its view. */
  async open(model: ShownModel, task?: ModelTaskKind): Promise<boolean> {
    const token = ++this.openToken;
    const startedAt = performance.now();
    let settled = false;
    this.status = { kind: 'opening', name: model.name, progress: null };
    const onProgress = InferenceClient.callback((progress: LoadProgress) => {
      if (token === this.openToken && !settled) this.status = { kind: 'opening', name: model.name, progress };
    });
    const location = model.location;
    // Downloaded in the worker of the view it will most likely show in, which then does not download it
    // again; a model whose task turns out otherwise is read again (from the Cache API) by its own view.
    const runtime = this.workbench.runtimeFor(task ?? model.task);
    this.openingIn = runtime;
    try {
      const opened = await runtime.call((service) => service.openModel(location, onProgress));
      settled = true;
      if (location.origin === 'hub' || location.origin === 'url') this.network.reportReachable();
      if (token !== this.openToken) return false;
      const chosen = task ?? opened.detection.task;
      this.status = { kind: 'opened', model, opened, task: chosen };
      await this.show(model, chosen, startedAt);
      return true;
    } catch (error) {
      settled = true;
      if (error instanceof GlassboxError && error.code === 'network-unreachable')
        this.network.reportUnreachable();
      if (token === this.openToken)
        this.status = { kind: 'failed', name: model.name, error: toErrorData(error) };
      return false;
    }
  }

  /** Shows the opened model as another task than the one detected. */
  async overrideTask(task: ModelTaskKind): Promise<void> {
    if (this.status.kind !== 'opened' || this.status.task === task) return;
    this.status = { ...this.status, task };
    await this.show(this.status.model, task, performance.now());
  }

  async cancel(): Promise<void> {
    await this.openingIn?.call((service) => service.cancelDownloads());
  }

  fail(name: string, error: GlassboxError): void {
    this.openToken++;
    this.status = { kind: 'failed', name, error: toErrorData(error) };
  }

  async openHubId(text: string, dtype: Dtype, task?: ModelTaskKind): Promise<boolean> {
    const parsed = parseHubId(text);
    if (!parsed.ok) {
      this.fail(text, rejected(parsed.reason, 'Type the id as owner/name, as on the model page.'));
      return false;
    }
    return this.open(shownHubModel(this.hubUrl, parsed.repo, parsed.revision, dtype), task);
  }

  async openUrl(text: string, task?: ModelTaskKind): Promise<boolean> {
    const checked = checkModelUrl(text, location.origin);
    if (!checked.ok) {
      this.fail(text.slice(0, 80), rejected(checked.reason, 'Paste the https address of an .onnx file.'));
      return false;
    }
    return this.open(shownUrlModel(checked.url), task);
  }

  async openFiles(picks: readonly LocalPick[], folderName?: string): Promise<boolean> {
    const urls = picks.map((pick) => URL.createObjectURL(pick.file));
    const files: PickedFile[] = picks.map((pick, i) => ({
      path: pick.path,
      url: urls[i] ?? '',
      size: pick.file.size,
    }));
    const result = localLocation(files, ++this.localSerial, folderName);
    if (!result.ok) {
      for (const url of urls) URL.revokeObjectURL(url);
      this.fail(
        folderName ?? picks[0]?.path ?? 'files',
        rejected(result.reason, 'Choose an .onnx file, or a folder that holds one.'),
      );
      return false;
    }
    const opened = await this.open(shownLocalModel(result.location));
    const [keep, drop] = opened ? [urls, this.localUrls] : [this.localUrls, urls];
    for (const url of drop) URL.revokeObjectURL(url);
    this.localUrls = keep;
    return opened;
  }

  get variants(): VariantListing {
    return this.hubVariants.listing;
  }

  /** Lists the precision variants a hub repo has, with sizes (the hub's tree API). */
  listVariants(text: string): Promise<void> {
    return this.hubVariants.list(text);
  }

  /** Asks the hub for the size of each catalog model's default variant (once; offline they stay unknown). */
  async loadHubSizes(): Promise<void> {
    await Promise.all(
      HUB_CATALOG.map(async (entry) => {
        if (this.hubSizes[entry.repo] !== undefined) return;
        let size: number | 'unknown' = 'unknown';
        try {
          const variants = await this.fetchVariants(entry.repo, DEFAULT_REVISION, false);
          const variant = variants.find((v) => v.dtype === entry.defaultDtype);
          if (variant) size = variantBytes(variant);
        } catch {
          // offline or blocked: the catalog says the size is unknown
        }
        this.hubSizes = { ...this.hubSizes, [entry.repo]: size };
      }),
    );
  }

  /**
   * The precision variants in a repo's onnx/ folder, from the hub's tree API; throws when not listed.
   * userAsked: the user typed this repo, so its outcome tells the network notice something; the catalog's
   * background size lookups do not (the public hub is often unreachable at a workshop, by design).
   */
  private fetchVariants(repo: string, revision: string, userAsked: boolean): Promise<HubVariant[]> {
    return fetchHubVariants(this.hubUrl, repo, revision, userAsked ? this.reach : undefined);
  }

  setHubUrl(text: string): string | null {
    const result = writeHubUrl(text);
    if (!result.ok) return result.reason;
    this.hubUrl = result.url;
    this.hubSizes = {};
    return null;
  }
}
