// The rules of the offline app cache (the service worker, workers/offline/service-worker.ts): which requests it
// answers from its cache, what its cache is called for one build, and which old caches an update removes.
// Pure, so Node tests hold the rules: never a cross-origin (hub) request, never the saved-models store.

/** Written into the service worker at build time (scripts/vite-plugin-service-worker.ts). */
export interface PrecacheManifest {
  /** Content hash of every precached file: a new build with any change gets a new cache. */
  version: string;
  /** Paths relative to the worker's scope, e.g. "index.html", "assets/index-Bs5.js", "models/x/onnx/model.onnx". */
  files: string[];
  /** Their total size in bytes (shown on the page and in the docs). */
  bytes: number;
}

/** Every app cache starts with this; the hub models saved for offline use live in glassbox-models-*. */
export const APP_CACHE_PREFIX = 'glassbox-app-';

/** The one file a page navigation is answered with: the app shell. */
export const APP_SHELL = 'index.html';

export function appCacheName(version: string): string {
  return `${APP_CACHE_PREFIX}${version}`;
}

/** App caches of other builds, to delete once this build's worker is active; other caches are not ours. */
export function staleAppCaches(names: readonly string[], version: string): string[] {
  const current = appCacheName(version);
  return names.filter((name) => name.startsWith(APP_CACHE_PREFIX) && name !== current);
}

export interface RequestFacts {
  url: string;
  method: string;
  /** Request.mode: 'navigate' for a page load. */
  mode: string;
}

/** How the worker answers one request; null: it does not answer, the network does as without a worker. */
export type PrecacheAnswer =
  /** From the cache: this precached file (relative to the scope). */
  | { kind: 'file'; path: string }
  /**
   * A 404 like the server's: a file the build's embedded model folder does not have (an optional file such
   * as preprocessor_config.json), which offline could not be asked of the server.
   */
  | { kind: 'absent'; path: string };

/** Embedded model folders ("models/<id>/") of the build: the build holds all their files. */
export function modelFolders(files: Iterable<string>): Set<string> {
  const folders = new Set<string>();
  for (const file of files) {
    const match = /^models\/[^/]+\//.exec(file);
    if (match) folders.add(match[0]);
  }
  return folders;
}

/**
 * The answer to this request, or null to leave it to the network untouched: other origins (the hub, a
 * model server), other methods, paths outside the scope or not in this build (a ?models= mirror). A page
 * navigation to the scope (any query: ?lesson=…, ?task=…) gets the app shell.
 */
export function precacheAnswer(
  request: RequestFacts,
  scope: string,
  files: ReadonlySet<string>,
  folders: ReadonlySet<string> = modelFolders(files),
): PrecacheAnswer | null {
  if (request.method !== 'GET') return null;
  let url: URL;
  let base: URL;
  try {
    url = new URL(request.url);
    base = new URL(scope);
  } catch {
    return null;
  }
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.slice(base.pathname.length));
  } catch {
    return null;
  }
  if (request.mode === 'navigate') {
    return path === '' || path === APP_SHELL ? { kind: 'file', path: APP_SHELL } : null;
  }
  if (files.has(path)) return { kind: 'file', path };
  const folder = /^models\/[^/]+\//.exec(path)?.[0];
  return folder && folders.has(folder) && !path.includes('/../') ? { kind: 'absent', path } : null;
}

/** The message a page sends its service worker to ask about the offline cache, and the reply's kind. */
export const OFFLINE_STATUS = 'glassbox-offline-status';

export interface OfflineStatusReply {
  kind: typeof OFFLINE_STATUS;
  /** Every file of this build is in the cache. */
  ready: boolean;
  version: string;
  files: number;
  bytes: number;
}
