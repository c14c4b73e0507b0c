// The generation loop, apart from ONNX Runtime: prefill the prompt, then one token at a time — process
// the logits, pick, decode, check for the end — reporting each token as it is made. The worker gives it a
// stepper that runs the real model (with or without the key/value cache); tests give it hand-made logits.
import { seededRandom } from '../../seeded-random.ts';
import type { GenerationSettings } from './generation-settings.ts';
import { pickToken, processLogits, type Candidate } from './logits-processing.ts';

/** A candidate with its text, as the page lists it. */
export interface NamedCandidate extends Candidate {
  text: string;
}
import { findStop } from './stop-sequences.ts';
import { IncrementalText } from './incremental-text.ts';

/** Runs the model: prefill reads the whole prompt, next one more token; both give the next-token logits. */
export interface TokenStepper {
  prefill(ids: readonly number[]): Promise<Float32Array>;
  next(id: number): Promise<Float32Array>;
}

export interface GeneratedToken {
  /** Position among the generated tokens (forced ones included). */
  index: number;
  id: number;
  /** The text this token adds (decoded with the tokens before it, so multi-byte characters come out whole). */
  text: string;
  before: NamedCandidate[];
  after: NamedCandidate[];
  /** The picked token's probability after processing. */
  probability: number;
  /** Model time of the step that produced the token (prefill for the first), ms. */
  stepMs: number;
}

export type FinishReason = 'eos' | 'max-tokens' | 'stop-sequence' | 'stopped' | 'nan' | 'context-full';

export interface GenerationTimings {
  promptTokens: number;
  prefillMs: number;
  /** From the call to the first token reported (prefill, processing and decoding included). */
  firstTokenMs: number;
  /** Tokens made by decode steps (every token after the first) and the model time they took. */
  decodeTokens: number;
  decodeMs: number;
}

export interface GenerationOutcome {
  tokens: GeneratedToken[];
  /** The generated text: forced tokens included, the end-of-sequence token and a stop sequence left out. */
  text: string;
  finish: FinishReason;
  /** One sentence on why it ended, for the page. */
  finishSentence: string;
  timings: GenerationTimings;
}

export interface GenerationRequest {
  promptIds: readonly number[];
  /** Generated tokens to keep before generating (a branch continues after them). */
  forcedIds: readonly number[];
  settings: GenerationSettings;
  eosIds: ReadonlySet<number>;
  /** Most tokens the model reads (prompt plus generated). */
  contextLength: number;
  decode: (ids: readonly number[]) => string;
  /** One token's own text, for the candidates the page lists. */
  tokenText: (id: number) => string;
  now: () => number;
  onToken: (token: GeneratedToken) => void;
  /** Checked between steps: true ends the generation as 'stopped'. */
  shouldStop: () => boolean;
  /** Lets the thread take messages (a Stop) between steps. */
  yieldBetweenSteps: () => Promise<void>;
}

function finishSentence(finish: FinishReason, detail: string): string {
  switch (finish) {
    case 'eos':
      return 'The model ended the text (end-of-sequence token).';
    case 'max-tokens':
      return `Stopped after ${detail} new tokens (the maximum set).`;
    case 'stop-sequence':
      return `Stopped at the stop sequence “${detail}”.`;
    case 'stopped':
      return 'Stopped.';
    case 'nan':
      return detail;
    case 'context-full':
      return `Stopped: the model reads at most ${detail} tokens, and the text reached that length.`;
  }
}

export async function generateTokens(
  stepper: TokenStepper,
  request: GenerationRequest,
): Promise<GenerationOutcome> {
  const { settings, decode, now } = request;
  const random = seededRandom(settings.seed);
  const started = now();
  const generated: number[] = [...request.forcedIds];
  const tokens: GeneratedToken[] = [];
  const timings: GenerationTimings = {
    promptTokens: request.promptIds.length,
    prefillMs: 0,
    firstTokenMs: 0,
    decodeTokens: 0,
    decodeMs: 0,
  };
  let stepStarted = now();
  let logits = await stepper.prefill([...request.promptIds, ...request.forcedIds]);
  timings.prefillMs = now() - stepStarted;
  let stepMs = timings.prefillMs;
  // Each token's text from the last few tokens (incremental-text.ts), not the whole text again.
  const text = new IncrementalText(decode, generated, request.tokenText);
  let finish: FinishReason = 'max-tokens';
  let detail = String(settings.maxNewTokens);
  let cut: number | null = null;
  // The text so far, for the repetition penalty only (a copy per step is wasted without one).
  const history = settings.repetitionPenalty === 1 ? [] : [...request.promptIds, ...generated];
  for (let made = 0; ; made++) {
    const processed = processLogits(logits, history, settings);
    if (processed.firstNaN >= 0) {
      finish = 'nan';
      detail = `The model's scores for step ${made + 1} are not numbers (NaN, first at token id ${processed.firstNaN}), so generation stopped there.`;
      break;
    }
    const id = pickToken(processed, settings.mode, random);
    generated.push(id);
    if (settings.repetitionPenalty !== 1) history.push(id);
    const isEos = request.eosIds.has(id);
    const token: GeneratedToken = {
      index: generated.length - 1,
      id,
      text: isEos ? request.tokenText(id) : text.push(id),
      before: processed.before.map((candidate) => ({ ...candidate, text: request.tokenText(candidate.id) })),
      after: processed.after.map((candidate) => ({ ...candidate, text: request.tokenText(candidate.id) })),
      probability: processed.probabilities[id] ?? 0,
      stepMs,
    };
    tokens.push(token);
    if (tokens.length === 1) timings.firstTokenMs = now() - started;
    request.onToken(token);
    if (isEos) {
      finish = 'eos';
      break;
    }
    const stop = findStop(text.text, settings.stopSequences);
    if (stop) {
      finish = 'stop-sequence';
      detail = stop.sequence.replace(/\n/g, '\\n');
      cut = stop.index;
      break;
    }
    if (made + 1 >= settings.maxNewTokens) break;
    if (request.promptIds.length + generated.length >= request.contextLength) {
      finish = 'context-full';
      detail = String(request.contextLength);
      break;
    }
    await request.yieldBetweenSteps();
    if (request.shouldStop()) {
      finish = 'stopped';
      break;
    }
    stepStarted = now();
    logits = await stepper.next(id);
    stepMs = now() - stepStarted;
    timings.decodeMs += stepMs;
    timings.decodeTokens++;
  }
  // The whole text decoded once (the truth the streamed pieces add up to; an unfinished character at the
  // end comes out as its replacement character).
  const whole = decode(finish === 'eos' ? generated.slice(0, -1) : generated);
  if (cut !== null) cut = findStop(whole, settings.stopSequences)?.index ?? cut;
  return {
    tokens,
    text: cut === null ? whole : whole.slice(0, cut),
    finish,
    finishSentence: finishSentence(finish, detail),
    timings,
  };
}

/**
 * The prompt cut to fit the context, keeping its end (the part the continuation follows) and room for
 * maxNewTokens; with a sentence when anything was left out.
 */
export function fitPrompt(
  ids: readonly number[],
  contextLength: number,
  maxNewTokens: number,
): { ids: number[]; notice: string | null } {
  const room = Math.max(1, contextLength - Math.min(maxNewTokens, Math.floor(contextLength / 2)));
  if (ids.length <= room) return { ids: [...ids], notice: null };
  const dropped = ids.length - room;
  return {
    ids: ids.slice(dropped),
    notice: `The prompt has ${ids.length} tokens and the model reads at most ${contextLength}, so its first ${dropped} tokens were left out to leave room for the answer.`,
  };
}
