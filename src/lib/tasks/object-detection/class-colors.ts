// A stable colour per class index for boxes and labels, and the label text colour that stays readable on it.

/**
 * Kenneth Kelly's colours of maximum contrast (1965) without white and black: 20 hues that stay distinct
 * from each other, in his order, so neighbouring class indices differ most.
 */
export const CLASS_PALETTE: readonly string[] = [
  '#F3C300', // yellow
  '#875692', // purple
  '#F38400', // orange
  '#A1CAF1', // light blue
  '#BE0032', // red
  '#C2B280', // buff
  '#848482', // grey
  '#008856', // green
  '#E68FAC', // purplish pink
  '#0067A5', // blue
  '#F99379', // yellowish pink
  '#604E97', // violet
  '#F6A600', // orange yellow
  '#B3446C', // purplish red
  '#DCD300', // greenish yellow
  '#882D17', // reddish brown
  '#8DB600', // yellow green
  '#654522', // yellowish brown
  '#E25822', // reddish orange
  '#2B3D26', // olive green
];

export interface ClassColor {
  /** Box outline and label background, #RRGGBB. */
  color: string;
  /** Label text on that background: black or white, whichever contrasts more. */
  textColor: string;
}

/** The palette colour of a class; indices past the palette cycle (20 → the colour of 0). */
export function classColor(classIndex: number): ClassColor {
  const size = CLASS_PALETTE.length;
  const slot = ((Math.trunc(classIndex) % size) + size) % size;
  const color = CLASS_PALETTE[slot] ?? '#F3C300';
  return { color, textColor: readableTextColor(color) };
}

/**
 * '#000000' or '#FFFFFF', whichever has the higher WCAG contrast ratio with the background; the better of
 * the two is always at least 4.58:1, above the 4.5:1 WCAG asks of normal text.
 */
export function readableTextColor(background: string): '#000000' | '#FFFFFF' {
  return contrastRatio(background, '#000000') >= contrastRatio(background, '#FFFFFF') ? '#000000' : '#FFFFFF';
}

/** WCAG 2 contrast ratio of two #RRGGBB colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** WCAG 2 relative luminance of a #RRGGBB colour, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (match === null) throw new RangeError(`Expected a #RRGGBB colour, got "${hex}".`);
  const [r, g, b] = [match[1], match[2], match[3]].map((channel) => {
    const value = parseInt(channel ?? '0', 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}
