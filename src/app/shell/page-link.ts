// The page's address as a shareable link: which view, which model, backend and input. Read once at start
// (applyLink in App) and rewritten as the user changes things, so the address bar is always the link.
import { catalogEntry, MODEL_CATALOG } from '../../lib/catalog/model-catalog.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import {
  decodeShareState,
  encodeShareState,
  MAX_SHARED_TEXT,
  SHARE_PARAMS,
  type DecodedShareState,
  type SharedModel,
  type ShareState,
  type ShareView,
} from '../../lib/sources/share-state.ts';
import { SYNTHETIC_PRESETS } from '../../lib/synthetic/index.ts';
import { SAMPLE_IMAGES } from '../workbench/sample-image.ts';
import {
  shownCatalogModel,
  shownHubModel,
  shownUrlModel,
  type ShownModel,
} from '../workbench/shown-model.ts';
import { openSyntheticModel } from '../models/synthetic-source.ts';

export function readLink(search: string, pageOrigin: string): DecodedShareState {
  return decodeShareState(search, {
    catalogIds: MODEL_CATALOG.map((entry) => entry.id),
    syntheticIds: SYNTHETIC_PRESETS.map((preset) => preset.id),
    sampleNames: SAMPLE_IMAGES.map((sample) => sample.file),
    pageOrigin,
  });
}

/**
 * The model a link names, as a view shows it; hub models come from this browser's hub address, synthetic
 * ones are generated (in a worker) first.
 */
export async function shownFromLink(model: SharedModel, hubUrl: string): Promise<ShownModel | null> {
  if (model.kind === 'synthetic') return openSyntheticModel(model.id);
  if (model.kind === 'catalog') {
    const entry = catalogEntry(model.id);
    return entry ? shownCatalogModel(entry) : null;
  }
  if (model.kind === 'hub') return shownHubModel(hubUrl, model.repo, model.revision, model.dtype);
  return shownUrlModel(model.url);
}

export interface ViewState {
  view: ShareView | null;
  model: ShownModel | null;
  /** How the link names a model that is not shown as a ShownModel (the lab's synthetic preset). */
  shared?: SharedModel | null;
  backend: Backend | null;
  text: string | null;
  /** The minimal pair's edited sentence, while a comparison is shown. */
  pair?: string | null;
  sample: string | null;
  overlay?: ShareState['overlay'];
  node?: ShareState['node'];
  /** The generate view's settings (seed, sampling, limits), so the link gives the same text. */
  generation?: ShareState['generation'];
  /** The answer view's question (its text is the context). */
  question?: string | null;
  /** The zero-shot view's labels, template and multi-label. */
  zeroShot?: ShareState['zeroShot'];
  /** The text view's precision ladder, once measured: its variants and threshold. */
  ladder?: ShareState['ladder'];
  /** Presenter mode is on. */
  present?: boolean;
  /** The classify view's [CLS] attention map, when the user chose one other than the default. */
  attention?: ShareState['attention'];
  /** The segment or depth view's occlusion map settings, while a map is asked for on the image shown. */
  occlusion?: ShareState['occlusion'];
}

/**
 * The address for the current view. Parameters other than the shared ones are kept as they were (a
 * link's ?models= among them: it is ignored, and said so, wherever the link is opened).
 */
export function linkFor(current: ViewState, href: string): { url: string; textTooLong: boolean } {
  const tooLong = (value: string | null | undefined): boolean =>
    value != null && [...value].length > MAX_SHARED_TEXT;
  const textTooLong = tooLong(current.text);
  const state: ShareState = {
    view: current.view,
    model: current.model?.shared ?? current.shared ?? null,
    backend: current.backend,
    text: textTooLong ? null : current.text,
    pair: tooLong(current.pair) ? null : (current.pair ?? null),
    sample: current.sample,
    overlay: current.overlay ?? null,
    node: current.node ?? null,
    generation: current.generation ?? null,
    question: tooLong(current.question) ? null : (current.question ?? null),
    zeroShot: current.zeroShot ?? null,
    ladder: current.ladder ?? null,
    present: current.present ?? false,
    attention: current.attention ?? null,
    occlusion: current.occlusion ?? null,
  };
  const url = new URL(href);
  const kept = new URLSearchParams();
  for (const [name, value] of url.searchParams) {
    if (!(SHARE_PARAMS as readonly string[]).includes(name)) kept.append(name, value);
  }
  const shared = new URLSearchParams(encodeShareState(state));
  for (const [name, value] of kept) shared.append(name, value);
  const query = shared.toString();
  url.search = query ? `?${query}` : '';
  return { url: url.href, textTooLong };
}
