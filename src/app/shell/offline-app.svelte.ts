// Registers the production build's service worker (workers/offline/service-worker.ts, built to sw.js) and says
// whether this version of the app is kept for offline use. Registered from this bundled same-origin
// script (no inline script: the Content-Security-Policy allows only 'self'); dev builds register nothing.
import { OFFLINE_STATUS, type OfflineStatusReply } from '../../lib/offline/precache.ts';

export type OfflineAppState =
  | { kind: 'checking' }
  /** The dev server: no service worker, so that edits show at once. */
  | { kind: 'dev' }
  | { kind: 'saving' }
  | { kind: 'ready'; bytes: number; version: string }
  | { kind: 'unavailable'; reason: string };

export class OfflineApp {
  state = $state<OfflineAppState>({ kind: 'checking' });

  /** after: what must finish first (the first view's model), so the offline copy never slows it. */
  async start(after: Promise<unknown> = Promise.resolve()): Promise<void> {
    if (!import.meta.env.PROD) {
      this.state = { kind: 'dev' };
      // A production build once served from this same origin must not answer the dev server's files.
      const old = await navigator.serviceWorker?.getRegistrations().catch(() => []);
      await Promise.all((old ?? []).map((registration) => registration.unregister()));
      return;
    }
    const container = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
    if (!container) {
      this.state = {
        kind: 'unavailable',
        reason: 'this browser (or a private window) does not keep web apps for offline use',
      };
      return;
    }
    // After the page's own load and the first view's model, so the first visit's downloads and the first
    // result come first; the precache then mostly revalidates what the browser's HTTP cache holds.
    if (document.readyState !== 'complete') {
      await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
    }
    await after;
    try {
      await container.register(`${import.meta.env.BASE_URL}sw.js`);
    } catch (error) {
      this.state = { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
      return;
    }
    if (!container.controller) this.state = { kind: 'saving' };
    // Resolves once this build's worker is active, i.e. once every file of the build is cached.
    const registration = await container.ready;
    this.state = await this.askStatus(container, registration.active);
  }

  private askStatus(
    container: ServiceWorkerContainer,
    active: ServiceWorker | null,
  ): Promise<OfflineAppState> {
    return new Promise((resolve) => {
      if (!active) {
        resolve({ kind: 'saving' });
        return;
      }
      const onMessage = (event: MessageEvent): void => {
        const reply = event.data as OfflineStatusReply | null;
        if (reply?.kind !== OFFLINE_STATUS) return;
        container.removeEventListener('message', onMessage);
        resolve(
          reply.ready ? { kind: 'ready', bytes: reply.bytes, version: reply.version } : { kind: 'saving' },
        );
      };
      container.addEventListener('message', onMessage);
      container.startMessages();
      active.postMessage({ kind: OFFLINE_STATUS });
    });
  }
}
