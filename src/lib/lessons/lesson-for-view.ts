// Which lesson the header's picker offers first: one that opens on the view the user is looking at (the
// Benchmark tab offers "CPU or GPU?", Segment images the segmentation lesson), else the first of the list.
// The picker showed the first lesson alphabetically on every tab, a question-answering lesson in the lab.
import type { Lesson } from './lesson-format.ts';

/** Where several lessons open on one view, the one to start with (the others build on it). */
const INTRODUCTIONS: Readonly<Record<string, string>> = { text: 'tiny-bert-reads' };

/** The id of the view's introduction, else of the first lesson that opens on `view`, else the first; '' if none. */
export function lessonForView(lessons: readonly Lesson[], view: string): string {
  const opensHere = lessons.filter((lesson) => lesson.steps[0]?.view === view);
  const fitting = opensHere.find((lesson) => lesson.id === INTRODUCTIONS[view]) ?? opensHere[0];
  return (fitting ?? lessons[0])?.id ?? '';
}
