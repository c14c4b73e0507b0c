// The precision ladder of the detection view: its own inference worker holds the detector and its last
// run; the examples are the view's sample images (fetched here once, decoded in the worker), and each
// variant's boxes are kept with the thresholds the view draws with, so "same boxes" means what the user
// would see.
import { GlassboxError } from '../../lib/errors.ts';
import type { DetectionPlayground } from '../detection/detection-playground.svelte.ts';
import { fetchSample, sampleFailure } from '../workbench/sample-image.ts';
import { listHubLadderFiles } from './ladder-source.ts';
import type { LadderSource, LadderSubject } from './precision-ladder.svelte.ts';

/** Sample images a ladder detects on: the few that suit the model (each is a run per variant). */
export const MAX_LADDER_IMAGES = 4;

/** Boxes kept per image, as the view draws at most (Ultralytics' max_det). */
const MAX_BOXES = 300;

export function detectionLadderSource(detection: DetectionPlayground): LadderSource {
  const fetched = new Map<string, Promise<Blob>>();
  const sample = (file: string): Promise<Blob> => {
    let blob = fetched.get(file);
    if (!blob) {
      blob = fetchSample(file).catch((error: unknown) => {
        fetched.delete(file);
        throw new GlassboxError(sampleFailure(file, error));
      });
      fetched.set(file, blob);
    }
    return blob;
  };
  const runtime = detection.runtime;
  return {
    measure: async (modelKey, backend, spec, examples, options) => {
      const images = await Promise.all(examples.map(sample));
      const filter = {
        scoreThreshold: detection.scoreThreshold,
        iouThreshold: detection.iouThreshold,
        maxDetections: MAX_BOXES,
      };
      return runtime.run((service) =>
        service.measureDetectionVariant(modelKey, backend, spec, images, filter, options),
      );
    },
    madeBytes: (modelKey, id) => runtime.call((service) => service.madeVariantBytes(modelKey, id)),
    hubFiles: listHubLadderFiles,
    prepareReport: (request) => runtime.call((service) => service.prepareReport(request)),
  };
}

/** The detection view's last run and the sample images that suit its model. */
export function detectionLadderSubject(detection: DetectionPlayground): LadderSubject {
  return {
    target: detection.runTarget,
    examples: detection.samples.slice(0, MAX_LADDER_IMAGES).map((sample) => sample.file),
  };
}
