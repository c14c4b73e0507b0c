// The files kept in the model cache (offline-save.ts), grouped for the "Saved for offline use" list: hub
// files by repo and revision, other downloads by the folder they came from. Only the URLs and headers of
// the cached responses are read, never their bodies, so listing gigabytes of models costs nothing.
import { SAVED_AT_HEADER } from './file-download.ts';
import { hubPartsOf } from './http-failure.ts';
import { visibleText } from '../visible-text.ts';

/** One cached file as the cache lists it: its URL, its size (Content-Length) and when it was saved. */
export interface SavedEntry {
  url: string;
  bytes: number;
  /** ISO date of the SAVED_AT_HEADER, or null when absent or unreadable. */
  savedAt: string | null;
}

export interface SavedFile {
  url: string;
  /** Path inside the repo for hub files ("onnx/model.onnx"), else the file name. */
  name: string;
  bytes: number;
  savedAt: string | null;
}

export interface SavedGroup {
  /** "owner/name@revision" for hub files, else the URL of the folder (ending in "/"). */
  key: string;
  /** What the user calls it: the repo (with "@revision" when not main), or host and folder path. */
  label: string;
  /** Sorted by name. */
  files: SavedFile[];
  bytes: number;
  /** The newest savedAt of its files. */
  savedAt: string | null;
}

/** The revision a hub label leaves out. Mirrors DEFAULT_REVISION in sources/hub.ts. */
const MAIN_REVISION = 'main';

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A valid ISO-like date → itself; anything else → null (a header anyone could have written). */
function checkedDate(value: string | null): string | null {
  if (value === null || value.trim() === '') return null;
  return Number.isNaN(Date.parse(value)) ? null : value;
}

function checkedBytes(bytes: number): number {
  return Number.isFinite(bytes) && bytes >= 0 ? bytes : 0;
}

/** The URL and headers of one cached response → its entry (size from Content-Length, else 0). */
export function savedEntryOf(url: string, headers: Pick<Headers, 'get'>): SavedEntry {
  const length = headers.get('content-length');
  const bytes = length !== null && /^\d+$/.test(length.trim()) ? Number(length.trim()) : 0;
  return { url, bytes, savedAt: checkedDate(headers.get(SAVED_AT_HEADER)) };
}

/** Which group a URL belongs to, and the file's name inside it. */
function placeOf(url: string): { key: string; label: string; name: string } {
  const hub = hubPartsOf(url);
  if (hub) {
    return {
      key: `${hub.repo}@${hub.revision}`,
      label: hub.revision === MAIN_REVISION ? hub.repo : `${hub.repo}@${hub.revision}`,
      name: hub.file,
    };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { key: url, label: url, name: url };
  }
  const folder = new URL('.', parsed);
  const segment = parsed.pathname.slice(parsed.pathname.lastIndexOf('/') + 1);
  const folderPath = safeDecode(folder.pathname).replace(/\/+$/, '');
  return {
    key: folder.href,
    label: `${folder.host}${folderPath}` || folder.href,
    name: segment === '' ? parsed.href : safeDecode(segment),
  };
}

/** Newest first; an unknown date sorts after every known one. */
function newer(a: string | null, b: string | null): number {
  const time = (value: string | null): number => (value === null ? -Infinity : Date.parse(value));
  const ta = time(a);
  const tb = time(b);
  return ta === tb ? 0 : ta > tb ? -1 : 1;
}

function newest(a: string | null, b: string | null): string | null {
  return newer(a, b) <= 0 ? a : b;
}

/** Cached files → groups, newest saved first (then by label); files in a group sorted by name. */
export function groupSavedFiles(entries: ReadonlyArray<SavedEntry>): SavedGroup[] {
  const groups = new Map<string, SavedGroup>();
  for (const entry of entries) {
    const place = placeOf(entry.url);
    const { key } = place;
    // Names decoded from URLs may hold any character: made visible so none can hide or reorder text.
    const label = visibleText(place.label);
    const name = visibleText(place.name);
    const savedAt = checkedDate(entry.savedAt);
    const bytes = checkedBytes(entry.bytes);
    let group = groups.get(key);
    if (group === undefined) {
      group = { key, label, files: [], bytes: 0, savedAt: null };
      groups.set(key, group);
    }
    group.files.push({ url: entry.url, name, bytes, savedAt });
    group.bytes += bytes;
    group.savedAt = newest(group.savedAt, savedAt);
  }
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  for (const group of groups.values()) {
    group.files.sort((a, b) => byText(a.name, b.name) || byText(a.url, b.url));
  }
  return [...groups.values()].sort(
    (a, b) => newer(a.savedAt, b.savedAt) || byText(a.label, b.label) || byText(a.key, b.key),
  );
}

/** Bytes of every group together. */
export function totalSavedBytes(groups: ReadonlyArray<SavedGroup>): number {
  return groups.reduce((sum, group) => sum + group.bytes, 0);
}
