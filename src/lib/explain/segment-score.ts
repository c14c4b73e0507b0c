// The score a segmentation occlusion map measures (pure), read on the model's own output grid
// [classes, h, w] (upsampling every occluded copy to the image would cost the map's whole budget, and the
// grid is what the model decided on): a class's area, the share of grid cells whose argmax is the class,
// or its mean probability over the cells the class held in the unoccluded run (smooth: a patch that
// weakens the class without flipping a cell still counts).
import type { Planes as Logits } from '../tasks/semantic-segmentation/upsample.ts';

export type SegmentMeasure = 'probability' | 'area';

/** What the map explains: a class and how its presence is measured. */
export interface SegmentTarget {
  classIndex: number;
  measure: SegmentMeasure;
}

function argmaxAt(logits: Logits, cell: number): number {
  const plane = logits.height * logits.width;
  let best = 0;
  let bestValue = -Infinity;
  for (let c = 0; c < logits.channels; c++) {
    const value = logits.data[c * plane + cell] ?? -Infinity;
    if (value > bestValue) {
      bestValue = value;
      best = c;
    }
  }
  return best;
}

/** 1 where the cell's argmax is classIndex (the class's pixels on the model's grid), else 0. */
export function classMask(logits: Logits, classIndex: number): Uint8Array {
  const plane = logits.height * logits.width;
  const mask = new Uint8Array(plane);
  for (let cell = 0; cell < plane; cell++) mask[cell] = argmaxAt(logits, cell) === classIndex ? 1 : 0;
  return mask;
}

/** The share of grid cells whose argmax is classIndex, 0..1. */
export function classArea(logits: Logits, classIndex: number): number {
  const mask = classMask(logits, classIndex);
  return mask.length === 0 ? 0 : mask.reduce((sum, on) => sum + on, 0) / mask.length;
}

/** The softmax probability of classIndex at one cell (max-shifted, so large logits stay finite). */
export function classProbabilityAt(logits: Logits, classIndex: number, cell: number): number {
  const plane = logits.height * logits.width;
  let max = -Infinity;
  for (let c = 0; c < logits.channels; c++) max = Math.max(max, logits.data[c * plane + cell] ?? -Infinity);
  let sum = 0;
  for (let c = 0; c < logits.channels; c++) sum += Math.exp((logits.data[c * plane + cell] ?? 0) - max);
  return Math.exp((logits.data[classIndex * plane + cell] ?? -Infinity) - max) / sum;
}

/**
 * The mean probability of classIndex over the cells the mask marks; over every cell when it marks none
 * (a class drawn in the upsampled map but nowhere argmax on the coarser grid).
 */
export function classMeanProbability(logits: Logits, classIndex: number, mask: Uint8Array): number {
  const plane = logits.height * logits.width;
  const anyMarked = mask.some((on) => on === 1);
  let sum = 0;
  let count = 0;
  for (let cell = 0; cell < plane; cell++) {
    if (anyMarked && mask[cell] !== 1) continue;
    sum += classProbabilityAt(logits, classIndex, cell);
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

/** The target's score on one run's logits; mask: the class's cells in the unoccluded run. */
export function segmentScore(logits: Logits, target: SegmentTarget, mask: Uint8Array): number {
  return target.measure === 'area'
    ? classArea(logits, target.classIndex)
    : classMeanProbability(logits, target.classIndex, mask);
}
