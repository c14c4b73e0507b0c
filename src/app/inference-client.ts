// Owns the inference worker: creates it, forwards calls over comlink, and notices when it dies.
// A crashed worker fails every call in flight with a typed error and is replaced on the next call.
import { proxy, releaseProxy, transfer, wrap, type Remote } from 'comlink';
import { GlassboxError } from '../lib/errors.ts';
import { installErrorTransfer } from '../../workers/error-transfer.ts';
import type { InferenceService } from '../../workers/inference-service.ts';
import { CRASH_FOR_TEST } from '../../workers/protocol.ts';

installErrorTransfer();

interface LiveWorker {
  worker: Worker;
  remote: Remote<InferenceService>;
  crashed: Promise<never>;
}

function crashError(detail: string): GlassboxError {
  return new GlassboxError({
    code: 'worker-crashed',
    message: 'The inference worker crashed.',
    remedy: 'Glassbox started a new worker; load the model again (it happens automatically) and retry.',
    detail,
  });
}

export class InferenceClient {
  private live: LiveWorker | null = null;

  /** onCrash: told once per crash, after in-flight calls have been rejected. */
  constructor(private readonly onCrash: (error: GlassboxError) => void = () => {}) {}

  private start(): LiveWorker {
    const worker = new Worker(new URL('../../workers/inference.worker.ts', import.meta.url), {
      type: 'module',
      name: 'glassbox-inference',
    });
    let reject: (error: GlassboxError) => void = () => {};
    const crashed = new Promise<never>((_, rejectCrash) => {
      reject = rejectCrash;
    });
    // Only calls that race against it observe the rejection; keep it from being reported as unhandled.
    crashed.catch(() => undefined);
    const live: LiveWorker = { worker, remote: wrap<InferenceService>(worker), crashed };
    const fail = (detail: string): void => {
      if (this.live !== live) return;
      this.live = null;
      worker.terminate();
      const error = crashError(detail);
      reject(error);
      this.onCrash(error);
    };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      fail(event.message || 'uncaught error in the worker');
    });
    worker.addEventListener('messageerror', () => fail('a message from the worker could not be read'));
    return live;
  }

  /** Calls the service in the worker; rejects with worker-crashed if the worker dies meanwhile. */
  async call<T>(task: (service: Remote<InferenceService>) => Promise<T>): Promise<T> {
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

  /** Makes the worker throw an uncaught error (used by tests of the crash path). */
  simulateCrash(): void {
    this.live?.worker.postMessage(CRASH_FOR_TEST);
  }

  dispose(): void {
    if (!this.live) return;
    this.live.remote[releaseProxy]();
    this.live.worker.terminate();
    this.live = null;
  }
}
