// One benchmark worker per backend configuration: started for it, terminated after it. Calls race
// against the worker crashing or being terminated (Cancel), so none is left hanging.
import { proxy, transfer, wrap, type Remote } from 'comlink';
import { GlassboxError } from '../../lib/errors.ts';
import { installErrorTransfer } from '../../contracts/errors.ts';
import type { BenchApi as BenchService } from '../../../workers/bench/bench.worker.ts';

installErrorTransfer();

export interface BenchWorkerHandle {
  call<T>(task: (service: Remote<BenchService>) => Promise<T>): Promise<T>;
  /** Stops the worker now; calls in flight reject with reason. */
  terminate(reason?: GlassboxError): void;
}

export function startBenchWorker(): BenchWorkerHandle {
  const worker = new Worker(new URL('../../../workers/bench/bench.worker.ts', import.meta.url), {
    type: 'module',
    name: 'glassbox-bench',
  });
  const remote = wrap<BenchService>(worker);
  let stop: (error: GlassboxError) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  // Only calls racing against it observe the rejection; keep it from being reported as unhandled.
  stopped.catch(() => undefined);
  let alive = true;
  const end = (error: GlassboxError): void => {
    if (!alive) return;
    alive = false;
    worker.terminate();
    stop(error);
  };
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    end(
      new GlassboxError({
        code: 'worker-crashed',
        message: 'The benchmark worker crashed (it may have run out of memory).',
        remedy: 'Try fewer iterations or a smaller model; the other configurations still run.',
        detail: event.message || 'uncaught error in the worker',
      }),
    );
  });
  return {
    call: (task) => (alive ? Promise.race([task(remote), stopped]) : stopped),
    terminate: (reason) =>
      end(
        reason ??
          new GlassboxError({
            code: 'bench-cancelled',
            message: 'The benchmark worker was stopped.',
            remedy: 'Run the benchmark again.',
          }),
      ),
  };
}

/** Wraps a progress callback so the worker can call it. */
export function remoteCallback<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return proxy(fn);
}

export function withTransfer<T>(value: T, transferables: Transferable[]): T {
  return transfer(value, transferables);
}
