// What the lesson format's tests share: the context of the shipped catalog and samples, a one-lesson file
// around some steps, and the problems a parse of those steps reports.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { MODEL_CATALOG } from '../../../src/lib/catalog/model-catalog.ts';
import { parseLesson, type LessonContext } from '../../../src/lib/lessons/lesson-format.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

export const CONTEXT: LessonContext = {
  modelIds: MODEL_CATALOG.map((entry) => entry.id),
  sampleNames: readdirSync(resolve(ROOT, 'public/samples')),
};

export const lesson = (steps: string) => `---\nid: demo\ntitle: Demo\n---\n\n${steps}`;

export function problemsOf(steps: string): string[] {
  const parsed = parseLesson(lesson(steps), CONTEXT);
  return parsed.ok ? [] : parsed.problems;
}
