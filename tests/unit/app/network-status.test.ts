// The network signal the Models view acts on: the browser's online/offline word, and the requests the user
// asked for that got no answer (some browsers keep navigator.onLine true on a service-worker page while the
// network is cut).
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  NetworkStatus,
  OFFLINE_REASON,
  UNREACHABLE_REASON,
} from '../../../src/app/shell/network-status.svelte.ts';

function fakeBrowser(onLine: boolean): { window: EventTarget; navigator: { onLine: boolean } } {
  const browser = { window: new EventTarget(), navigator: { onLine } };
  vi.stubGlobal('window', browser.window);
  vi.stubGlobal('navigator', browser.navigator);
  return browser;
}

afterEach(() => vi.unstubAllGlobals());

describe('NetworkStatus', () => {
  it('says nothing while the browser is online and requests get answers', () => {
    fakeBrowser(true);
    const status = new NetworkStatus();
    status.watch();
    expect(status.offline).toBe(false);
    expect(status.notice).toBeNull();
  });

  it("follows the browser's offline and online events, and disables network actions only on its word", () => {
    const browser = fakeBrowser(true);
    const status = new NetworkStatus();
    const stop = status.watch();
    browser.navigator.onLine = false;
    browser.window.dispatchEvent(new Event('offline'));
    expect(status.offline).toBe(true);
    expect(status.notice).toBe(OFFLINE_REASON);
    browser.navigator.onLine = true;
    browser.window.dispatchEvent(new Event('online'));
    expect(status.offline).toBe(false);
    expect(status.notice).toBeNull();
    stop();
    browser.navigator.onLine = false;
    browser.window.dispatchEvent(new Event('offline'));
    expect(status.offline).toBe(false);
  });

  it('hints at a cut network when a request gets no answer though the browser says online', () => {
    const browser = fakeBrowser(true);
    const status = new NetworkStatus();
    status.watch();
    status.reportUnreachable();
    expect(status.notice).toBe(UNREACHABLE_REASON);
    // A server without CORS fails the same way, so nothing is disabled on this signal alone.
    expect(status.offline).toBe(false);
    status.reportReachable();
    expect(status.notice).toBeNull();
    status.reportUnreachable();
    browser.window.dispatchEvent(new Event('online'));
    expect(status.notice).toBeNull();
  });

  it('prefers the offline sentence when both signals say so', () => {
    fakeBrowser(false);
    const status = new NetworkStatus();
    status.watch();
    status.reportUnreachable();
    expect(status.notice).toBe(OFFLINE_REASON);
  });
});
