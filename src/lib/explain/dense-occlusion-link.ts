// What a shared link to the segmentation or depth view carries of its occlusion map (pure): the grid, and
// for Segment the class (label or index) and measure, for Depth the region. A link that carries any of
// them runs the map once the link's run is shown. Written by someone else, so each value is checked and one
// sentence says what was dropped; a class label is only checked against the model's labels on replay.
import type { DepthRegion } from './depth-region.ts';
import {
  formatRegion,
  parseRegion,
  parseSegmentClass,
  type SegmentClassName,
} from './dense-occlusion-settings.ts';
import type { SegmentMeasure } from './segment-score.ts';

export const OCCLUSION_LINK_GRIDS = [4, 8, 12, 16] as const;
export const SEGMENT_MEASURES: readonly SegmentMeasure[] = ['probability', 'area'];

export type OcclusionLink =
  | { view: 'segment'; grid: number | null; className: SegmentClassName | null; measure: SegmentMeasure }
  | { view: 'depth'; grid: number | null; region: DepthRegion | null };

export const OCCLUSION_PARAMS = ['patches', 'class', 'measure', 'region'] as const;

/** The longest value read from any of these parameters; longer ones are refused unread. */
const MAX_VALUE = 100;

const excerpt = (value: string): string => Array.from(value).slice(0, 40).join('');

export function decodeOcclusionParams(
  params: URLSearchParams,
  view: string | null,
  problems: string[],
): OcclusionLink | null {
  const given = OCCLUSION_PARAMS.filter((name) => params.has(name));
  if (given.length === 0) return null;
  if (view !== 'segment' && view !== 'depth') {
    problems.push(
      `The link’s ${given.join(', ')} ${given.length > 1 ? 'were' : 'was'} ignored: ${given.length > 1 ? 'they apply' : 'it applies'} to the segment and depth views’ occlusion maps only.`,
    );
    return null;
  }
  const read = (name: (typeof OCCLUSION_PARAMS)[number]): string | null => {
    const value = params.get(name);
    if (value === null) return null;
    if (Array.from(value).length > MAX_VALUE) {
      problems.push(`The link’s ${name} was dropped: it is longer than ${MAX_VALUE} characters.`);
      return null;
    }
    return value;
  };
  const refuse = (name: string) => (problem: string) => {
    problems.push(`The link’s ${name} was ignored: ${problem}`);
  };
  const wrongView = (name: string, other: string): void => {
    if (params.has(name)) {
      problems.push(`The link’s ${name} was ignored: it applies to the ${other} view’s occlusion map only.`);
    }
  };
  const patches = read('patches');
  const grid = patches === null ? null : Number(patches);
  const gridKnown =
    (OCCLUSION_LINK_GRIDS as readonly number[]).includes(grid ?? NaN) && /^\d+$/.test(patches ?? '');
  if (patches !== null && !gridKnown) {
    problems.push(
      `The link’s patches “${excerpt(patches)}” is not one of ${OCCLUSION_LINK_GRIDS.join(', ')}, so the view’s grid is used.`,
    );
  }
  const checkedGrid = gridKnown ? grid : null;
  if (view === 'segment') {
    wrongView('region', 'depth');
    const written = read('class');
    const className = written === null ? null : parseSegmentClass(written, refuse('class'));
    const measure = read('measure');
    const known = measure !== null && (SEGMENT_MEASURES as readonly string[]).includes(measure);
    if (measure !== null && !known) {
      problems.push(
        `The link’s measure “${excerpt(measure)}” is not one of ${SEGMENT_MEASURES.join(', ')}, so probability is used.`,
      );
    }
    return {
      view,
      grid: checkedGrid,
      className,
      measure: known ? (measure as SegmentMeasure) : 'probability',
    };
  }
  wrongView('class', 'segment');
  wrongView('measure', 'segment');
  const written = read('region');
  const region = written === null ? null : parseRegion(written, refuse('region'));
  return { view, grid: checkedGrid, region };
}

/** Writes the settings into params (the class as the view names it: its label, else its index). */
export function encodeOcclusionParams(link: OcclusionLink, params: URLSearchParams): void {
  if (link.grid !== null) params.set('patches', String(link.grid));
  if (link.view === 'segment') {
    if (link.className) {
      params.set('class', 'label' in link.className ? link.className.label : String(link.className.index));
    }
    if (link.measure !== 'probability') params.set('measure', link.measure);
  } else if (link.region) {
    params.set('region', formatRegion(link.region));
  }
}
