// The bundled sample images (public/samples/), fetched the same way by every image view: detection,
// image classification, segmentation and depth.
import type { ErrorData } from '../../lib/errors.ts';

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
