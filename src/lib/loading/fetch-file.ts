// Fetches one model file with byte progress, and turns every way a file can be missing or wrong into a
// GlassboxError that names the file. Dev servers with an SPA fallback answer a missing file with
// index.html and status 200, so HTML where bytes or JSON were expected counts as "missing".
import { GlassboxError } from '../errors.ts';
import { fileMissing, htmlInsteadOfFile } from './http-failure.ts';

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface FileProgress {
  file: string;
  loadedBytes: number;
  totalBytes: number | null;
}

const HTML_START = /^\s*<(!doctype|html|head|body|\?xml|!--)/i;

/** True when the first bytes look like an HTML page rather than model data. */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 256));
  return HTML_START.test(head);
}

/**
 * What every downloaded file must pass whatever its source: not empty, and not an HTML page (a server
 * that answers a missing file with its index.html and status 200).
 */
export function checkFileContent(bytes: Uint8Array, url: string): void {
  if (bytes.byteLength === 0) {
    throw new GlassboxError({
      code: 'model-file-invalid',
      message: `The file ${url} is empty.`,
      remedy: 'Replace it with the complete file.',
    });
  }
  if (looksLikeHtml(bytes)) throw htmlInsteadOfFile(url);
}

/**
 * Reads a whole stream into one buffer of sizeHint bytes when the size is known (grown by doubling when it
 * is not, or was wrong), so a large model is held only once. onLoaded gets the byte count after each chunk.
 */
export async function readStream(
  body: ReadableStream<Uint8Array>,
  sizeHint: number | null,
  onLoaded: (loadedBytes: number) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  let buffer: Uint8Array<ArrayBuffer> = new Uint8Array(sizeHint ?? 1 << 20);
  let loaded = 0;
  onLoaded(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (loaded + value.byteLength > buffer.byteLength) {
      const grown = new Uint8Array(Math.max(buffer.byteLength * 2, loaded + value.byteLength));
      grown.set(buffer.subarray(0, loaded));
      buffer = grown;
    }
    buffer.set(value, loaded);
    loaded += value.byteLength;
    onLoaded(loaded);
  }
  return loaded === buffer.byteLength ? buffer : buffer.slice(0, loaded);
}

/**
 * The length of a response's body as the page will read it: its Content-Length, or null when absent, not
 * a plain number, or counting compressed bytes (Content-Encoding gzip, br…: fetch hands over the decoded
 * body, which is longer). Browsers hide Content-Encoding on cross-origin responses that do not expose it,
 * so callers must also accept a body longer than this: a server cannot send more than it announced, so
 * more bytes always mean decoding, and only fewer bytes mean a download that broke off.
 */
export function contentLength(response: Response): number | null {
  const encoding = (response.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') return null;
  const header = response.headers.get('content-length');
  return header !== null && /^\d+$/.test(header) ? Number(header) : null;
}

async function readWithProgress(
  response: Response,
  url: string,
  onProgress?: (progress: FileProgress) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  const totalBytes = contentLength(response);
  const report = (loadedBytes: number): void => onProgress?.({ file: url, loadedBytes, totalBytes });
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    report(bytes.byteLength);
    return bytes;
  }
  const bytes = await readStream(response.body, totalBytes, report);
  if (totalBytes !== null && bytes.byteLength < totalBytes) {
    throw new GlassboxError({
      code: 'fetch-failed',
      message: `The download of ${url} stopped after ${bytes.byteLength} of ${totalBytes} bytes.`,
      remedy: 'Check the connection and load the model again.',
    });
  }
  return bytes;
}

/** Fetches url as bytes; throws GlassboxError naming url when it is missing, HTML or unreachable. */
export async function fetchFileBytes(
  url: string,
  fetchImpl: FetchLike,
  onProgress?: (progress: FileProgress) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (error) {
    throw new GlassboxError({
      code: 'fetch-failed',
      message: `Could not fetch ${url}.`,
      remedy: 'Check that the server is running and reachable, then load the model again.',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
  if (response.status === 404 || response.status === 410) throw fileMissing(url, `HTTP ${response.status}`);
  if (!response.ok) {
    throw new GlassboxError({
      code: 'fetch-failed',
      message: `Fetching ${url} failed with HTTP ${response.status}.`,
      remedy: 'Check the server and load the model again.',
    });
  }
  const bytes = await readWithProgress(response, url, onProgress);
  checkFileContent(bytes, url);
  if ((response.headers.get('content-type') ?? '').includes('text/html')) throw htmlInsteadOfFile(url);
  return bytes;
}

/** Fetches and parses a JSON file of a model folder, with the same checks as fetchFileBytes. */
export async function fetchJsonFile(url: string, fetchImpl: FetchLike): Promise<unknown> {
  return parseJsonFile(await fetchFileBytes(url, fetchImpl), url);
}

/** Parses the bytes of url as JSON; a file that is not JSON is model-config-invalid, naming url. */
export function parseJsonFile(bytes: Uint8Array, url: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch (error) {
    throw new GlassboxError({
      code: 'model-config-invalid',
      message: `${url} is not valid JSON.`,
      remedy: 'Replace it with the file that belongs to the model.',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}
