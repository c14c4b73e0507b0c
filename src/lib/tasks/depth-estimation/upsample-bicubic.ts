// A depth map upsampled to the image as transformers' depth pipeline does it (DPTImageProcessor's
// post_process_depth_estimation): torch.nn.functional.interpolate(mode="bicubic", align_corners=False).
// Each output pixel's centre maps back to (o + 0.5) · in/out − 0.5 (not clamped, unlike bilinear), and
// weighs four neighbours per axis with Keys' cubic kernel at A = −0.75, PyTorch's; neighbours past an
// edge repeat the edge. Separable: a pass along rows, then along columns. Pure; goldens from PyTorch.

/** PyTorch's cubic convolution constant (upsample_bicubic2d). */
const A = -0.75;

/** For each output index: the first of its four input indices (before clamping) and their weights. */
function cubicTaps(inSize: number, outSize: number): { first: Int32Array; weights: Float64Array } {
  const first = new Int32Array(outSize);
  const weights = new Float64Array(outSize * 4);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const source = (o + 0.5) * scale - 0.5;
    const floor = Math.floor(source);
    const t = source - floor;
    first[o] = floor - 1;
    const near = (x: number): number => ((A + 2) * x - (A + 3)) * x * x + 1;
    const far = (x: number): number => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
    weights.set([far(t + 1), near(t), near(1 - t), far(2 - t)], o * 4);
  }
  return { first, weights };
}

const clamp = (index: number, size: number): number => Math.min(size - 1, Math.max(0, index));

/** One [height, width] map, row-major, upsampled to outHeight × outWidth (float32). */
export function upsampleBicubic(
  map: { data: ArrayLike<number>; height: number; width: number },
  outHeight: number,
  outWidth: number,
): Float32Array {
  const { data, height, width } = map;
  const xs = cubicTaps(width, outWidth);
  const ys = cubicTaps(height, outHeight);
  // Rows first: height × outWidth, in float64 so the second pass adds no rounding of its own.
  const rows = new Float64Array(height * outWidth);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) {
        const from = clamp((xs.first[x] as number) + k, width);
        sum += (data[y * width + from] as number) * (xs.weights[x * 4 + k] as number);
      }
      rows[y * outWidth + x] = sum;
    }
  }
  const out = new Float32Array(outHeight * outWidth);
  for (let y = 0; y < outHeight; y++) {
    for (let k = 0; k < 4; k++) {
      const from = clamp((ys.first[y] as number) + k, height) * outWidth;
      const weight = ys.weights[y * 4 + k] as number;
      for (let x = 0; x < outWidth; x++)
        out[y * outWidth + x] = (out[y * outWidth + x] as number) + (rows[from + x] as number) * weight;
    }
  }
  return out;
}
