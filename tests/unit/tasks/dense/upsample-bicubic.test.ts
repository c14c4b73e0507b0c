// The depth map's bicubic upsampling against PyTorch 1.13's F.interpolate(mode="bicubic",
// align_corners=False) on random maps (goldens made here with /usr/bin/python3, seed 0): up, up in both axes by
// odd factors, and a mix of down and up; and a flat map stays flat (the weights sum to 1).
import { describe, expect, it } from 'vitest';
import { upsampleBicubic } from '../../../../src/lib/tasks/depth-estimation/upsample-bicubic.ts';

const GOLDENS = [
  {
    height: 3,
    width: 4,
    outHeight: 7,
    outWidth: 5,
    input: [
      1.541, -0.29343, -2.17879, 0.56843, -1.08452, -1.3986, 0.40335, 0.83803, -0.71926, -0.40334, -0.59664,
      0.18204,
    ],
    torch: [
      1.94959, 0.63788, -1.78566, -1.87639, 0.72121, 1.31931, 0.17837, -1.53313, -1.32189, 0.75928, 0.04128,
      -0.80601, -1.03128, -0.14259, 0.87689, -1.06544, -1.50964, -0.56782, 0.72329, 0.86444, -1.21342,
      -1.27642, -0.44233, 0.49737, 0.61136, -0.81367, -0.62133, -0.53193, -0.23396, 0.30788, -0.7027,
      -0.35653, -0.5407, -0.52358, 0.15991,
    ],
  },
  {
    height: 4,
    width: 4,
    outHeight: 10,
    outWidth: 9,
    input: [
      0.4681, -0.15771, 1.44366, 0.26605, 0.16646, 0.87438, -0.14347, -0.11161, 0.93183, 1.25901, 2.00498,
      0.05374, 0.61806, -0.4128, -0.84106, -2.31604,
    ],
    torch: [
      0.58534, 0.35762, -0.18703, -0.21439, 0.72402, 1.58271, 1.33202, 0.52865, 0.16523, 0.49404, 0.34058,
      -0.03236, -0.0321, 0.66334, 1.27713, 1.04863, 0.41069, 0.11823, 0.23719, 0.25435, 0.27967, 0.33152,
      0.42895, 0.45768, 0.31707, 0.11945, 0.01967, 0.07714, 0.24972, 0.63197, 0.74942, 0.36457, -0.10451,
      -0.22302, -0.11412, -0.08491, 0.27323, 0.49141, 0.95175, 1.17226, 0.90966, 0.4658, 0.17851, 0.05061,
      -0.03976, 0.66842, 0.82686, 1.11376, 1.42324, 1.70576, 1.68615, 1.14917, 0.4555, 0.09962, 0.93166,
      0.96711, 0.99046, 1.19011, 1.73233, 1.94487, 1.22092, 0.17433, -0.35142, 0.88881, 0.78545, 0.56944,
      0.46314, 0.76297, 0.83888, 0.10526, -0.83747, -1.32201, 0.74915, 0.52218, 0.10816, -0.3181, -0.3764,
      -0.52438, -1.20188, -1.90695, -2.28658, 0.71176, 0.42371, -0.09284, -0.66237, -0.8533, -1.08007,
      -1.74999, -2.38284, -2.73189,
    ],
  },
  {
    height: 5,
    width: 3,
    outHeight: 2,
    outWidth: 6,
    input: [
      0.37039, 1.4565, 0.93981, 0.77485, 0.19187, 1.26379, -1.29044, -0.7911, -0.02088, -0.71848, 0.51864,
      -1.31252, 0.192, 0.54277, -2.21878,
    ],
    torch: [
      0.93468, 0.80262, 0.57588, 0.71694, 1.14614, 1.40433, -0.56938, -0.11802, 0.65412, 0.25496, -1.09011,
      -1.89837,
    ],
  },
];

describe('bicubic upsampling as PyTorch does it', () => {
  it.each(
    GOLDENS.map(
      (golden) =>
        [`${golden.height} × ${golden.width} → ${golden.outHeight} × ${golden.outWidth}`, golden] as const,
    ),
  )('%s', (_name, golden) => {
    const out = upsampleBicubic(
      { data: golden.input, height: golden.height, width: golden.width },
      golden.outHeight,
      golden.outWidth,
    );
    expect(out.length).toBe(golden.torch.length);
    golden.torch.forEach((value, i) => expect(out[i]).toBeCloseTo(value, 4));
  });

  it('keeps a flat map flat', () => {
    const out = upsampleBicubic(
      { data: new Float32Array(24 * 24).fill(0.25), height: 24, width: 24 },
      180,
      240,
    );
    expect(out.every((value) => Math.abs(value - 0.25) < 1e-6)).toBe(true);
  });
});
