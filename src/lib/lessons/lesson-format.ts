// The lesson format (pure): a Markdown file with front matter (id, title, summary) and one "## " section
// per step. A step opens with "key: value" settings lines that set the app's state (view, model, backend,
// text, sample, action, pair, score/iou thresholds, the attention panel, feature maps, the inspector's
// overlay, benchmark and sweep settings, the Generate view's prompt and settings (generation-fields.ts),
// check), followed by the teacher's words. A step whose
// title starts with "Try it:" is a try-it-yourself step and must say, in `check`, what the app must show.
// Parsing never throws: a broken lesson gives one message per problem, naming the step and the field.

import type { SweepFamily } from '../synthetic/presets.ts';
import { visibleText } from '../visible-text.ts';
import { parseBlocks, type LessonBlock } from './lesson-blocks.ts';
import { parseFocus, type LessonFocus } from './focus-field.ts';
import { DENSE_KEYS, parseDenseFields, type DenseFields } from './dense-fields.ts';
import {
  GENERATION_CHECK_FORMS,
  GENERATION_KEYS,
  parseGenerationCheck,
  parseGenerationFields,
  type GenerationCheck,
  type GenerationFields,
} from './generation-fields.ts';
import {
  LADDER_CHECK_FORMS,
  LADDER_KEYS,
  parseLadderCheck,
  parseLadderFields,
  type LadderCheck,
  type LadderFields,
} from './ladder-fields.ts';
import {
  parseAttention,
  parseConfigs,
  parseFeatures,
  parseIterations,
  parseOverlay,
  parsePatches,
  parseSizes,
  parseSweep,
  type AttentionSetting,
  type LessonConfig,
  type OverlayMetric,
} from './step-fields.ts';
import {
  parseTextTaskCheck,
  parseTextTaskFields,
  TEXT_TASK_CHECK_FORMS,
  TEXT_TASK_KEYS,
  type TextTaskCheck,
  type TextTaskFields,
} from './text-task-fields.ts';

export const LESSON_VIEWS = [
  'text',
  'detection',
  'classify',
  'models',
  'tensors',
  'inspect',
  'bench',
  'generate',
  'fill-mask',
  'entities',
  'answer',
  'zero-shot',
  'embeddings',
  'segment',
  'depth',
] as const;
export type LessonView = (typeof LESSON_VIEWS)[number];
export const LESSON_BACKENDS = ['wasm', 'webgpu'] as const;
/**
 * What a step does after setting its state: classify the text, explain it, make an occlusion map of the
 * first detection, run the benchmark lab's plan, run the scale sweep, or generate text from the prompt.
 */
export const LESSON_ACTIONS = [
  'classify',
  'explain',
  'occlude',
  'benchmark',
  'sweep',
  'generate',
  'fill',
  /** The entities view finds the entities, the answer view answers, embeddings embeds or searches. */
  'find',
  'answer',
  'embed',
  'search',
] as const;
export type LessonAction = (typeof LESSON_ACTIONS)[number];

export type LessonCheck =
  | { kind: 'prediction'; label: string }
  | { kind: 'pair-flips' }
  | { kind: 'attributions-shown' }
  | { kind: 'occlusion-shown' }
  | { kind: 'score-threshold-at-most'; value: number }
  | { kind: 'iou-threshold-at-least'; value: number }
  | { kind: 'detections-at-least'; count: number }
  | { kind: 'attention-shown' }
  | { kind: 'feature-maps-shown' }
  | { kind: 'benchmark-done' }
  | { kind: 'node-times-shown' }
  | { kind: 'sweep-done' }
  /** The image-classification view: its top class, the class its maps explain, its CAM on screen. */
  | { kind: 'image-class'; label: string }
  | { kind: 'explained-class'; label: string }
  | { kind: 'cam-shown' }
  /** The fill-mask view's first blank has this filler on top (as it reads: "heavens", not "##s"). */
  | { kind: 'top-filler'; word: string }
  | TextTaskCheck
  | GenerationCheck
  | LadderCheck;

/** The checks a try-it step may use, as written in a lesson ("N" a number, "LABEL" a class name). */
export const CHECK_FORMS = [
  'prediction is LABEL',
  'pair flips the label',
  'attributions shown',
  'occlusion map shown',
  'score threshold at most N',
  'iou threshold at least N',
  'detections at least N',
  'attention shown',
  'feature maps shown',
  'benchmark done',
  'node times shown',
  'sweep done',
  'image class is LABEL',
  'explained class is LABEL',
  'class activation map shown',
  ...GENERATION_CHECK_FORMS,
  'top filler is WORD',
  ...TEXT_TASK_CHECK_FORMS,
  ...LADDER_CHECK_FORMS,
] as const;

/** Checks that are one fixed sentence. */
const FIXED_CHECKS: Record<string, LessonCheck> = {
  'pair flips the label': { kind: 'pair-flips' },
  'attributions shown': { kind: 'attributions-shown' },
  'occlusion map shown': { kind: 'occlusion-shown' },
  'attention shown': { kind: 'attention-shown' },
  'feature maps shown': { kind: 'feature-maps-shown' },
  'class activation map shown': { kind: 'cam-shown' },
  'benchmark done': { kind: 'benchmark-done' },
  'node times shown': { kind: 'node-times-shown' },
  'sweep done': { kind: 'sweep-done' },
};

export interface LessonStep {
  title: string;
  tryIt: boolean;
  view: LessonView | null;
  model: string | null;
  backend: (typeof LESSON_BACKENDS)[number] | null;
  text: string | null;
  sample: string | null;
  action: LessonAction | null;
  /** The minimal pair's edited sentence, compared with the first line of text. */
  pair: string | null;
  scoreThreshold: number | null;
  iouThreshold: number | null;
  /** Opens the text view's attention panel at this layer and head. */
  attention: AttentionSetting | null;
  /** Opens the feature maps at the explained box at this value ('default': the panel's own choice). */
  features: string | null;
  /** The occlusion map's patches per side. */
  patches: number | null;
  /** Looks inside the view's run in the inspector, coloured by this metric (time: nodes are timed). */
  overlay: OverlayMetric | null;
  /** The benchmark lab's configurations and iterations per configuration. */
  configs: LessonConfig[] | null;
  iterations: number | null;
  /** The scale sweep's family and sizes. */
  sweep: SweepFamily | null;
  sizes: string[] | null;
  /** The Generate view's prompt, settings, shown token, branch and logit lens. */
  generate: GenerationFields;
  /** The entities, answer, zero-shot and embeddings views' settings. */
  textTask: TextTaskFields;
  /** The text view's precision ladder: variants to measure, threshold, the variant to paint. */
  ladder: LadderFields;
  /** The segment and depth views' occlusion map: its class or region. */
  dense: DenseFields;
  check: LessonCheck | null;
  /** What the step talks about on screen: scrolled into view and outlined when the step opens. */
  focus: LessonFocus | null;
  /** The teacher's words, as paragraphs of plain text. */
  paragraphs: string[];
  /** The words in order: the paragraphs and the tables between them. */
  blocks: LessonBlock[];
}

export interface Lesson {
  id: string;
  title: string;
  summary: string;
  steps: LessonStep[];
}

export interface LessonContext {
  modelIds: readonly string[];
  sampleNames: readonly string[];
}

export type ParsedLesson = { ok: true; lesson: Lesson } | { ok: false; problems: string[] };

const STEP_KEYS = [
  'view',
  'model',
  'backend',
  'text',
  'sample',
  'action',
  'pair',
  'score',
  'iou',
  'attention',
  'features',
  'patches',
  'overlay',
  'configs',
  'iterations',
  'sweep',
  'sizes',
  ...GENERATION_KEYS,
  ...TEXT_TASK_KEYS,
  ...LADDER_KEYS,
  ...DENSE_KEYS,
  'check',
  'focus',
] as const;
const FRONT_KEYS = ['id', 'title', 'summary'] as const;
const SETTING = /^([a-z]+):\s?(.*)$/;
/** Longest lesson file accepted, in characters: lessons are short; a huge file is a mistake. */
export const MAX_LESSON_CHARS = 200_000;

export function parseLesson(source: string, context: LessonContext, name = 'the lesson'): ParsedLesson {
  const problems: string[] = [];
  if (source.length > MAX_LESSON_CHARS) {
    return {
      ok: false,
      problems: [`${name} is ${source.length} characters long; a lesson may have ${MAX_LESSON_CHARS}.`],
    };
  }
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return {
      ok: false,
      problems: [`${name} does not start with front matter (a line "---", then id: and title:).`],
    };
  }
  const end = lines.indexOf('---', 1);
  if (end < 0) return { ok: false, problems: [`${name}: the front matter is never closed by a line "---".`] };
  const front = readSettings(lines.slice(1, end), FRONT_KEYS, 'the front matter', problems);
  const id = front.get('id') ?? '';
  const title = front.get('title') ?? '';
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) {
    problems.push(`The front matter's id “${id}” must be lowercase letters, digits and dashes (at most 64).`);
  }
  if (title === '') problems.push('The front matter has no title.');

  const steps: LessonStep[] = [];
  let current: { title: string; lines: string[] } | null = null;
  const sections: Array<{ title: string; lines: string[] }> = [];
  for (const line of lines.slice(end + 1)) {
    if (line.startsWith('## ')) {
      current = { title: line.slice(3).trim(), lines: [] };
      sections.push(current);
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim() !== '' && !line.startsWith('# ')) {
      problems.push(`Text before the first step (“${line.trim().slice(0, 40)}”) belongs in a "## " step.`);
    }
  }
  if (sections.length === 0) problems.push(`${name} has no steps: each step starts with a line "## Title".`);
  sections.forEach((section, index) => steps.push(parseStep(section, index, context, problems)));
  return problems.length > 0
    ? { ok: false, problems }
    : {
        ok: true,
        lesson: { id, title: shown(title), summary: shown(front.get('summary') ?? ''), steps },
      };
}

/**
 * A lesson's words as the page shows them: tabs as spaces, and every other invisible or reordering
 * character (a right-to-left override, NUL, ESC) as its visible stand-in, as for any text from a file.
 */
function shown(text: string): string {
  return visibleText(text.replace(/\t/g, ' '));
}

function readSettings(
  lines: readonly string[],
  keys: readonly string[],
  where: string,
  problems: string[],
): Map<string, string> {
  const settings = new Map<string, string>();
  for (const line of lines) {
    if (line.trim() === '') continue;
    const match = SETTING.exec(line);
    const key = match?.[1] ?? '';
    if (!match || !keys.includes(key)) {
      problems.push(
        `${where}: “${line.trim().slice(0, 40)}” is not a setting; use one of ${keys.join(', ')}.`,
      );
      continue;
    }
    if (settings.has(key)) problems.push(`${where}: field ${key} is given twice.`);
    settings.set(key, (match[2] ?? '').trim());
  }
  return settings;
}

function parseStep(
  section: { title: string; lines: string[] },
  index: number,
  context: LessonContext,
  problems: string[],
): LessonStep {
  const where = `Step ${index + 1} (“${section.title || 'untitled'}”)`;
  if (section.title === '') problems.push(`${where} has no title after "## ".`);
  // Settings are the first lines that look like "key: value"; the teacher's words start after them.
  let first = 0;
  while (first < section.lines.length && section.lines[first]?.trim() === '') first++;
  let last = first;
  while (last < section.lines.length && SETTING.test(section.lines[last] ?? '')) last++;
  const settings = readSettings(section.lines.slice(first, last), STEP_KEYS, where, problems);
  const blocks = parseBlocks(section.lines.slice(last), (problem) => problems.push(`${where}: ${problem}`));
  const paragraphs = blocks.flatMap((block) => (block.kind === 'paragraph' ? [block.text] : []));
  const tryIt = /^try it\b/i.test(section.title);
  const field = (key: string, problem: string): void => {
    problems.push(`${where}, field ${key}: ${problem}`);
  };
  const oneOf = <T extends string>(key: string, choices: readonly T[]): T | null => {
    const value = settings.get(key);
    if (value === undefined) return null;
    if ((choices as readonly string[]).includes(value)) return value as T;
    field(key, `“${value.slice(0, 40)}” is not one of ${choices.join(', ')}.`);
    return null;
  };
  const threshold = (key: string): number | null => {
    const value = settings.get(key);
    if (value === undefined) return null;
    const number = Number(value);
    if (value === '' || !Number.isFinite(number) || number < 0 || number > 1) {
      field(key, `“${value.slice(0, 40)}” is not a number from 0 to 1.`);
      return null;
    }
    return number;
  };
  const text = settings.get('text') ?? null;
  const pair = settings.get('pair') ?? null;
  const action = oneOf('action', LESSON_ACTIONS);
  const check = settings.has('check')
    ? parseCheck(settings.get('check') ?? '', (p) => field('check', p))
    : null;
  if (tryIt && !settings.has('check'))
    field('check', 'a “Try it” step needs one, so the player can verify it.');
  if (!tryIt && settings.has('check'))
    field('check', 'only “Try it:” steps have a check; start the title with “Try it:”.');
  if (paragraphs.length === 0) problems.push(`${where} has no words for the participant.`);
  if (pair !== null && text === null)
    field('pair', 'a minimal pair is compared with the step’s text; add text:.');
  const optional = <T>(key: string, parse: (value: string, report: (p: string) => void) => T | null) => {
    const value = settings.get(key);
    return value === undefined ? null : parse(value, (problem) => field(key, problem));
  };
  const sweep = optional('sweep', parseSweep);
  const sizes = settings.has('sizes')
    ? settings.has('sweep')
      ? sweep && optional('sizes', (value, report) => parseSizes(value, sweep, report))
      : (field('sizes', 'sizes belong to a sweep; add sweep: (encoder, conv-backbone or matmul).'), null)
    : null;
  return {
    title: shown(section.title),
    tryIt,
    view: oneOf('view', LESSON_VIEWS),
    model: oneOf('model', context.modelIds),
    backend: oneOf('backend', LESSON_BACKENDS),
    text,
    sample: oneOf('sample', context.sampleNames),
    action,
    pair,
    scoreThreshold: threshold('score'),
    iouThreshold: threshold('iou'),
    attention: optional('attention', parseAttention),
    features: optional('features', parseFeatures),
    patches: optional('patches', parsePatches),
    overlay: optional('overlay', parseOverlay),
    configs: optional('configs', parseConfigs),
    iterations: optional('iterations', parseIterations),
    sweep,
    sizes,
    generate: parseGenerationFields(settings, field),
    textTask: parseTextTaskFields(settings, field),
    ladder: parseLadderFields(settings, field),
    dense: parseDenseFields(settings, field),
    check,
    focus: optional('focus', parseFocus),
    paragraphs: paragraphs.map(shown),
    blocks: blocks.map((block) =>
      block.kind === 'paragraph'
        ? { kind: 'paragraph', text: shown(block.text) }
        : { kind: 'table', header: block.header.map(shown), rows: block.rows.map((row) => row.map(shown)) },
    ),
  };
}

/** A check as written ("prediction is negative") → its meaning; report(problem) when it is not one. */
export function parseCheck(written: string, report: (problem: string) => void): LessonCheck | null {
  const text = written.trim().toLowerCase();
  const number = (rest: string): number => (rest.trim() === '' ? NaN : Number(rest));
  let match: RegExpExecArray | null;
  if ((match = /^prediction is (\S.*)$/.exec(text))) return { kind: 'prediction', label: match[1] ?? '' };
  if ((match = /^image class is (\S.*)$/.exec(text))) return { kind: 'image-class', label: match[1] ?? '' };
  if ((match = /^explained class is (\S.*)$/.exec(text)))
    return { kind: 'explained-class', label: match[1] ?? '' };
  if ((match = /^top filler is (\S+)$/.exec(text))) return { kind: 'top-filler', word: match[1] ?? '' };
  const textTask = parseTextTaskCheck(text, report);
  if (textTask !== undefined) return textTask;
  // Own keys only: "constructor" is not a check.
  if (Object.hasOwn(FIXED_CHECKS, text)) return FIXED_CHECKS[text] ?? null;
  for (const [prefix, kind] of [
    ['score threshold at most ', 'score-threshold-at-most'],
    ['iou threshold at least ', 'iou-threshold-at-least'],
  ] as const) {
    if (text.startsWith(prefix)) {
      const value = number(text.slice(prefix.length));
      if (Number.isFinite(value) && value >= 0 && value <= 1) return { kind, value };
      report(`“${written.slice(0, 40)}” needs a number from 0 to 1.`);
      return null;
    }
  }
  if (text.startsWith('detections at least ')) {
    const count = number(text.slice('detections at least '.length));
    if (Number.isInteger(count) && count >= 0) return { kind: 'detections-at-least', count };
    report(`“${written.slice(0, 40)}” needs a whole number.`);
    return null;
  }
  let ladderProblem = false;
  const ladder = parseLadderCheck(text, (problem) => {
    ladderProblem = true;
    report(problem);
  });
  if (ladder !== undefined) return ladder;
  if (ladderProblem) return null;
  const generation = parseGenerationCheck(written, report);
  if (generation !== undefined) return generation;
  report(`“${written.slice(0, 40)}” is not a check; use one of: ${CHECK_FORMS.join('; ')}.`);
  return null;
}
