// The segmentation and depth views' occlusion fields in a lesson step: class: (a label or an index) and
// region: (a 3 × 3 cell's name or x,y,w,h fractions) parsed with patches: and action: occlude; a bad value is
// one problem naming the step and the field; the "occlusion map shown" check counts these views' maps.
import { describe, expect, it } from 'vitest';
import { denseOcclusionShown, type DenseLessonViews } from '../../../src/app/lessons/lesson-dense.ts';
import { parseLesson } from '../../../src/lib/lessons/lesson-format.ts';

const CONTEXT = {
  modelIds: ['shapes-segmenter', 'shapes-depth'],
  sampleNames: ['segment-1.png', 'depth-1.png'],
};

function lesson(settings: string): ReturnType<typeof parseLesson> {
  return parseLesson(`---\nid: t\ntitle: T\n---\n\n## Step\n\n${settings}\n\nWords.\n`, CONTEXT);
}

describe('occlusion fields of the segment and depth views', () => {
  it('reads a class by label and the grid, with action: occlude', () => {
    const parsed = lesson('view: segment\nclass: Circle\npatches: 8\naction: occlude\nfocus: occlusion');
    expect(parsed.ok).toBe(true);
    const step = parsed.ok ? parsed.lesson.steps[0] : undefined;
    expect(step?.dense).toEqual({ occludeClass: { label: 'circle' }, region: null });
    expect(step?.patches).toBe(8);
    expect(step?.action).toBe('occlude');
  });

  it('reads a region by its cell name or fractions, and a class by index', () => {
    const cell = lesson('view: depth\nregion: bottom-left\nfocus: occlusion-map');
    expect(cell.ok && cell.lesson.steps[0]?.dense.region).toMatchObject({ x: 0, width: 1 / 3 });
    const fractions = lesson('view: depth\nregion: 0.5,0.5,0.25,0.25');
    expect(fractions.ok && fractions.lesson.steps[0]?.dense.region).toEqual({
      x: 0.5,
      y: 0.5,
      width: 0.25,
      height: 0.25,
    });
    const index = lesson('view: segment\nclass: 3');
    expect(index.ok && index.lesson.steps[0]?.dense.occludeClass).toEqual({ index: 3 });
  });

  it.each([
    ['class: ', 'field class'],
    [`class: ${'x'.repeat(1000)}`, 'field class'],
    ['class: 12345', 'field class'],
    ['region: NaN,0,0.5,0.5', 'field region'],
    ['region: -1,0,0.5,0.5', 'field region'],
    ['region: 0.9,0.9,0.5,0.5', 'field region'],
    ['region: middle', 'field region'],
  ])('refuses “%s” with one problem naming the step and the field', (setting, named) => {
    const parsed = lesson(`view: depth\n${setting}`);
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('Step 1');
    expect(problems[0]).toContain(named);
    expect(problems[0]?.length).toBeLessThan(400);
  });

  it('counts a segment or depth map of the image on screen as the occlusion map shown', () => {
    const views = (segment: unknown, depth: unknown) =>
      ({
        segment: { occlusion: { map: segment } },
        depth: { occlusion: { map: depth } },
      }) as unknown as DenseLessonViews;
    expect(denseOcclusionShown(views(null, null))).toBe(false);
    expect(denseOcclusionShown(views({}, null))).toBe(true);
    expect(denseOcclusionShown(views(null, {}))).toBe(true);
    expect(denseOcclusionShown({})).toBe(false);
  });
});
