// A fetch that serves the repository's files from disk, so worker services run in Node on the same
// URLs the browser uses (models/<id>/...), with 404 for missing files.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FetchLike } from '../../src/lib/loading/fetch-file.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
/** An origin that stands for the repository: fileFetch serves http://repo.test/<path> from <repo>/<path>. */
export const REPO_ORIGIN = 'http://repo.test/';

export function fileFetch(overrides: Record<string, Uint8Array<ArrayBuffer> | string> = {}): FetchLike {
  return async (url) => {
    const override = overrides[url];
    if (override !== undefined) return new Response(override);
    try {
      const path = url.startsWith(REPO_ORIGIN) ? decodeURIComponent(url.slice(REPO_ORIGIN.length)) : url;
      const bytes = await readFile(resolve(REPO_ROOT, path));
      return new Response(bytes, { headers: { 'content-length': String(bytes.byteLength) } });
    } catch {
      return new Response(`Not found: ${url}`, { status: 404 });
    }
  };
}
