// Owns one comlink worker: starts it on the first call, forwards calls, and notices when it dies. A
// crashed worker fails every call in flight with a typed error and is replaced on the next call.
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { GlassboxError } from '../lib/errors.ts';
import { installErrorTransfer } from '../../workers/error-transfer.ts';

installErrorTransfer();

interface LiveWorker<S> {
  worker: Worker;
  remote: Remote<S>;
  crashed: Promise<never>;
}

export interface WorkerClientOptions {
  /** Creates the worker; must contain `new Worker(new URL('…', import.meta.url))` so Vite bundles it. */
  spawn: () => Worker;
  /** Names the worker in the crash message ("The inference worker crashed."). */
  label: string;
  /** What the user should do after a crash. */
  crashRemedy: string;
  /** Told once per crash, after in-flight calls have been rejected. */
  onCrash?: (error: GlassboxError) => void;
}

export class WorkerClient<S> {
  private live: LiveWorker<S> | null = null;

  constructor(private readonly options: WorkerClientOptions) {}

  private start(): LiveWorker<S> {
    const worker = this.options.spawn();
    let reject: (error: GlassboxError) => void = () => {};
    const crashed = new Promise<never>((_, rejectCrash) => {
      reject = rejectCrash;
    });
    // Only calls that race against it observe the rejection; keep it from being reported as unhandled.
    crashed.catch(() => undefined);
    const live: LiveWorker<S> = { worker, remote: wrap<S>(worker), crashed };
    const fail = (detail: string): void => {
      if (this.live !== live) return;
      this.live = null;
      worker.terminate();
      const error = new GlassboxError({
        code: 'worker-crashed',
        message: `The ${this.options.label} worker crashed.`,
        remedy: this.options.crashRemedy,
        detail,
      });
      reject(error);
      this.options.onCrash?.(error);
    };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      fail(event.message || 'uncaught error in the worker');
    });
    worker.addEventListener('messageerror', () => fail('a message from the worker could not be read'));
    return live;
  }

  /** Calls the service in the worker; rejects with worker-crashed if the worker dies meanwhile. */
  async call<T>(task: (service: Remote<S>) => Promise<T>): Promise<T> {
    this.live ??= this.start();
    const { remote, crashed } = this.live;
    return Promise.race([task(remote), crashed]);
  }

  /** Wraps a callback so the worker can call it back (progress events). */
  static callback<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return proxy(fn);
  }

  /** Marks buffers or bitmaps to be moved, not copied, to the worker with value. */
  static transfer<T>(value: T, transferables: Transferable[]): T {
    return transfer(value, transferables);
  }

  /** Posts a raw message outside comlink (test hooks such as a simulated crash). */
  protected post(message: unknown): void {
    this.live?.worker.postMessage(message);
  }

  dispose(): void {
    if (!this.live) return;
    this.live.remote[releaseProxy]();
    this.live.worker.terminate();
    this.live = null;
  }
}
