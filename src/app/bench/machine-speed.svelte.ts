// This machine's speed now, for the lab's estimate: the speed probe (workers/bench/speed-probe.ts) run in
// a worker of its own for a fifth of a second when the lab opens and after each run, so the estimate is of
// this machine as busy as it is, not of the quiet machine its rates were fitted on.
import { speedScale, type SpeedProbeResult } from '../../lib/bench/estimate.ts';
import type { BenchWorkerHandle } from './bench-worker.ts';

export class MachineSpeed {
  /** The last probe's answer; null before the first (the estimate keeps its reference rates). */
  result = $state.raw<SpeedProbeResult | null>(null);
  private probing = false;

  constructor(private readonly startWorker: () => BenchWorkerHandle) {}

  /** The estimate's speed factor: 1 until a probe answered. */
  get scale(): number {
    return speedScale(this.result);
  }

  async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    const worker = this.startWorker();
    try {
      this.result = await worker.call((service) => service.speedProbe());
    } catch {
      // No answer (the worker could not start ONNX Runtime): the last figure, or the reference, stands.
    } finally {
      worker.terminate();
      this.probing = false;
    }
  }
}
