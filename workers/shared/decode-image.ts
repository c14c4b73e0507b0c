// Decodes an image (file bytes, or a video frame as ImageBitmap) into RGBA pixels inside the worker,
// downscaling huge images first so a 10,000 × 10,000 photo never becomes a 400 MB pixel buffer here.
import { GlassboxError } from '../../src/lib/errors.ts';
import { fitWithin, type RgbaImage } from '../../src/lib/tasks/object-detection/letterbox.ts';

/** Longest side kept for detection; detectors read 320–1280 px, so more only costs memory. */
export const MAX_IMAGE_SIDE = 2048;

export interface DecodedImage {
  image: RgbaImage;
  /** Size before downscaling: boxes are scaled back to it for display. */
  originalWidth: number;
  originalHeight: number;
}

function undecodable(detail: string): GlassboxError {
  return new GlassboxError({
    code: 'image-invalid',
    message: 'This file could not be decoded as an image.',
    remedy: 'Choose a PNG, JPEG, WebP, GIF or BMP image; the file may be damaged or not an image at all.',
    detail,
  });
}

export async function decodeImage(source: Blob | ImageBitmap): Promise<DecodedImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = source instanceof Blob ? await createImageBitmap(source) : source;
  } catch (error) {
    throw undecodable(error instanceof Error ? error.message : String(error));
  }
  const originalWidth = bitmap.width;
  const originalHeight = bitmap.height;
  if (originalWidth === 0 || originalHeight === 0) {
    throw new GlassboxError({
      code: 'image-invalid',
      message: `The image is ${originalWidth}×${originalHeight} pixels: it has no pixels to look at.`,
      remedy: 'Choose an image at least 1 pixel wide and high.',
    });
  }
  const size = fitWithin({ width: originalWidth, height: originalHeight }, MAX_IMAGE_SIDE);
  try {
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d context on OffscreenCanvas');
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const pixels = context.getImageData(0, 0, size.width, size.height);
    return {
      image: { width: size.width, height: size.height, data: pixels.data },
      originalWidth,
      originalHeight,
    };
  } finally {
    bitmap.close();
  }
}
