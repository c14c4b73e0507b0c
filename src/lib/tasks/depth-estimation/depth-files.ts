// What the depth view saves (pure): the model's own output as NumPy's .npy (float32, the model's
// resolution and shape, batch included, so np.load gives what ONNX Runtime gave), and the file names,
// made from the image's name and safe on every system (viewers/npy.ts, download-name.ts).
import { encodeNpy, safeFileStem } from '../../viewers/npy.ts';

/** The run's parts the .npy needs: the model's output and its shape. */
export interface ModelDepth {
  modelDepth: Float32Array;
  outputDims: readonly number[];
}

export function depthNpy(run: ModelDepth): Uint8Array<ArrayBuffer> {
  return encodeNpy(run.modelDepth, run.outputDims);
}

/**
 * "photo.jpg" → photo-depth.png (the coloured map as shown), photo-depth16.png (16-bit greyscale) and
 * photo-depth.npy (the model's values).
 */
export function depthFileNames(imageName: string | null): { png: string; png16: string; npy: string } {
  const stem = safeFileStem((imageName ?? 'webcam').replace(/\.[a-z0-9]{1,5}$/i, ''));
  return { png: `${stem}-depth.png`, png16: `${stem}-depth16.png`, npy: `${stem}-depth.npy` };
}
