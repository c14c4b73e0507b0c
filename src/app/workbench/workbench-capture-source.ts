// The CaptureSource of the page: the capture methods of the inference worker that holds the view's model
// and its last run. Each view has its own worker, so a capture is asked of the worker of its task, and the
// calls that name a capture go back to the worker that made it.
import type { ModelTaskKind } from '../../lib/sources/model-location.ts';
import type { CaptureSource } from '../inspector/run-capture.svelte.ts';
import type { Workbench } from './workbench.svelte.ts';

export function workbenchCaptureSource(workbench: Workbench): CaptureSource {
  /** The task (and so the worker) of every capture made through this source. */
  const taskOfCapture = new Map<string, ModelTaskKind>();
  const runtimeOf = (captureId: string) => {
    const task = taskOfCapture.get(captureId);
    if (!task) throw new Error(`No capture ${captureId} was made on this page.`);
    return workbench.runtimeFor(task);
  };
  return {
    // A capture and a profile are runs: Stop and the time limit end them like any other run.
    async captureRun(task, modelKey, backend, options) {
      const result = await workbench
        .runtimeFor(task)
        .run((service) => service.captureRun(task, modelKey, backend, options));
      taskOfCapture.set(result.captureId, task);
      return result;
    },
    capturedTensor: (captureId, name, slice) =>
      runtimeOf(captureId).run((service) => service.capturedTensor(captureId, name, slice)),
    compareCaptures: (referenceId, otherId) =>
      runtimeOf(referenceId).call((service) => service.compareCaptures(referenceId, otherId)),
    profileRun: (task, modelKey, backend) =>
      workbench.runtimeFor(task).run((service) => service.profileRun(task, modelKey, backend)),
    stopRuns: (task) => workbench.runtimeFor(task).stop(),
    prepareReport: (request) =>
      runtimeOf(request.referenceId).call((service) => service.prepareReport(request)),
    async releaseCapture(captureId) {
      const runtime = runtimeOf(captureId);
      taskOfCapture.delete(captureId);
      await runtime.call((service) => service.releaseCapture(captureId));
    },
  };
}
