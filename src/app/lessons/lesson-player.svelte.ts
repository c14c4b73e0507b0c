// State and actions of the lesson player: which lesson is open (bundled, from a dropped file, or named by
// ?lesson=), the current step, applying it to the page, and the live result of a try-it step's check.
import type { LessonFocus } from '../../lib/lessons/focus-field.ts';
import { parseLesson, type Lesson } from '../../lib/lessons/lesson-format.ts';
import { excerpt, visibleText } from '../../lib/visible-text.ts';
import { BUNDLED_LESSONS, LESSON_CONTEXT } from './bundled-lessons.ts';
import { applyStep, checkPassed, stepFocus, type LessonViews } from './lesson-host.ts';

/** A lesson file larger than this is not a lesson. */
const MAX_FILE_BYTES = 512 * 1024;

export class LessonPlayer {
  readonly bundled: Lesson[] = BUNDLED_LESSONS.flatMap((parsed) => (parsed.ok ? [parsed.lesson] : []));
  lesson = $state.raw<Lesson | null>(null);
  index = $state(0);
  applying = $state(false);
  /** Counts the steps applied, so the page can bring each step's focus into view once it is set. */
  applied = $state(0);
  /** What the current step is about on screen (null: the view as it is). */
  focus = $state.raw<LessonFocus | null>(null);
  /**
   * Why the last lesson could not be opened, one sentence per problem (raw state: a hostile file can
   * have 99,000, which a deep proxy would wrap one by one).
   */
  problems = $state.raw<string[]>([]);

  constructor(private readonly views: LessonViews) {}

  get step() {
    return this.lesson?.steps[this.index] ?? null;
  }

  /** For a try-it step: whether its check holds now; null for other steps. */
  get passed(): boolean | null {
    const check = this.step?.check;
    return check ? checkPassed(check, this.views) : null;
  }

  async open(lesson: Lesson): Promise<void> {
    this.problems = [];
    this.lesson = lesson;
    await this.go(0);
  }

  async openById(id: string): Promise<void> {
    const lesson = this.bundled.find((candidate) => candidate.id === id);
    if (lesson) await this.open(lesson);
    else
      this.problems = [
        `There is no lesson “${excerpt(id)}”; the bundled ones are ${this.bundled.map((l) => l.id).join(', ')}.`,
      ];
  }

  async openFile(file: File): Promise<void> {
    if (file.size > MAX_FILE_BYTES) {
      this.problems = [
        `${excerpt(file.name)} is ${file.size} bytes; a lesson file is Markdown text of at most 512 KB.`,
      ];
      return;
    }
    const parsed = parseLesson(await file.text(), LESSON_CONTEXT, file.name);
    if (parsed.ok) await this.open(parsed.lesson);
    // The sentences quote the file (its name, its lines): shown by the visible-characters rule.
    else this.problems = parsed.problems.map(visibleText);
  }

  async go(index: number): Promise<void> {
    const step = this.lesson?.steps[index];
    if (!step || this.applying) return;
    this.index = index;
    this.applying = true;
    try {
      await applyStep(step, this.views);
    } finally {
      this.applying = false;
      this.focus = stepFocus(step);
      this.applied++;
    }
  }

  close(): void {
    this.lesson = null;
    this.index = 0;
  }
}
