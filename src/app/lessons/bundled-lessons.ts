// The lessons shipped in lessons/*.md, bundled into the app at build time (so they work offline), parsed
// against the catalog's models and the sample images.
import { MODEL_CATALOG } from '../../lib/catalog/model-catalog.ts';
import { parseLesson, type LessonContext, type ParsedLesson } from '../../lib/lessons/lesson-format.ts';
import { SAMPLE_IMAGES } from '../workbench/sample-image.ts';

const files = import.meta.glob('../../../lessons/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

export const LESSON_CONTEXT: LessonContext = {
  modelIds: MODEL_CATALOG.map((entry) => entry.id),
  sampleNames: SAMPLE_IMAGES.map((sample) => sample.file),
};

/** Every bundled lesson file except the format's README, parsed. */
export const BUNDLED_LESSONS: ParsedLesson[] = Object.entries(files)
  .filter(([path]) => !path.endsWith('README.md'))
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([path, source]) => parseLesson(source, LESSON_CONTEXT, path.split('/').pop()));
