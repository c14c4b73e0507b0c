// Where a catalog model's files are fetched from, as an absolute URL: workers resolve relative URLs
// against their own script, not the page, so they are always given absolute ones.
import { DEFAULT_MODEL_BASE, modelBaseFromQuery } from '../lib/catalog/model-base.ts';

/** folder: a catalog folder (models/<id>); `?models=/path/` on the page moves it to /path/<id>. */
export function absoluteFolder(folder: string): string {
  const base = modelBaseFromQuery(location.search);
  const moved = folder.startsWith(DEFAULT_MODEL_BASE)
    ? base + folder.slice(DEFAULT_MODEL_BASE.length)
    : folder;
  return new URL(moved, document.baseURI).href;
}
