// Which model URLs a user (or a shared link) may open, and the ModelLocation of one .onnx URL.
// A shared link is written by someone else, so every check here assumes the text may be hostile: it is
// never run, never shown as HTML, and is echoed back in messages only in a short, flattened excerpt.

import { excerpt, visibleText } from '../visible-text.ts';
import { folderFileUrls, type ModelLocation } from './model-location.ts';

/** Longer addresses are refused before parsing; real model URLs, even signed ones, stay far below. */
export const MAX_URL_LENGTH = 2048;

/** Hosts on this machine: plain http to them never crosses a network, so it is allowed. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A URL's hostname as URL.hostname gives it (IPv6 in brackets) → whether it is this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

export type UrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/** Why each refused scheme is refused, in words a user understands. */
const SCHEME_REASONS: Readonly<Record<string, string>> = {
  'javascript:': 'javascript: addresses run code instead of downloading a file',
  'data:': 'data: addresses carry their content inline, and a model is too large for that',
  'file:': 'file: addresses cannot be read by a web page; open the file with “Open files” instead',
  'blob:': 'blob: addresses only live inside the page that made them',
  'ftp:': 'ftp: is not supported by browsers',
};

/**
 * Checks the address of a model file. Allowed: https, and http only to this machine (localhost,
 * 127.0.0.1, [::1]) or to the page's own origin (pageOrigin, e.g. "http://localhost:5173"), since those
 * never send the model across a network in clear text. Refused: other schemes, user names or passwords
 * in the address, addresses over MAX_URL_LENGTH. Returns the normalized href.
 */
export function checkModelUrl(text: string, pageOrigin: string, from: 'typed' | 'link' = 'typed'): UrlCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, reason: 'Enter the https address of an .onnx file.' };
  if (trimmed.length > MAX_URL_LENGTH) {
    return {
      ok: false,
      reason: `The address is ${trimmed.length} characters long; the limit is ${MAX_URL_LENGTH}.`,
    };
  }
  const url = parseAbsoluteUrl(trimmed);
  if (url === null) {
    return {
      ok: false,
      reason: `“${excerpt(trimmed)}” is not a complete web address; it should start with https://.`,
    };
  }
  const schemeProblem = schemeProblemOf(url, pageOrigin, from);
  if (schemeProblem !== null) return { ok: false, reason: schemeProblem };
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      reason:
        'The address contains a user name or password; remove them, since a shared address would reveal them.',
    };
  }
  return { ok: true, url: url.href };
}

function parseAbsoluteUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** The port a URL connects to: its own, else its scheme's default (an https page on 443 is not port 80). */
function effectivePort(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80');
}

/** null when the scheme (and, for http, the host) may be opened; else the reason it may not. */
function schemeProblemOf(url: URL, pageOrigin: string, from: 'typed' | 'link'): string | null {
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    if (url.origin === pageOrigin) return null;
    // A typed address is the user's own choice; a link is a stranger's, and must not make this browser
    // probe services on other ports of this machine: only localhost on the page's own port.
    const samePort = effectivePort(url) === effectivePort(new URL(pageOrigin));
    if (isLoopbackHost(url.hostname) && (from === 'typed' || samePort)) return null;
    if (from === 'link' && isLoopbackHost(url.hostname)) {
      return `Links may open plain-http addresses only on this page’s own server; ${excerpt(url.host)} is another service on this computer.`;
    }
    return `Only https addresses can be opened; http://${excerpt(url.host)} would send the model in clear text.`;
  }
  const why = SCHEME_REASONS[url.protocol];
  if (why !== undefined) return `Only https addresses can be opened; ${why}.`;
  return `Only https addresses can be opened, not ${excerpt(url.protocol, 20)} addresses.`;
}

/**
 * The location of one .onnx address that checkModelUrl accepted. Sibling files are looked for where the
 * Hugging Face layout puts them: in the parent folder when the model sits in a folder named "onnx"
 * (…/repo/onnx/model.onnx → …/repo/config.json), else beside the model. The model's query string (often
 * a signature for that one file) is not carried to them.
 */
export function urlLocation(url: string): ModelLocation {
  const parsed = new URL(url);
  const segments = parsed.pathname.split('/');
  const fileName = segments.pop() ?? '';
  if (segments[segments.length - 1] === 'onnx' && segments.length > 1) segments.pop();
  const folder = `${parsed.origin}${segments.join('/')}/`;
  return {
    key: `url:${url}`,
    label: visibleText(decodeUriPart(fileName) ?? fileName) || parsed.host,
    origin: 'url',
    files: { model: url, ...folderFileUrls((name) => new URL(name, folder).href) },
    externalData: {},
    cache: true,
  };
}

/** decodeURIComponent, or null for malformed escapes ("%E0%A4%A") instead of throwing. */
export function decodeUriPart(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** Characters a file name inside a model must not hold, and why (browsers or servers rewrite them). */
const NAME_CHARACTER_PROBLEMS: readonly [RegExp, string][] = [
  [/^\s|\s$/, 'it starts or ends with white space, which browsers silently drop from addresses'],
  [
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u001f\u007f-\u009f]/,
    'it holds control characters, which browsers silently drop from addresses',
  ],
  [/\\/, 'it holds a backslash, which browsers read as a slash'],
  [/%/, 'it holds percent-encoding, which a browser or server may decode into another path'],
  [/[?#]/, 'it holds “?” or “#”, which would turn part of it into a query instead of a file name'],
  [/^[a-z][a-z0-9+.-]*:/i, 'it is a full address, not a file name beside the model'],
];

/** The folder of a file's URL: everything up to and including the last "/" of its path. */
export function folderOf(url: URL): string {
  return `${url.origin}${url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1)}`;
}

/**
 * The one rule for a file name that a model (or a link) gives relative to a file at baseUrl (e.g. an
 * external-data location next to model.onnx): the name is resolved the way the browser would, then the
 * result must be on the same origin, carry no user name, and lie inside baseUrl's folder. Names that
 * browsers or servers rewrite before resolving (backslashes, control characters, surrounding spaces,
 * percent-escapes) are refused up front, so what is checked is what would be fetched.
 */
export function urlInFolder(name: string, baseUrl: string): UrlCheck {
  if (name === '') return { ok: false, reason: 'the name is empty' };
  if (name.length > MAX_URL_LENGTH) {
    return {
      ok: false,
      reason: `the name is ${name.length} characters long; the limit is ${MAX_URL_LENGTH}`,
    };
  }
  for (const [pattern, reason] of NAME_CHARACTER_PROBLEMS)
    if (pattern.test(name)) return { ok: false, reason };
  const base = new URL(baseUrl);
  let resolved: URL;
  try {
    resolved = new URL(name, base);
  } catch {
    return { ok: false, reason: 'it is not a valid file name in an address' };
  }
  if (resolved.origin !== base.origin) {
    return {
      ok: false,
      reason: `it points to another server (${excerpt(resolved.host || resolved.protocol)})`,
    };
  }
  if (resolved.username !== '' || resolved.password !== '') {
    return { ok: false, reason: 'it carries a user name or password' };
  }
  const folder = folderOf(base);
  if (!resolved.href.startsWith(folder)) {
    return { ok: false, reason: `it points outside the model’s folder (${excerpt(folder, 80)})` };
  }
  return { ok: true, url: resolved.href };
}
