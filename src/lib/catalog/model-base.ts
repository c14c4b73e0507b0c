// Where the embedded models are served from. By default models/<id>/ beside the page; the app's
// configuration (this browser's setting, src/app/workbench/model-source.ts — never a link) may point it at another
// folder of the same origin (a mirror, or test fixtures). Only same-origin paths are accepted, so the
// "embedded" models cannot come from a stranger's server.

export const DEFAULT_MODEL_BASE = 'models/';

const SAME_ORIGIN_PATH = /^\/(?!\/)[\w\-./]*\/$/;

/** A configured models folder ("/mirror/models/"), or the default when absent or unsafe. */
export function checkModelBase(value: string | null | undefined): string {
  if (value == null || value.length > 200 || !SAME_ORIGIN_PATH.test(value) || value.includes('..')) {
    return DEFAULT_MODEL_BASE;
  }
  return value;
}

/** The folder of a catalog model under base: models/<id> by default. */
export function modelFolder(id: string, base: string = DEFAULT_MODEL_BASE): string {
  return `${base}${id}`;
}
