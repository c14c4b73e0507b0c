// Where a catalog model's files are fetched from, as an absolute URL: workers resolve relative URLs
// against their own script, not the page, so they are always given absolute ones. The embedded models'
// folder is part of the app's configuration: this browser's setting MODEL_BASE_STORAGE_KEY (a mirror's
// path, or the e2e fixtures'), never a link — a link's ?models= is ignored with a sentence (share-state.ts).
import { browserStorage } from '../shell/browser-storage.ts';
import { checkModelBase, DEFAULT_MODEL_BASE } from '../../lib/catalog/model-base.ts';

export const MODEL_BASE_STORAGE_KEY = 'glassbox.modelsBase';

/** folder: a catalog folder (models/<id>); a configured base "/path/" moves it to /path/<id>. */
export function absoluteFolder(folder: string): string {
  const base = checkModelBase(browserStorage()?.getItem(MODEL_BASE_STORAGE_KEY));
  const moved = folder.startsWith(DEFAULT_MODEL_BASE)
    ? base + folder.slice(DEFAULT_MODEL_BASE.length)
    : folder;
  return new URL(moved, document.baseURI).href;
}
