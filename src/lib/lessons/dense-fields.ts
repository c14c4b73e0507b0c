// The lesson checks of the segmentation and depth views (pure): the classes the segment legend lists for
// the image on screen, and a depth map of the participant's own image (a file, a paste or the webcam,
// not a sample). Parsed through text-task-fields.ts's parseTextTaskCheck, which the format asks first.

export type DenseCheck = { kind: 'segments-include'; label: string } | { kind: 'depth-of-own-image' };

/** The checks as written in a lesson ("LABEL" a class name of the segmenter). */
export const DENSE_CHECK_FORMS = ['segments include LABEL', 'depth map of your own image'] as const;

/** A check of these views, or undefined when the sentence is none of them. `text`: trimmed, lower case. */
export function parseDenseCheck(text: string): DenseCheck | undefined {
  if (text === 'depth map of your own image') return { kind: 'depth-of-own-image' };
  const match = /^segments include (\S.*)$/.exec(text);
  return match ? { kind: 'segments-include', label: match[1] ?? '' } : undefined;
}
