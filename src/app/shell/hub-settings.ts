// The hub address models are downloaded from: huggingface.co by default, or a mirror the user sets
// (https://hf-mirror.com, or a workshop's own server in the room). It is kept in this browser only and
// can never come from a link, so a shared link cannot redirect downloads to another server.
import { browserStorage } from './browser-storage.ts';
import { checkHubUrl, DEFAULT_HUB_URL } from '../../lib/sources/hub.ts';

export const HUB_URL_STORAGE_KEY = 'glassbox.hubUrl';

/** The saved hub address when it is still valid, else the default. */
export function readHubUrl(): string {
  const saved = browserStorage()?.getItem(HUB_URL_STORAGE_KEY);
  if (!saved) return DEFAULT_HUB_URL;
  const checked = checkHubUrl(saved);
  return checked.ok ? checked.url : DEFAULT_HUB_URL;
}

/** Saves a new hub address; returns the reason when it is refused. An empty text restores the default. */
export function writeHubUrl(text: string): { ok: true; url: string } | { ok: false; reason: string } {
  if (text.trim() === '') {
    browserStorage()?.removeItem(HUB_URL_STORAGE_KEY);
    return { ok: true, url: DEFAULT_HUB_URL };
  }
  const checked = checkHubUrl(text);
  if (checked.ok) browserStorage()?.setItem(HUB_URL_STORAGE_KEY, checked.url);
  return checked;
}
