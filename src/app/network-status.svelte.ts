// Whether the browser says it is online, kept current from its online/offline events, so the views can
// disable what needs the network and say why, before anything fails.

export const OFFLINE_REASON =
  'You are offline: the hub and other web addresses cannot be reached. Embedded models, files from this computer and models saved for offline use still work.';

export class NetworkStatus {
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  private readonly update = (): void => {
    this.online = navigator.onLine;
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
