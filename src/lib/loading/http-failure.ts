// Turns every way a model download can fail into a GlassboxError that says which file, why, and what to
// do. Hub answers carry X-Error-Code (RepoNotFound, RevisionNotFound, EntryNotFound, GatedRepo), which
// tells "no such repo" from "no such file" from "gated"; other servers get the plain HTTP meaning.
import { GlassboxError } from '../errors.ts';

/** owner/name, revision and file of a hub resolve URL (…/owner/name/resolve/rev/path), if it is one. */
export function hubPartsOf(url: string): { repo: string; revision: string; file: string } | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const match = /\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
  if (!match) return null;
  const [, repo = '', revision = '', file = ''] = match;
  return {
    repo: decodeURIComponent(repo),
    revision: decodeURIComponent(revision),
    file: decodeURIComponent(file),
  };
}

/** Errors that are a server's own "no such file" (404/410), as opposed to a page answered instead. */
const absences = new WeakSet<GlassboxError>();

/** True for a plain 404/410 about the file: the folder really has no such file. */
export function isHttpAbsence(error: unknown): boolean {
  return error instanceof GlassboxError && absences.has(error);
}

/** The model file is absent (404 or an HTML page where bytes were expected). */
export function fileMissing(url: string, why: string): GlassboxError {
  const hub = hubPartsOf(url);
  if (hub) {
    return new GlassboxError({
      code: 'model-file-missing',
      message: `${hub.repo} has no file ${hub.file} (${why}).`,
      remedy: hub.file.startsWith('onnx/')
        ? 'This precision variant is not in the repo: choose another one, or check that the repo has an onnx/ folder (the transformers.js layout).'
        : 'Check that the repo is in the transformers.js layout.',
    });
  }
  return new GlassboxError({
    code: 'model-file-missing',
    message: `The model file ${url} is missing (${why}).`,
    remedy: 'Check that the model folder holds this file; for an embedded model, restore the models/ folder.',
  });
}

/** A server answered an HTML page (an SPA fallback, a login page) where the file's bytes were expected. */
export function htmlInsteadOfFile(url: string): GlassboxError {
  return fileMissing(url, 'the server answered with an HTML page instead of the file');
}

/** A response that is not 2xx → the error to show. */
export function httpFailure(url: string, response: Response): GlassboxError {
  const status = response.status;
  const hubCode = response.headers.get('x-error-code') ?? '';
  const hub = hubPartsOf(url);
  const repo = hub?.repo ?? url;
  if (hubCode === 'RepoNotFound' && status === 404) {
    return new GlassboxError({
      code: 'model-not-found',
      message: `There is no model ${repo} on the hub (HTTP 404).`,
      remedy: 'Check the id: it looks like owner/name, exactly as on the model page.',
    });
  }
  if (hubCode === 'RevisionNotFound') {
    return new GlassboxError({
      code: 'model-not-found',
      message: `${repo} has no revision ${hub?.revision ?? ''} (HTTP ${status}).`,
      remedy: 'Use the main branch, or a tag or commit the repo has.',
    });
  }
  if (status === 404 || status === 410) {
    const error = fileMissing(url, `HTTP ${status}`);
    absences.add(error);
    return error;
  }
  if (hubCode === 'GatedRepo') {
    return new GlassboxError({
      code: 'model-access-denied',
      message: `${repo} is gated: its authors only share it with signed-in users who accepted their terms (HTTP ${status}).`,
      remedy:
        'Glassbox downloads anonymously and sends no token, so gated models cannot be opened here. Use an ungated copy.',
    });
  }
  if (status === 401 || status === 403) {
    return new GlassboxError({
      code: 'model-access-denied',
      message: hub
        ? `The hub refused access to ${repo} (HTTP ${status}): the repo is private, or it does not exist.`
        : `The server refused access to ${url} (HTTP ${status}).`,
      remedy: hub
        ? 'Check the id. Private models cannot be opened here, because Glassbox sends no credentials.'
        : 'The file needs credentials, which Glassbox never sends. Use a public address.',
    });
  }
  if (status === 429) {
    return new GlassboxError({
      code: 'fetch-failed',
      message: `The server is rate-limiting downloads of ${url} (HTTP 429).`,
      remedy: 'Wait a minute and load the model again.',
    });
  }
  return new GlassboxError({
    code: 'fetch-failed',
    message: `Fetching ${url} failed with HTTP ${status}.`,
    remedy:
      status >= 500 ? 'The server had a problem; try again later.' : 'Check the address and load again.',
  });
}

/** fetch() itself rejected: no answer at all. Browsers deliberately hide whether CORS or the network. */
export function requestFailure(url: string, error: unknown, online: boolean): GlassboxError {
  const detail = error instanceof Error ? error.message : String(error);
  if (!online) {
    return new GlassboxError({
      code: 'network-unreachable',
      message: `You are offline, and ${url} is not saved in this browser.`,
      remedy: 'Reconnect, or open a model you made available offline (Models tab → Saved for offline use).',
      detail,
    });
  }
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // keep the whole string
  }
  return new GlassboxError({
    code: 'network-unreachable',
    message: `Could not reach ${host}: no answer came back. Most often this computer cannot reach it (no internet, a network that blocks it, or a mistyped address); less often the server does not let other websites download its files (no CORS headers).`,
    remedy:
      'Check your connection and the address. A server you control must send Access-Control-Allow-Origin (Hugging Face does); otherwise download the file and open it from disk.',
    detail,
  });
}

export function downloadCancelled(url: string): GlassboxError {
  return new GlassboxError({
    code: 'download-cancelled',
    message: `The download of ${url} was cancelled.`,
    remedy: 'Nothing was saved from it; the model you had keeps working. Load again to restart.',
  });
}

export function downloadIncomplete(
  url: string,
  loaded: number,
  total: number | null,
  detail?: string,
): GlassboxError {
  const data = {
    code: 'download-incomplete' as const,
    message:
      total === null
        ? `The download of ${url} broke off after ${loaded} bytes.`
        : `The download of ${url} broke off after ${loaded} of ${total} bytes.`,
    remedy: 'Nothing half-downloaded was kept. Check the connection and load the model again.',
  };
  return new GlassboxError(detail === undefined ? data : { ...data, detail });
}

export function isQuotaError(error: unknown): boolean {
  return error instanceof DOMException
    ? error.name === 'QuotaExceededError'
    : error instanceof Error && /quota/i.test(error.message);
}
