// The lesson step fields and checks of the Generate text view (pure): the prompt, the decoding settings
// (greedy or sampling, temperature, top-k, top-p, seed, max new tokens), which token's candidates to show,
// a branch from a lower candidate, and the logit lens; and the checks on what the view shows (the text, a
// token, a token's top candidate, the layer where the lens first shows a token, the number of branches).
// Each parser returns the value or reports one problem (a sentence without the step's name; the format
// adds it).
import { SETTING_BOUNDS } from '../tasks/text-generation/generation-settings.ts';

/** The step keys of the Generate view, as a lesson writes them. */
export const GENERATION_KEYS = [
  'prompt',
  'decoding',
  'temperature',
  'topk',
  'topp',
  'seed',
  'tokens',
  'token',
  'branch',
  'lens',
] as const;

export const DECODINGS = ['greedy', 'sample'] as const;

/** How many candidates the view keeps per token: a branch can start from any of them. */
export const LESSON_CANDIDATES = 20;
/** The highest layer a lens check may name (real models have far fewer). */
const MAX_LAYER = 255;

export interface GenerationFields {
  prompt: string | null;
  decoding: (typeof DECODINGS)[number] | null;
  temperature: number | null;
  topK: number | null;
  topP: number | null;
  seed: number | null;
  maxNewTokens: number | null;
  /** Shows the candidates of this generated token (1 = the first). */
  token: number | null;
  /** Continues the shown generation from this token's candidate of this rank (1 = the model's top). */
  branch: { token: number; candidate: number } | null;
  /** Runs the logit lens over the shown generation. */
  lens: boolean;
}

export type GenerationCheck =
  | { kind: 'generated-text-contains'; text: string }
  | { kind: 'token-is'; token: number; text: string }
  | { kind: 'top-candidate-is'; token: number; text: string }
  | { kind: 'lens-shows'; text: string; token: number; layer: number }
  | { kind: 'branches-at-least'; count: number };

/** The checks as written in a lesson ("N", "L" whole numbers from 1; "X" a quoted token or text). */
export const GENERATION_CHECK_FORMS = [
  'generated text contains "X"',
  'token N is "X"',
  'top candidate at token N is "X"',
  'lens shows "X" for token N from layer L',
  'branches at least N',
] as const;

type Report = (problem: string) => void;
const quoted = (value: string) => `“${value.slice(0, 40)}”`;

/** The Generate view's fields of one step, from its settings; report(key, problem) for each bad one. */
export function parseGenerationFields(
  settings: ReadonlyMap<string, string>,
  report: (key: string, problem: string) => void,
): GenerationFields {
  const number = (
    key: string,
    bounds: { min: number; max: number },
    integer: boolean,
    what = integer ? 'a whole number' : 'a number',
  ): number | null => {
    const value = settings.get(key);
    if (value === undefined) return null;
    const parsed = Number(value);
    if (
      value.trim() === '' ||
      !Number.isFinite(parsed) ||
      (integer && !Number.isInteger(parsed)) ||
      parsed < bounds.min ||
      parsed > bounds.max
    ) {
      report(key, `${quoted(value)} is not ${what} from ${bounds.min} to ${bounds.max}.`);
      return null;
    }
    return parsed;
  };
  const decoding = settings.get('decoding');
  if (decoding !== undefined && !(DECODINGS as readonly string[]).includes(decoding))
    report('decoding', `${quoted(decoding)} is not one of ${DECODINGS.join(', ')}.`);
  const lens = settings.get('lens');
  if (lens !== undefined && lens !== 'on') report('lens', `${quoted(lens)} is not “on”.`);
  const branch = settings.get('branch');
  return {
    prompt: settings.get('prompt') ?? null,
    decoding: DECODINGS.find((choice) => choice === decoding) ?? null,
    temperature: number('temperature', SETTING_BOUNDS.temperature, false),
    topK: number('topk', SETTING_BOUNDS.topK, true),
    topP: number('topp', SETTING_BOUNDS.topP, false),
    seed: number('seed', SETTING_BOUNDS.seed, true),
    maxNewTokens: number('tokens', SETTING_BOUNDS.maxNewTokens, true),
    token: number('token', { min: 1, max: SETTING_BOUNDS.maxNewTokens.max }, true),
    branch: branch === undefined ? null : parseBranch(branch, (problem) => report('branch', problem)),
    lens: lens === 'on',
  };
}

/** "token 1, candidate 2": continue from the second candidate of the first generated token. */
export function parseBranch(value: string, report: Report): GenerationFields['branch'] {
  const match = /^token (\d{1,3})(?:,\s*|\s+)candidate (\d{1,2})$/i.exec(value.trim());
  const token = Number(match?.[1]);
  const candidate = Number(match?.[2]);
  if (
    !match ||
    token < 1 ||
    token > SETTING_BOUNDS.maxNewTokens.max ||
    candidate < 2 ||
    candidate > LESSON_CANDIDATES
  ) {
    report(
      `${quoted(value)} is not “token N, candidate C” (N from 1 to ${SETTING_BOUNDS.maxNewTokens.max}; ` +
        `C from 2 to ${LESSON_CANDIDATES}, as the candidates table ranks them: 1 is the token already there).`,
    );
    return null;
  }
  return { token, candidate };
}

/**
 * A Generate-view check as written → its meaning; undefined when the sentence is none of these forms (the
 * format then tries its other checks), null when it is one of them but malformed (reported).
 */
export function parseGenerationCheck(written: string, report: Report): GenerationCheck | null | undefined {
  const text = written.trim();
  // The quoted part keeps its case and spaces: a token is " Lord", not "lord".
  const forms: Array<[RegExp, (match: RegExpExecArray) => GenerationCheck | null]> = [
    [/^generated text contains "(.+)"$/i, (m) => ({ kind: 'generated-text-contains', text: m[1] ?? '' })],
    [
      /^token (\d+) is "(.+)"$/i,
      (m) => withToken(m[1], (token) => ({ kind: 'token-is', token, text: m[2]! })),
    ],
    [
      /^top candidate at token (\d+) is "(.+)"$/i,
      (m) => withToken(m[1], (token) => ({ kind: 'top-candidate-is', token, text: m[2]! })),
    ],
    [
      /^lens shows "(.+)" for token (\d+) from layer (\d+)$/i,
      (m) => {
        const layer = Number(m[3]);
        if (!(layer >= 1 && layer <= MAX_LAYER)) return null;
        return withToken(m[2], (token) => ({ kind: 'lens-shows', text: m[1]!, token, layer }));
      },
    ],
    [
      /^branches at least (\d+)$/i,
      (m) => {
        const count = Number(m[1]);
        return count >= 1 && count <= 1000 ? { kind: 'branches-at-least', count } : null;
      },
    ],
  ];
  for (const [form, read] of forms) {
    const match = form.exec(text);
    if (!match) continue;
    const check = read(match);
    if (!check) report(`${quoted(written)} has a number out of range (tokens and layers count from 1).`);
    return check;
  }
  return undefined;
}

function withToken(
  written: string | undefined,
  make: (token: number) => GenerationCheck,
): GenerationCheck | null {
  const token = Number(written);
  return token >= 1 && token <= SETTING_BOUNDS.maxNewTokens.max ? make(token) : null;
}
