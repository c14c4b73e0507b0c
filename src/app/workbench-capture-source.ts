// The CaptureSource of the page: the inference worker's capture methods, called through the Workbench's
// client. MERGE NOTE: until the capture engine (branch `capture`) adds these methods to InferenceService,
// the service is viewed through CaptureSource here; once it lands, drop the `as unknown as` view and
// TypeScript checks the engine's signatures against CaptureSource.
import type { Remote } from 'comlink';
import type { CaptureSource } from './run-capture.svelte.ts';
import type { Workbench } from './workbench.svelte.ts';

type CaptureService = Remote<CaptureSource>;

export function workbenchCaptureSource(workbench: Workbench): CaptureSource {
  const call = <T>(task: (service: CaptureService) => Promise<T>): Promise<T> =>
    workbench.client.call((service) => task(service as unknown as CaptureService));
  return {
    captureRun: (task, modelKey, backend, options) =>
      call((service) => service.captureRun(task, modelKey, backend, options)),
    capturedTensor: (captureId, name, slice) =>
      call((service) => service.capturedTensor(captureId, name, slice)),
    compareCaptures: (referenceId, otherId) =>
      call((service) => service.compareCaptures(referenceId, otherId)),
    profileRun: (task, modelKey, backend) => call((service) => service.profileRun(task, modelKey, backend)),
    releaseCapture: (captureId) => call((service) => service.releaseCapture(captureId)),
  };
}
