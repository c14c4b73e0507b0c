// A fetch that serves the repository's files from disk, so worker services run in Node on the same
// URLs the browser uses (models/<id>/...), with 404 for missing files.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FetchLike } from '../../src/lib/loading/fetch-file.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export function fileFetch(overrides: Record<string, Uint8Array<ArrayBuffer> | string> = {}): FetchLike {
  return async (url) => {
    const override = overrides[url];
    if (override !== undefined) return new Response(override);
    try {
      const bytes = await readFile(resolve(REPO_ROOT, url));
      return new Response(bytes, { headers: { 'content-length': String(bytes.byteLength) } });
    } catch {
      return new Response(`Not found: ${url}`, { status: 404 });
    }
  };
}
