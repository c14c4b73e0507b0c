// The Hugging Face hub: repo ids, its URL scheme (resolve/ for files, api/models/…/tree/ for listings)
// and how transformers.js names the precision variants of a model in a repo's onnx/ folder.

import { folderFileUrls, type ModelLocation } from './model-location.ts';
import { excerpt } from '../visible-text.ts';
import { decodeUriPart, isLoopbackHost } from './url-policy.ts';

export const DTYPES = ['fp32', 'fp16', 'q8', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'] as const;
export type Dtype = (typeof DTYPES)[number];

/**
 * File-name suffix of each variant: onnx/model<suffix>.onnx. Mirrors transformers.js
 * DEFAULT_DTYPE_SUFFIX_MAPPING, so repos exported for transformers.js (Xenova/*, onnx-community/*) open
 * as they are; note that q8 is "_quantized", not "_q8".
 */
export const DTYPE_SUFFIX: Record<Dtype, string> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

export const DTYPE_DESCRIPTIONS: Record<Dtype, string> = {
  fp32: '32-bit float weights (the original precision, largest file)',
  fp16: '16-bit float weights (half the size of fp32)',
  q8: '8-bit quantized weights (smallest common variant)',
  int8: '8-bit signed integer quantized weights',
  uint8: '8-bit unsigned integer quantized weights',
  q4: '4-bit quantized weights',
  q4f16: '4-bit quantized weights with 16-bit float activations',
  bnb4: '4-bit bitsandbytes (NF4) quantized weights',
};

export const DEFAULT_HUB_URL = 'https://huggingface.co';
export const DEFAULT_REVISION = 'main';

export type HubIdParse = { ok: true; repo: string; revision: string } | { ok: false; reason: string };

const EXAMPLE_ID = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';
const ID_SHAPE = `A hub id looks like owner/name, e.g. ${EXAMPLE_ID}.`;

/** Hosts whose page addresses parseHubId accepts in place of an id. */
const HUB_PAGE_HOSTS: ReadonlySet<string> = new Set(['huggingface.co', 'www.huggingface.co', 'hf.co']);

/** Hub page paths that are not model repos: /datasets/owner/name, /spaces/owner/name. */
const NON_MODEL_SECTIONS: ReadonlySet<string> = new Set(['datasets', 'spaces']);

/**
 * "owner/name", "owner/name@revision" or a pasted page address (https://huggingface.co/owner/name,
 * optionally …/tree/<rev>/… or …/blob/<rev>/…) → repo and revision. Names follow the hub's rules, which
 * also rule out path tricks such as "owner/../x": a part may not be "." or "..", nor contain "..".
 */
export function parseHubId(text: string): HubIdParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: `Enter a hub id. ${ID_SHAPE}` };
  if (/^(https?:\/\/)?(www\.)?(huggingface\.co|hf\.co)\//i.test(trimmed)) return parseHubPageUrl(trimmed);
  const at = trimmed.indexOf('@');
  const repo = at === -1 ? trimmed : trimmed.slice(0, at);
  const revision = at === -1 ? DEFAULT_REVISION : trimmed.slice(at + 1);
  return checkRepoAndRevision(repo.split('/'), revision);
}

function parseHubPageUrl(text: string): HubIdParse {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, reason: `That hub address is not a valid web address. ${ID_SHAPE}` };
  }
  if (!HUB_PAGE_HOSTS.has(url.hostname)) return { ok: false, reason: ID_SHAPE };
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const [first, second, view, rev] = segments;
  if (first !== undefined && NON_MODEL_SECTIONS.has(first)) {
    return { ok: false, reason: `That address is a Hugging Face ${first.slice(0, -1)}, not a model.` };
  }
  if (first === undefined || second === undefined) {
    return { ok: false, reason: `That page is not a model page. ${ID_SHAPE}` };
  }
  if (view === undefined) return checkRepoAndRevision([first, second], DEFAULT_REVISION);
  if ((view === 'tree' || view === 'blob' || view === 'resolve') && rev !== undefined) {
    const revision = decodeUriPart(rev);
    if (revision === null) return { ok: false, reason: 'The revision in that address is malformed.' };
    return checkRepoAndRevision([first, second], revision);
  }
  return {
    ok: false,
    reason: `Paste the model page address itself, e.g. https://huggingface.co/${EXAMPLE_ID}.`,
  };
}

function checkRepoAndRevision(parts: readonly string[], revision: string): HubIdParse {
  const [owner, name] = parts;
  if (parts.length !== 2 || owner === undefined || name === undefined) return { ok: false, reason: ID_SHAPE };
  for (const part of [owner, name]) {
    const problem = hubNameProblem(part);
    if (problem !== null) return { ok: false, reason: problem };
  }
  const revisionProblem = revisionProblemOf(revision);
  if (revisionProblem !== null) return { ok: false, reason: revisionProblem };
  return { ok: true, repo: `${owner}/${name}`, revision };
}

/** The hub's rule for an owner or repo name; null when it is valid. */
function hubNameProblem(part: string): string | null {
  if (part === '') return ID_SHAPE;
  const valid =
    part.length <= 96 &&
    /^[A-Za-z0-9._-]+$/.test(part) &&
    !/^[-.]|[-.]$/.test(part) &&
    !part.includes('--') &&
    !part.includes('..');
  if (valid) return null;
  return (
    `“${excerpt(part)}” is not a valid hub name: use up to 96 letters, digits, “.”, “_” or “-”, ` +
    'not starting or ending with “-” or “.”, and without “--” or “..”.'
  );
}

/**
 * A branch, tag or commit: 1–100 of [A-Za-z0-9._/-] without "..". Empty path parts ("a//b", "/a") are
 * refused too, since git allows no such ref. The revision is always percent-encoded as one URL segment.
 */
function revisionProblemOf(revision: string): string | null {
  const valid =
    revision.length >= 1 &&
    revision.length <= 100 &&
    /^[A-Za-z0-9._/-]+$/.test(revision) &&
    !revision.includes('..') &&
    !revision.split('/').includes('');
  if (valid) return null;
  return (
    `“${excerpt(revision)}” is not a valid revision: use a branch, tag or commit of up to 100 letters, ` +
    'digits, “.”, “_”, “-” or “/”, e.g. main.'
  );
}

/** transformers.js's path of one variant in a repo: modelFilePath('q8') = "onnx/model_quantized.onnx". */
export function modelFilePath(dtype: Dtype, baseName = 'model'): string {
  return `onnx/${baseName}${DTYPE_SUFFIX[dtype]}.onnx`;
}

/** The hub address without the trailing slash a user may have typed. */
function hubBase(hubUrl: string): string {
  return hubUrl.endsWith('/') ? hubUrl.slice(0, -1) : hubUrl;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Download address of one file: <hub>/<repo>/resolve/<revision>/<path>. repo must be a checked id. */
export function hubResolveUrl(hubUrl: string, repo: string, revision: string, path: string): string {
  return `${hubBase(hubUrl)}/${repo}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`;
}

/** The hub API listing of one folder (files with their sizes): <hub>/api/models/<repo>/tree/<rev>/<path>. */
export function hubTreeUrl(hubUrl: string, repo: string, revision: string, path = 'onnx'): string {
  return `${hubBase(hubUrl)}/api/models/${repo}/tree/${encodeURIComponent(revision)}/${encodePath(path)}`;
}

export interface HubFileEntry {
  /** Path inside the repo, e.g. "onnx/model_quantized.onnx". */
  path: string;
  /** Bytes of the file itself (for LFS files the real size, not the pointer's). */
  size: number;
}

/**
 * The JSON of hubTreeUrl → its files. The API answers an array of
 * { type: 'file' | 'directory', oid, size, path, lfs?: { oid, size, pointerSize } }; directories are
 * dropped. Throws an Error saying what arrived instead when the JSON is not such an array.
 */
export function parseTreeListing(json: unknown): HubFileEntry[] {
  if (!Array.isArray(json)) {
    throw new Error(`The hub did not return a file listing${hubErrorText(json)}.`);
  }
  const files: HubFileEntry[] = [];
  json.forEach((item: unknown, index) => {
    const entry = asRecord(item);
    if (entry === null || typeof entry.path !== 'string' || typeof entry.type !== 'string') {
      throw new Error(`The hub’s file listing is malformed: entry ${index} has no path or type.`);
    }
    if (entry.type !== 'file') return;
    const size = asRecord(entry.lfs)?.size ?? entry.size;
    if (typeof size !== 'number' || !Number.isFinite(size) || size < 0) {
      throw new Error(`The hub’s file listing is malformed: ${excerpt(entry.path)} has no valid size.`);
    }
    files.push({ path: entry.path, size });
  });
  return files;
}

/** The hub answers errors as { error: "Repository not found" }; quote that when it is there. */
function hubErrorText(json: unknown): string {
  const error = asRecord(json)?.error;
  return typeof error === 'string' ? ` (it said: ${excerpt(error, 200)})` : '';
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export interface HubVariant {
  dtype: Dtype;
  /** The variant's .onnx path in the repo. */
  path: string;
  /** Bytes of the .onnx file alone. */
  size: number;
  /** Its external-data files (…onnx_data, …onnx_data_1, …), in that order. */
  externalData: HubFileEntry[];
}

/** Bytes a variant downloads: the .onnx file and its external data. */
export function variantBytes(variant: HubVariant): number {
  return variant.externalData.reduce((sum, file) => sum + file.size, variant.size);
}

/** The precision variants a listing of onnx/ holds, in DTYPES order, each with its external data. */
export function variantsInListing(entries: readonly HubFileEntry[], baseName = 'model'): HubVariant[] {
  const variants: HubVariant[] = [];
  for (const dtype of DTYPES) {
    const path = modelFilePath(dtype, baseName);
    const model = entries.find((entry) => entry.path === path);
    if (model === undefined) continue;
    variants.push({ dtype, path, size: model.size, externalData: externalDataOf(entries, path) });
  }
  return variants;
}

/** transformers.js names external data <model>.onnx_data, then <model>.onnx_data_1, _2, … when split. */
function externalDataOf(entries: readonly HubFileEntry[], modelPath: string): HubFileEntry[] {
  const chunkIndex = (entry: HubFileEntry): number | null => {
    if (!entry.path.startsWith(modelPath)) return null;
    const match = /^_data(?:_(\d+))?$/.exec(entry.path.slice(modelPath.length));
    if (match === null) return null;
    return match[1] === undefined ? 0 : Number(match[1]);
  };
  return entries
    .map((entry) => ({ entry, index: chunkIndex(entry) }))
    .filter((item): item is { entry: HubFileEntry; index: number } => item.index !== null)
    .sort((a, b) => a.index - b.index)
    .map(({ entry }) => entry);
}

/**
 * One variant of a hub repo. externalData stays empty: the loader resolves external-data locations
 * relative to files.model, as ONNX defines them, so they need not be known before the model is read.
 */
export function hubLocation(hubUrl: string, repo: string, revision: string, dtype: Dtype): ModelLocation {
  const resolve = (path: string): string => hubResolveUrl(hubUrl, repo, revision, path);
  return {
    key: `hub:${repo}@${revision}#${dtype}`,
    label: `${repo} · ${dtype}`,
    origin: 'hub',
    files: { model: resolve(modelFilePath(dtype)), ...folderFileUrls(resolve) },
    externalData: {},
    cache: true,
  };
}

/** Longest hub address the setting accepts. */
const MAX_HUB_URL_LENGTH = 200;

/**
 * The user's hub address setting (a mirror such as https://hf-mirror.com, or a workshop's local mirror)
 * → the address without a trailing slash. https, or http only on this machine; no user name or password
 * (they would end up in every download address), no query or hash (file paths are appended to it).
 */
export function checkHubUrl(text: string): { ok: true; url: string } | { ok: false; reason: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: `Enter a hub address, e.g. ${DEFAULT_HUB_URL}.` };
  if (trimmed.length > MAX_HUB_URL_LENGTH) {
    return {
      ok: false,
      reason: `The hub address is ${trimmed.length} characters long; the limit is ${MAX_HUB_URL_LENGTH}.`,
    };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return {
      ok: false,
      reason: `“${excerpt(trimmed)}” is not a complete web address; it should look like ${DEFAULT_HUB_URL}.`,
    };
  }
  const problem = hubUrlProblem(url);
  if (problem !== null) return { ok: false, reason: problem };
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

function hubUrlProblem(url: URL): string | null {
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'A hub address must use https; plain http is allowed only for localhost, 127.0.0.1 and [::1].';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `A hub address must start with https://, not ${excerpt(url.protocol, 20)}.`;
  }
  if (url.username !== '' || url.password !== '') {
    return 'A hub address must not contain a user name or password.';
  }
  if (url.search !== '' || url.hash !== '') {
    return 'A hub address must not contain a query (?…) or a fragment (#…).';
  }
  return null;
}
