// The state a shareable link carries in its query string: which model, which view, which backend, and the
// text or sample to run. A link is written by someone else, so decoding checks every value, keeps what is
// valid, and says in one sentence per refused value what was dropped and why.

import { OVERLAY_METRICS, type OverlayMetric } from '../capture/run-overlay.ts';
import { BACKENDS, type Backend } from '../runtime/backend.ts';
import { DEFAULT_REVISION, DTYPES, parseHubId, type Dtype } from './hub.ts';
import { TASK_VIEWS, type TaskView } from '../tasks/registry.ts';
import { excerpt } from '../visible-text.ts';
import {
  decodeGenerationParams,
  encodeGenerationParams,
  GENERATION_PARAMS,
} from '../tasks/text-generation/generation-link.ts';
import type { GenerationSettings } from '../tasks/text-generation/generation-settings.ts';
import { checkModelUrl } from './url-policy.ts';
import {
  decodeZeroShotParams,
  encodeZeroShotParams,
  ZERO_SHOT_PARAMS,
  type ZeroShotSettings,
} from '../tasks/zero-shot/zero-shot-link.ts';
import {
  decodeLadderParams,
  encodeLadderParams,
  LADDER_PARAMS,
  type LadderLinkSettings,
} from '../variants/ladder-link.ts';
import {
  decodeOcclusionParams,
  encodeOcclusionParams,
  OCCLUSION_PARAMS,
  type OcclusionLink,
} from '../explain/dense-occlusion-link.ts';

export type SharedModel =
  | { kind: 'catalog'; id: string }
  | { kind: 'hub'; repo: string; revision: string; dtype: Dtype }
  | { kind: 'url'; url: string }
  /** A generated model (random weights): the link carries the preset id, the page builds it again. */
  | { kind: 'synthetic'; id: string };

/** The page's tabs: 'models' is the tab that opens a model, then one view per task (the registry's). */
export type ShareView = 'models' | TaskView | 'inspect' | 'bench';
export const SHARE_VIEWS: readonly ShareView[] = ['models', ...TASK_VIEWS, 'inspect', 'bench'];

export interface ShareState {
  model: SharedModel | null;
  view: ShareView | null;
  backend: Backend | null;
  text: string | null;
  /** The edited sentence of a minimal pair, compared with the first line of text; needs text. Absent
   * when the link has none. */
  pair?: string | null;
  sample: string | null;
  /** Inspect view only: the run metric painted on the graph (the link reruns the view and captures it). */
  overlay: OverlayMetric | null;
  /** Inspect view only: the selected node's name (or a block's scope path). */
  node: string | null;
  /** Generate view only: the settings that give the same text again. Absent when the link has none. */
  generation?: GenerationSettings | null;
  /** Answer view only: the question asked of the link's text (the context). Absent when the link has none. */
  question?: string | null;
  /** Zero-shot view only: the candidate labels, template and multi-label. Absent when the link has none. */
  zeroShot?: ZeroShotSettings | null;
  /** Text view only: the precision ladder's variants and threshold (the link measures it). Absent when none. */
  ladder?: LadderLinkSettings | null;
  /** Presenter mode (present=1): large type, high contrast, the lesson beside the view. Absent: off. */
  present?: boolean;
  /** Classify view only: the ViT attention map shown (last layer or rollout). Absent when the link has none. */
  attention?: AttentionLinkMode | null;
  /** Segment and depth views only: the occlusion map's settings (the link runs the map). Absent: none. */
  occlusion?: OcclusionLink | null;
}

/** The [CLS] attention maps a classify link may choose (the view's default is the last layer). */
export const ATTENTION_LINK_MODES = ['last-layer', 'rollout'] as const;
export type AttentionLinkMode = (typeof ATTENTION_LINK_MODES)[number];

/** The query parameters a shared link owns, in the order encodeShareState writes them. */
export const SHARE_PARAMS = [
  'model',
  'dtype',
  'url',
  'synthetic',
  'task',
  'backend',
  'text',
  'pair',
  'sample',
  'overlay',
  'node',
  ...GENERATION_PARAMS,
  'question',
  ...ZERO_SHOT_PARAMS,
  ...LADDER_PARAMS,
  'present',
  'attention',
  ...OCCLUSION_PARAMS,
] as const;

/** Longest node name a link may carry, in characters; real exporters' names stay far below it. */
export const MAX_SHARED_NODE = 500;

/** Longest text a link may carry, in characters (code points); longer text is dropped, not cut. */
export const MAX_SHARED_TEXT = 2000;

export interface ShareContext {
  catalogIds: readonly string[];
  /** Ids of the synthetic presets a link may name (?synthetic=). */
  syntheticIds?: readonly string[];
  sampleNames: readonly string[];
  /** The page's origin, for checkModelUrl (http is allowed to the page's own origin). */
  pageOrigin: string;
}

export interface DecodedShareState {
  state: ShareState;
  /** One sentence per refused value; the value is quoted only as a short excerpt. */
  problems: string[];
}

/**
 * A page's query string ("?model=…&task=…") → the state it shares. Parameters: model (a catalog id, else a
 * hub id, "@revision" allowed), dtype (hub models only; fp32 when absent or invalid), url (an .onnx
 * address, ignored when model is present), synthetic (a synthetic preset id, ignored when model or url
 * is present), task, backend, text, pair (validated like text, kept only with text), sample. "models"
 * (the embedded models' folder) belongs to the app's configuration and is ignored with a sentence; other
 * unknown parameters are ignored; only the first of repeated ones counts.
 */
export function decodeShareState(search: string, context: ShareContext): DecodedShareState {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const state: ShareState = {
    model: decodeModel(params, context, problems),
    view: decodeChoice(params, 'task', SHARE_VIEWS, problems),
    backend: decodeChoice(params, 'backend', BACKENDS, problems),
    text: decodeText(params.get('text'), problems),
    sample: decodeChoice(params, 'sample', context.sampleNames, problems),
    overlay: decodeChoice(params, 'overlay', OVERLAY_METRICS, problems),
    node: decodeNode(params.get('node'), problems),
  };
  for (const name of ['overlay', 'node'] as const) {
    if (state[name] !== null && state.view !== 'inspect') {
      problems.push(`The link’s ${name} was ignored: it applies to the inspect view (task=inspect) only.`);
      state[name] = null;
    }
  }
  if (state.model?.kind === 'synthetic') {
    // A synthetic model is generated on opening, with random weights: no run of it exists to look
    // inside, and it opens at its overview.
    if (state.overlay !== null)
      problems.push('The link’s overlay was ignored: a synthetic model has no run to look inside yet.');
    if (state.node !== null)
      problems.push('The link’s node was ignored: a synthetic model opens at its overview.');
    state.overlay = null;
    state.node = null;
  }
  if (state.overlay !== null && state.model === null) {
    problems.push('The link’s overlay was ignored: it needs a model whose run can be captured.');
    state.overlay = null;
  }
  if (params.has('models')) {
    problems.push(
      'The link’s models was ignored: where the embedded models come from is set in this app’s configuration, never by a link.',
    );
  }
  const generation = decodeGenerationParams(params, problems);
  if (generation !== null && state.view !== 'generate') {
    problems.push(
      'The link’s generation settings were ignored: they apply to the generate view (task=generate) only.',
    );
  } else if (generation !== null) {
    state.generation = generation;
  }
  const question = decodeText(params.get('question'), problems, 'question');
  // An inspect link reruns the answer view's run before it looks inside, so it carries the question too.
  if (question !== null && state.view !== 'answer' && state.view !== 'inspect') {
    problems.push('The link’s question was ignored: it applies to the answer view (task=answer) only.');
  } else if (question !== null) {
    state.question = question;
  }
  const zeroShot = decodeZeroShotParams(params, problems);
  if (zeroShot !== null && state.view !== 'zero-shot') {
    problems.push('The link’s labels were ignored: they apply to the zero-shot view (task=zero-shot) only.');
  } else if (zeroShot !== null) {
    state.zeroShot = zeroShot;
  }
  const ladder = decodeLadderParams(params, problems);
  if (ladder !== null && state.view !== 'text') {
    problems.push('The link’s variants were ignored: the precision ladder is in the text view (task=text).');
  } else if (ladder !== null) {
    state.ladder = ladder;
  }
  const pair = decodeText(params.get('pair'), problems, 'pair');
  if (pair !== null && state.text === null) {
    problems.push('The link’s pair was ignored: it is compared with the link’s text, and there is none.');
  } else if (pair !== null) {
    state.pair = pair;
  }
  const attention = decodeChoice(params, 'attention', ATTENTION_LINK_MODES, problems);
  if (attention !== null && state.view !== 'classify') {
    problems.push('The link’s attention was ignored: it applies to the classify view (task=classify) only.');
  } else if (attention !== null) {
    state.attention = attention;
  }
  const occlusion = decodeOcclusionParams(params, state.view, problems);
  if (occlusion !== null) state.occlusion = occlusion;
  const present = params.get('present');
  if (present === '1') state.present = true;
  else if (present !== null) {
    problems.push(
      `The link’s present “${excerpt(present)}” is not known, so it was ignored; present=1 turns presenter mode on.`,
    );
  }
  return { state, problems };
}

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function decodeNode(value: string | null, problems: string[]): string | null {
  if (value === null) return null;
  const length = Array.from(value).length;
  if (value.trim() === '') {
    problems.push('The link’s node is empty, so it was ignored.');
    return null;
  }
  if (length > MAX_SHARED_NODE) {
    problems.push(
      `The link’s node was ignored: its name is ${length} characters long and the limit is ${MAX_SHARED_NODE}.`,
    );
    return null;
  }
  if (CONTROL.test(value)) {
    problems.push('The link’s node was ignored: its name contains control characters.');
    return null;
  }
  return value;
}

function decodeModel(params: URLSearchParams, context: ShareContext, problems: string[]): SharedModel | null {
  const named = decodeNamedModel(params, context, problems);
  const synthetic = params.get('synthetic');
  if (synthetic === null) return named;
  if (params.get('model') !== null || params.get('url') !== null) {
    problems.push('The link names a synthetic model and another model; the synthetic one was ignored.');
    return named;
  }
  const ids = context.syntheticIds ?? [];
  if (ids.includes(synthetic)) return { kind: 'synthetic', id: synthetic };
  const known = ids.length > 0 ? `; it should be one of ${ids.join(', ')}` : '';
  problems.push(
    `The link’s synthetic model “${excerpt(synthetic)}” is not known, so it was ignored${known}.`,
  );
  return null;
}

/** The model or url parameter (with dtype). */
function decodeNamedModel(
  params: URLSearchParams,
  context: ShareContext,
  problems: string[],
): SharedModel | null {
  const model = params.get('model');
  const dtype = params.get('dtype');
  const url = params.get('url');
  if (model !== null && url !== null) {
    problems.push('The link names both a model and a url; the url was ignored and the model opened.');
  }
  if (model !== null) {
    if (context.catalogIds.includes(model)) {
      if (dtype !== null) problems.push('The link’s dtype was ignored: it applies to hub models only.');
      return { kind: 'catalog', id: model };
    }
    const hub = parseHubId(model);
    if (!hub.ok) {
      problems.push(
        `The link’s model “${excerpt(model)}” was ignored: it is neither a Glassbox model nor a hub id (owner/name).`,
      );
      return null;
    }
    return { kind: 'hub', repo: hub.repo, revision: hub.revision, dtype: decodeDtype(dtype, problems) };
  }
  if (dtype !== null) problems.push('The link’s dtype was ignored: it applies to hub models only.');
  if (url === null) return null;
  if (url.trim() === '') {
    problems.push('The link’s url is empty, so it was ignored.');
    return null;
  }
  const checked = checkModelUrl(url, context.pageOrigin, 'link');
  if (!checked.ok) {
    problems.push(`The link’s url was ignored: ${lowerFirst(checked.reason)}`);
    return null;
  }
  return { kind: 'url', url: checked.url };
}

function decodeDtype(value: string | null, problems: string[]): Dtype {
  if (value === null) return 'fp32';
  if (isOneOf(value, DTYPES)) return value;
  problems.push(
    `The link’s dtype “${excerpt(value)}” is not one of ${DTYPES.join(', ')}, so the fp32 variant is opened.`,
  );
  return 'fp32';
}

/** A parameter that must be one of a fixed list; anything else is dropped with a problem. */
function decodeChoice<T extends string>(
  params: URLSearchParams,
  name: string,
  choices: readonly T[],
  problems: string[],
): T | null {
  const value = params.get(name);
  if (value === null) return null;
  if (isOneOf(value, choices)) return value;
  const known = choices.length <= 8 ? `; it should be one of ${choices.join(', ')}` : '';
  problems.push(`The link’s ${name} “${excerpt(value)}” is not known, so it was ignored${known}.`);
  return null;
}

function decodeText(value: string | null, problems: string[], name = 'text'): string | null {
  if (value === null) return null;
  const length = Array.from(value).length;
  if (length <= MAX_SHARED_TEXT) return value;
  problems.push(
    `The link’s ${name} was dropped: it is ${length} characters long and the limit is ${MAX_SHARED_TEXT}.`,
  );
  return null;
}

function isOneOf<T extends string>(value: string, choices: readonly T[]): value is T {
  return (choices as readonly string[]).includes(value);
}

/** checkModelUrl's reasons are sentences; this one continues a sentence. Acronyms stay as they are. */
function lowerFirst(sentence: string): string {
  return /^[A-Z][a-z]/.test(sentence) ? sentence.charAt(0).toLowerCase() + sentence.slice(1) : sentence;
}

/**
 * The query string of a state ("?model=…&task=…", or "" when there is nothing to share), parameters in a
 * stable order so one state always gives one link: model, dtype, url, synthetic, task, backend, text, pair,
 * sample, overlay, node.
 * dtype is written for hub models only, and not when it is fp32; revision "main" is left out.
 */
export function encodeShareState(state: ShareState): string {
  const params = new URLSearchParams();
  const { model } = state;
  if (model?.kind === 'catalog') params.set('model', model.id);
  if (model?.kind === 'hub') {
    params.set('model', model.revision === DEFAULT_REVISION ? model.repo : `${model.repo}@${model.revision}`);
    if (model.dtype !== 'fp32') params.set('dtype', model.dtype);
  }
  if (model?.kind === 'url') params.set('url', model.url);
  if (model?.kind === 'synthetic') params.set('synthetic', model.id);
  if (state.view !== null) params.set('task', state.view);
  if (state.backend !== null) params.set('backend', state.backend);
  if (state.text !== null) params.set('text', state.text);
  if (state.text !== null && state.pair != null) params.set('pair', state.pair);
  if (state.sample !== null) params.set('sample', state.sample);
  if (state.overlay !== null) params.set('overlay', state.overlay);
  if (state.node !== null) params.set('node', state.node);
  if (state.view === 'generate' && state.generation) encodeGenerationParams(state.generation, params);
  if ((state.view === 'answer' || state.view === 'inspect') && state.question != null) {
    params.set('question', state.question);
  }
  if (state.view === 'zero-shot' && state.zeroShot) encodeZeroShotParams(state.zeroShot, params);
  if (state.view === 'text' && state.ladder) encodeLadderParams(state.ladder, params);
  if (state.present) params.set('present', '1');
  if (state.view === 'classify' && state.attention) params.set('attention', state.attention);
  if (state.occlusion && state.occlusion.view === state.view) encodeOcclusionParams(state.occlusion, params);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}
