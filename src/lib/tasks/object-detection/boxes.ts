// Axis-aligned boxes: the xyxy type every detection function shares, overlap (IoU) and conversions.

/**
 * Corners of an axis-aligned box in pixels: (x1, y1) top-left, (x2, y2) bottom-right, x to the right and
 * y down. Which image the pixels belong to (model input or source) is said where a box is used.
 */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Area in square pixels; a box with x2 < x1 or y2 < y1 has no area rather than a negative one. */
export function boxArea(box: Box): number {
  return Math.max(0, box.x2 - box.x1) * Math.max(0, box.y2 - box.y1);
}

/**
 * Intersection over union in [0, 1]. Boxes that only touch along an edge share no area, so their IoU is 0;
 * two empty boxes also give 0 (not NaN), so an empty box never suppresses anything in NMS.
 */
export function iou(a: Box, b: Box): number {
  const overlapWidth = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const overlapHeight = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (overlapWidth <= 0 || overlapHeight <= 0) return 0;
  const intersection = overlapWidth * overlapHeight;
  const union = boxArea(a) + boxArea(b) - intersection;
  return union > 0 ? intersection / union : 0;
}

/** Centre x, centre y, width, height (the YOLO box encoding) → corners, in the same pixels. */
export function cxcywhToXyxy(cx: number, cy: number, width: number, height: number): Box {
  const halfWidth = width / 2;
  const halfHeight = height / 2;
  return { x1: cx - halfWidth, y1: cy - halfHeight, x2: cx + halfWidth, y2: cy + halfHeight };
}

/** Clamps each corner into [0, width] × [0, height], the pixel edges of an image of that size. */
export function clipBox(box: Box, width: number, height: number): Box {
  return {
    x1: clamp(box.x1, 0, width),
    y1: clamp(box.y1, 0, height),
    x2: clamp(box.x2, 0, width),
    y2: clamp(box.y2, 0, height),
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
