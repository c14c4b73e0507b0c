// A model as a view shows it: where its files are (ModelLocation), what its card says, and how a link
// names it. Catalog models carry their curated card; hub, URL and local models say what is known.
import {
  embeddedLocation,
  HUB_CATALOG,
  type CatalogEntry,
  type ModelTask,
} from '../../lib/catalog/model-catalog.ts';
import { DEFAULT_REVISION, hubLocation, type Dtype } from '../../lib/sources/hub.ts';
import type { ModelLocation } from '../../lib/sources/model-location.ts';
import type { SharedModel } from '../../lib/sources/share-state.ts';
import { urlLocation } from '../../lib/sources/url-policy.ts';
import { absoluteFolder } from './model-source.ts';

export interface ShownModel {
  location: ModelLocation;
  name: string;
  /** The task the card names; for models from outside the catalog, the task the page chose. */
  task: ModelTask | 'generic';
  source: string;
  licence: string;
  summary: string;
  isDemo: boolean;
  /** How a shared link names the model; null for files on this computer, which a link cannot carry. */
  shared: SharedModel | null;
}

export function shownCatalogModel(entry: CatalogEntry): ShownModel {
  return {
    location: embeddedLocation(entry, absoluteFolder(entry.folder)),
    name: entry.name,
    task: entry.task,
    source: entry.source,
    licence: entry.licence,
    summary: entry.summary,
    isDemo: entry.isDemo,
    shared: { kind: 'catalog', id: entry.id },
  };
}

export function shownHubModel(hubUrl: string, repo: string, revision: string, dtype: Dtype): ShownModel {
  const known = HUB_CATALOG.find((entry) => entry.repo === repo);
  const at = revision === DEFAULT_REVISION ? '' : ` at ${revision}`;
  return {
    location: hubLocation(hubUrl, repo, revision, dtype),
    name: known ? `${known.name} (${dtype})` : `${repo} (${dtype})`,
    task: known?.task ?? 'generic',
    source: `Hugging Face hub: ${repo}${at}, ${dtype} weights, from ${new URL(hubUrl).host}.`,
    licence: known?.licence ?? 'See the model page on the hub.',
    summary:
      known?.summary ??
      'A model from the hub. Glassbox knows only what its files say: check the model card on the hub for what it was trained on and how well it works.',
    isDemo: false,
    shared: { kind: 'hub', repo, revision, dtype },
  };
}

export function shownUrlModel(url: string): ShownModel {
  const location = urlLocation(url);
  return {
    location,
    name: location.label,
    task: 'generic',
    source: `Downloaded from ${url}`,
    licence: 'Unknown: check where the file came from.',
    summary: 'An ONNX file opened from an address. Glassbox knows only what the file itself says.',
    isDemo: false,
    shared: { kind: 'url', url },
  };
}

export function shownLocalModel(location: ModelLocation): ShownModel {
  return {
    location,
    name: location.label,
    task: 'generic',
    source: 'A file on this computer; it is read in this browser tab and never uploaded.',
    licence: 'Unknown: check where the file came from.',
    summary: 'An ONNX file opened from disk. Glassbox knows only what the file itself says.',
    isDemo: false,
    shared: null,
  };
}

/** The same model as the page decided to show it (its task may differ from what the card first said). */
export function withTask(model: ShownModel, task: ModelTask | 'generic'): ShownModel {
  return model.task === task ? model : { ...model, task };
}
