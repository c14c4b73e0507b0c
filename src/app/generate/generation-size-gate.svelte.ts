// Before the generate view downloads a hub model: its size from the hub's file listing, shown, and held
// against the device's memory — a warning the user can go past, or a refusal over what a browser can
// load at all (src/lib/tasks/text-generation/download-size.ts). A listing that cannot be read (offline,
// a mirror without the tree API) lets the download go ahead, as before, with a sentence.
import { toErrorData } from '../../lib/errors.ts';
import {
  hubTreeUrl,
  parseTreeListing,
  variantBytes,
  variantsInListing,
  type Dtype,
} from '../../lib/sources/hub.ts';
import { downloadVerdict, type DownloadVerdict } from '../../lib/tasks/text-generation/download-size.ts';
import type { ShownModel } from '../workbench/shown-model.ts';

type GatedModel = Pick<ShownModel, 'location' | 'name' | 'shared'>;

export type SizeGateState =
  | { kind: 'idle' }
  | { kind: 'checking'; name: string }
  /** verdict ok: downloading; warn: waiting for the user; refuse: not downloaded. */
  | { kind: 'checked'; model: GatedModel; verdict: DownloadVerdict }
  | { kind: 'unknown'; sentence: string };

/** Bytes of the dtype's variant in the repo's onnx/ folder, from the hub's tree API; null if not listed. */
async function listedBytes(
  hubUrl: string,
  repo: string,
  revision: string,
  dtype: Dtype,
): Promise<number | null> {
  const response = await fetch(hubTreeUrl(hubUrl, repo, revision, 'onnx'));
  if (!response.ok) return null;
  const variant = variantsInListing(parseTreeListing(await response.json())).find((v) => v.dtype === dtype);
  return variant ? variantBytes(variant) : null;
}

function reportedMemory(): number | null {
  const memory = (globalThis.navigator as { deviceMemory?: unknown } | undefined)?.deviceMemory;
  return typeof memory === 'number' ? memory : null;
}

export class GenerationSizeGate {
  state = $state.raw<SizeGateState>({ kind: 'idle' });
  private token = 0;

  constructor(
    private readonly open: (model: GatedModel) => Promise<void>,
    private readonly deviceMemory: () => number | null = reportedMemory,
  ) {}

  /** Lists model's size, says it, and opens it unless it is refused or waits for the user's word. */
  async check(
    model: GatedModel,
    hub: { url: string; repo: string; revision: string; dtype: Dtype },
  ): Promise<void> {
    const token = ++this.token;
    this.state = { kind: 'checking', name: model.name };
    let bytes: number | null;
    let problem = 'the hub did not list it';
    try {
      bytes = await listedBytes(hub.url, hub.repo, hub.revision, hub.dtype);
    } catch (error) {
      bytes = null;
      problem = toErrorData(error).message;
    }
    if (token !== this.token) return;
    if (bytes === null) {
      this.state = {
        kind: 'unknown',
        sentence: `The size of ${model.name} is not known before the download (${problem}).`,
      };
      await this.open(model);
      return;
    }
    const verdict = downloadVerdict(model.name, bytes, this.deviceMemory());
    this.state = { kind: 'checked', model, verdict };
    if (verdict.kind === 'ok') await this.open(model);
  }

  /** The user goes past the warning: the model downloads. */
  async confirm(): Promise<void> {
    const state = this.state;
    if (state.kind !== 'checked' || state.verdict.kind !== 'warn') return;
    this.state = { ...state, verdict: { ...state.verdict, kind: 'ok' } };
    await this.open(state.model);
  }

  /** The user does not download the model after the warning. */
  cancel(): void {
    this.token++;
    this.state = { kind: 'idle' };
  }
}
