// The image-classification view's calls into the inference worker, kept apart from the service so each
// stays small: classify an image file or frame (decoded here), and a class activation map from a capture of
// the last run's pooled activations.
import type { ClassActivationMapRun, ImageClassificationRun } from '../../src/contracts/inference.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { classActivationMap } from '../../src/lib/explain/class-activation-map.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import type { ImagePreprocessing } from '../../src/lib/tasks/image-classification/preprocessor-config.ts';
import type { CaptureEngine } from './capture/capture-engine.ts';
import { decodeImage } from '../shared/decode-image.ts';
import type { ImageClassifier } from './tasks/image-classifier.ts';
import {
  hasTransparency,
  imageFileNotes,
  readImageHeader,
} from '../../src/lib/tasks/image-classification/image-file-notes.ts';

/** Enough of a file for its headers: EXIF and ICC segments come before a JPEG's frame header. */
const HEADER_BYTES = 256 * 1024;

export async function classifyImageSource(
  classifier: ImageClassifier,
  backend: Backend,
  source: Blob | ImageBitmap,
  trial: ImagePreprocessing | null = null,
): Promise<ImageClassificationRun> {
  const started = performance.now();
  const decoded = await decodeImage(source);
  const decodeMs = performance.now() - started;
  const header =
    source instanceof Blob
      ? readImageHeader(new Uint8Array(await source.slice(0, HEADER_BYTES).arrayBuffer()))
      : null;
  const inputNotes = header ? imageFileNotes(header, hasTransparency(decoded.image.data)) : [];
  const original = { width: decoded.originalWidth, height: decoded.originalHeight };
  const result = await classifier.classify(backend, decoded.image, original, trial);
  return {
    ...result,
    originalWidth: decoded.originalWidth,
    originalHeight: decoded.originalHeight,
    decodeMs,
    inputNotes,
  };
}

/**
 * The CAM of classIndex on the classifier's last run: captures only the pooled activations (in a session
 * of the capture engine's own, the view's session untouched), weighs them by the class's linear weights,
 * and releases the capture.
 */
export async function camOfLastRun(
  classifier: ImageClassifier,
  captures: CaptureEngine,
  modelKey: string,
  backend: Backend,
  classIndex: number,
): Promise<ClassActivationMapRun> {
  const started = performance.now();
  const cam = classifier.cam;
  if (!cam.found) {
    throw new GlassboxError({
      code: 'output-layout-unsupported',
      message: cam.reason,
      remedy: 'Use the occlusion map: it works for any classifier.',
    });
  }
  const { features, path } = cam.structure;
  const source = classifier.captureSource();
  const capture = await captures.capture(modelKey, source, backend, { names: [features] });
  try {
    const tensor = await captures.tensor(capture.captureId, features);
    const map = classActivationMap({ dims: tensor.dims, data: tensor.data }, cam.structure, classIndex);
    const input = source.lastRun.input;
    return {
      classIndex,
      ...map,
      features,
      path,
      inputWidth: input.kind === 'image' ? input.inputWidth : map.width,
      inputHeight: input.kind === 'image' ? input.inputHeight : map.height,
      totalMs: performance.now() - started,
    };
  } finally {
    captures.release(capture.captureId);
  }
}
