// Whether this page can reach the network, from two signals: what the browser says (navigator.onLine and
// its online/offline events) and what happened to the last request the user asked for. Browsers differ
// on the first: some keep navigator.onLine true on a page their service worker served while the network
// is cut, so a request that got no answer at all counts too, until one gets an answer or the browser
// says it is online again. The views disable what needs the network and say why before anything fails.

export const OFFLINE_REASON =
  'You are offline: the hub and other web addresses cannot be reached. Embedded models, files from this computer and models saved for offline use still work.';

export const UNREACHABLE_REASON =
  'The last request got no answer: this computer may be offline. Embedded models, files from this computer and models saved for offline use still work.';

export class NetworkStatus {
  /** What the browser says. */
  browserOnline = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  /** A request the user asked for got no answer, and none has since. */
  unreachable = $state(false);

  /** Whether the browser says it is offline: then the actions that need the network are disabled. */
  get offline(): boolean {
    return !this.browserOnline;
  }

  /** The sentence to show, or null when nothing suggests the network is down. */
  get notice(): string | null {
    if (!this.browserOnline) return OFFLINE_REASON;
    // Only a hint: a server without CORS headers fails the same way, so nothing is disabled for it.
    return this.unreachable ? UNREACHABLE_REASON : null;
  }

  /** A request got no answer at all (fetch rejected): the network, or the server, cannot be reached. */
  reportUnreachable(): void {
    this.unreachable = true;
  }

  /** A request got an answer (any HTTP status): the network is there. */
  reportReachable(): void {
    this.unreachable = false;
  }

  private readonly update = (): void => {
    this.browserOnline = navigator.onLine;
    if (this.browserOnline) this.unreachable = false;
  };

  /** Starts listening; returns the function that stops (for a component's cleanup). */
  watch(): () => void {
    this.update();
    window.addEventListener('online', this.update);
    window.addEventListener('offline', this.update);
    return () => {
      window.removeEventListener('online', this.update);
      window.removeEventListener('offline', this.update);
    };
  }
}
