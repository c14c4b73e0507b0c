// The depth view's .npy holds the model's own output: written here, read back by the .npy reader (the
// inspector's, which also reads NumPy's own files), it has the model's shape and the same float32 values,
// NaN and infinities included; the file names come from the image's name and are safe on Windows.
import { describe, expect, it } from 'vitest';
import { depthFileNames, depthNpy } from '../../../../src/lib/tasks/depth-estimation/depth-files.ts';
import { decodeNpy } from '../../../../src/lib/viewers/npy.ts';

describe('depth downloads', () => {
  it('writes the model’s [1, h, w] output as .npy that loads back with its shape and values', () => {
    const modelDepth = Float32Array.from({ length: 2 * 3 }, (_, i) => 0.1 * i - 0.25);
    modelDepth[4] = Number.NaN;
    modelDepth[5] = Number.POSITIVE_INFINITY;
    const bytes = depthNpy({ modelDepth, outputDims: [1, 2, 3] });
    const header = new TextDecoder().decode(bytes.subarray(10, 80));
    expect(header).toContain("'descr': '<f4'");
    expect(header).toContain("'shape': (1, 2, 3)");
    const loaded = decodeNpy(bytes);
    expect(loaded.shape).toEqual([1, 2, 3]);
    expect(Array.from(loaded.data)).toEqual(Array.from(modelDepth));
  });

  it('keeps a [1, 1, h, w] output’s shape', () => {
    const loaded = decodeNpy(
      depthNpy({ modelDepth: new Float32Array(24 * 24).fill(2.5), outputDims: [1, 1, 24, 24] }),
    );
    expect(loaded.shape).toEqual([1, 1, 24, 24]);
    expect(loaded.data.every((v) => v === 2.5)).toBe(true);
  });

  it('refuses a shape that does not hold the values, rather than writing a broken file', () => {
    expect(() => depthNpy({ modelDepth: new Float32Array(5), outputDims: [1, 2, 3] })).toThrow(
      /holds 6 values/,
    );
  });

  it('names the files after the image, safe on every system', () => {
    expect(depthFileNames('depth-1.png')).toEqual({
      png: 'depth-1-depth.png',
      png16: 'depth-1-depth16.png',
      npy: 'depth-1-depth.npy',
    });
    expect(depthFileNames('my photo (2).JPEG').npy).toBe('my_photo_2-depth.npy');
    expect(depthFileNames('con.jpg').png).toBe('_con-depth.png');
    expect(depthFileNames(null).png).toBe('webcam-depth.png');
  });
});
