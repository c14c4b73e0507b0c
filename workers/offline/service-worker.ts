// The service worker of the production build: keeps this build's app shell, hashed assets, ONNX Runtime
// files, embedded models and samples (lessons are inside the bundle) in one versioned cache and answers
// them cache-first, so a reload or a lesson link works without the network after the first visit.
// Cross-origin requests (the hub) and files not in this build are never touched: they go to the
// network as if there were no worker, and the saved-models store (glassbox-models-*) is not ours.
import {
  APP_SHELL,
  appCacheName,
  OFFLINE_STATUS,
  modelFolders,
  precacheAnswer,
  staleAppCaches,
  type OfflineStatusReply,
  type PrecacheManifest,
} from '../../src/lib/offline/precache.ts';

/** Replaced at build time by the list of this build's files (scripts/vite-plugin-service-worker.ts). */
declare const __PRECACHE_MANIFEST__: PrecacheManifest;

const worker = self as unknown as ServiceWorkerGlobalScope;
const manifest = __PRECACHE_MANIFEST__;
const cacheName = appCacheName(manifest.version);
const files = new Set(manifest.files);
const folders = modelFolders(files);
const scope = worker.registration.scope;

async function precache(): Promise<void> {
  const cache = await caches.open(cacheName);
  // 'no-cache' revalidates with the server: a file the HTTP cache kept from an older build is not
  // stored under this build's version. addAll stores all or nothing.
  await cache.addAll(manifest.files.map((path) => new Request(new URL(path, scope), { cache: 'no-cache' })));
}

worker.addEventListener('install', (event) => {
  // Take over at once: every file of the new build is cached before this worker activates.
  event.waitUntil(precache().then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const stale = staleAppCaches(await caches.keys(), manifest.version);
      await Promise.all(stale.map((name) => caches.delete(name)));
      await worker.clients.claim();
    })(),
  );
});

async function respond(request: Request, path: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  const cached = await cache.match(new URL(path, scope).href);
  if (cached) return cached;
  // Not cached (storage evicted it): the network, and keep the answer for next time.
  const response = await fetch(path === APP_SHELL ? new URL(APP_SHELL, scope).href : request);
  if (response.ok) await cache.put(new URL(path, scope).href, response.clone()).catch(() => undefined);
  return response;
}

/** The server's answer for a file an embedded model folder does not have (see scripts/vite-plugin-models.ts). */
function absent(path: string): Response {
  return new Response(`Not found: ${path}`, {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  const facts = { url: request.url, method: request.method, mode: request.mode };
  const answer = precacheAnswer(facts, scope, files, folders);
  if (answer?.kind === 'file') event.respondWith(respond(request, answer.path));
  else if (answer?.kind === 'absent') event.respondWith(absent(answer.path));
});

worker.addEventListener('message', (event) => {
  if ((event.data as { kind?: string } | null)?.kind !== OFFLINE_STATUS) return;
  void (async () => {
    const cache = await caches.open(cacheName);
    const ready = (await cache.keys()).length >= manifest.files.length;
    const reply: OfflineStatusReply = {
      kind: OFFLINE_STATUS,
      ready,
      version: manifest.version,
      files: manifest.files.length,
      bytes: manifest.bytes,
    };
    event.source?.postMessage(reply);
  })();
});
