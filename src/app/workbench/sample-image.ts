// The bundled sample images (public/samples/), offered and fetched the same way by every image view:
// detection, image classification, segmentation and depth.
import type { ErrorData } from '../../lib/errors.ts';

/** Bundled images; `model` is the embedded model they suit (photos of COCO things, or drawn shapes). */
export const SAMPLE_IMAGES = [
  { file: 'chelsea.jpg', title: 'Chelsea the cat (CC0)', model: 'nanodet-coco' },
  { file: 'astronaut.jpg', title: 'Astronaut (NASA, public domain)', model: 'nanodet-coco' },
  { file: 'coffee.jpg', title: 'Coffee (CC0)', model: 'nanodet-coco' },
  { file: 'rocket.jpg', title: 'Rocket (NASA, public domain)', model: 'nanodet-coco' },
  { file: 'shapes-1.png', title: 'Generated shapes', model: 'shapes-yolov8' },
  { file: 'shapes-2.png', title: 'Generated shapes', model: 'shapes-yolov8' },
  { file: 'shape-1.png', title: 'One generated shape', model: 'shapes-classifier' },
  { file: 'shape-2.png', title: 'One generated shape', model: 'shapes-classifier' },
  {
    file: 'shape-3.png',
    title: 'One generated shape (the classifier gets it wrong)',
    model: 'shapes-classifier',
  },
  { file: 'segment-1.png', title: 'Generated shapes scene', model: 'shapes-segmenter' },
  { file: 'segment-2.png', title: 'Generated shapes scene', model: 'shapes-segmenter' },
  { file: 'depth-1.png', title: 'Generated scene with known depth', model: 'shapes-depth' },
] as const;

export type SampleImage = (typeof SAMPLE_IMAGES)[number];

/** The samples offered with a model: an embedded model gets the ones it knows; any other model, all. */
export function samplesFor(catalogId: string | null): readonly SampleImage[] {
  const suited = SAMPLE_IMAGES.filter((sample) => sample.model === catalogId);
  return suited.length > 0 ? suited : SAMPLE_IMAGES;
}

/** Fetches a sample by file name, relative to the page (so it works under any base path and offline). */
export async function fetchSample(file: string): Promise<Blob> {
  const response = await fetch(new URL(`samples/${file}`, document.baseURI).href);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.blob();
}

/** The one sentence a view shows when a sample could not be fetched. */
export function sampleFailure(file: string, error: unknown): ErrorData {
  return {
    code: 'fetch-failed',
    message: `The sample image ${file} could not be loaded.`,
    remedy: 'Reload the page; if it persists, the samples folder is missing from the build.',
    detail: error instanceof Error ? error.message : String(error),
  };
}
