// Where the embedded models are served from. By default models/<id>/ beside the page; `?models=/path/`
// points the app at another folder of the same origin (a mirror, or test fixtures). Only same-origin
// paths are accepted, so a link cannot make the "embedded" models come from a stranger's server.

export const DEFAULT_MODEL_BASE = 'models/';

const SAME_ORIGIN_PATH = /^\/(?!\/)[\w\-./]*\/$/;

/** The models folder named by the page's query string, or the default when absent or unsafe. */
export function modelBaseFromQuery(search: string): string {
  const value = new URLSearchParams(search).get('models');
  if (value === null || value.length > 200 || !SAME_ORIGIN_PATH.test(value) || value.includes('..')) {
    return DEFAULT_MODEL_BASE;
  }
  return value;
}

/** The folder of a catalog model under base: models/<id> by default. */
export function modelFolder(id: string, base: string = DEFAULT_MODEL_BASE): string {
  return `${base}${id}`;
}
