// The lesson checks of the segmentation and depth views (pure): the classes the segment legend lists for
// the image on screen, and a depth map of the participant's own image (a file, a paste or the webcam,
// not a sample); and the fields of their occlusion maps (class:, region:). The checks are parsed through
// text-task-fields.ts's parseTextTaskCheck, which the format asks first.
import type { DepthRegion } from '../explain/depth-region.ts';
import {
  parseRegion,
  parseSegmentClass,
  type SegmentClassName,
} from '../explain/dense-occlusion-settings.ts';

export type DenseCheck = { kind: 'segments-include'; label: string } | { kind: 'depth-of-own-image' };

/** The checks as written in a lesson ("LABEL" a class name of the segmenter). */
export const DENSE_CHECK_FORMS = ['segments include LABEL', 'depth map of your own image'] as const;

/** A check of these views, or undefined when the sentence is none of them. `text`: trimmed, lower case. */
export function parseDenseCheck(text: string): DenseCheck | undefined {
  if (text === 'depth map of your own image') return { kind: 'depth-of-own-image' };
  const match = /^segments include (\S.*)$/.exec(text);
  return match ? { kind: 'segments-include', label: match[1] ?? '' } : undefined;
}

/** The step fields of these views' occlusion maps (with patches: and action: occlude). */
export const DENSE_KEYS = ['class', 'region'] as const;

export interface DenseFields {
  /** The segmentation map's class, by label or index; null: the view's own choice (the largest shape). */
  occludeClass: SegmentClassName | null;
  /** The depth map's region; null: the view's own (the centre third). */
  region: DepthRegion | null;
}

export function parseDenseFields(
  settings: ReadonlyMap<string, string>,
  report: (key: string, problem: string) => void,
): DenseFields {
  const written = (key: (typeof DENSE_KEYS)[number]) => settings.get(key);
  const className = written('class');
  const region = written('region');
  return {
    occludeClass:
      className === undefined ? null : parseSegmentClass(className, (problem) => report('class', problem)),
    region: region === undefined ? null : parseRegion(region, (problem) => report('region', problem)),
  };
}
