// Where a box's label goes: above the box's top-left corner when there is room, else just inside the box,
// and always shifted so that the whole label lies inside the image.

export interface LabelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The label's rectangle, in image pixels, for a label of size width × height. */
export function placeLabel(
  box: Box,
  size: { width: number; height: number; imageWidth: number; imageHeight: number },
): LabelRect {
  const width = Math.min(size.width, size.imageWidth);
  const height = Math.min(size.height, size.imageHeight);
  const above = box.y1 - height;
  const y = above >= 0 ? above : Math.max(0, box.y1);
  return {
    x: clamp(box.x1, 0, size.imageWidth - width),
    y: clamp(y, 0, size.imageHeight - height),
    width,
    height,
  };
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), Math.max(low, high));
}
