// Owns one comlink worker: starts it on the first call, forwards calls, and notices when it dies. A
// worker that crashed, or that was stopped on purpose (stop(): the only way to cancel an ONNX Runtime
// run), fails every call in flight with a typed error and is replaced on the next call.
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { GlassboxError } from '../../lib/errors.ts';
import { installErrorTransfer } from '../../contracts/errors.ts';

installErrorTransfer();

interface LiveWorker<S> {
  worker: Worker;
  remote: Remote<S>;
  crashed: Promise<never>;
  /** Terminates the worker and fails its calls in flight with error; once. tell: whether onEnded hears. */
  end: (error: GlassboxError, tell?: boolean) => void;
}

export interface WorkerClientOptions {
  /** Creates the worker; must contain `new Worker(new URL('…', import.meta.url))` so Vite bundles it. */
  spawn: () => Worker;
  /** Names the worker in the crash message ("The inference worker crashed."). */
  label: string;
  /** What the user should do after a crash. */
  crashRemedy: string;
  /**
   * Told once each time the worker ends other than by dispose() — a crash (worker-crashed) or stop()
   * (the error given there) — after in-flight calls have been rejected.
   */
  onEnded?: (error: GlassboxError) => void;
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
    const live: LiveWorker<S> = { worker, remote: wrap<S>(worker), crashed, end: () => {} };
    live.end = (error, tell = true) => {
      if (this.live !== live) return;
      this.live = null;
      worker.terminate();
      reject(error);
      if (tell) this.options.onEnded?.(error);
    };
    const fail = (detail: string): void =>
      live.end(
        new GlassboxError({
          code: 'worker-crashed',
          message: `The ${this.options.label} worker crashed.`,
          remedy: this.options.crashRemedy,
          detail,
        }),
      );
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

  /** Whether a worker is running now (started and not ended). */
  get started(): boolean {
    return this.live !== null;
  }

  /**
   * Terminates the worker now: every call in flight rejects with error and onEnded is told; the next call
   * starts a fresh worker. Does nothing when no worker runs.
   */
  stop(error: GlassboxError): void {
    this.live?.end(error);
  }

  /**
   * Replaces the worker on purpose (a setting that its runtime reads once, such as the WASM thread count,
   * changed): calls in flight fail with error, onEnded is not told — the caller loads what it needs.
   */
  restart(error: GlassboxError): void {
    this.live?.end(error, false);
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
