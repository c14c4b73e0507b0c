// Everything a model location needs before a session can be made: the optional JSON files of its folder,
// the .onnx file, and any external-data files its weights live in, with one progress report over all
// of them. The model is decoded once here for its facts, its inputs/outputs and its external files.
import { GlassboxError } from '../errors.ts';
import type { OnnxModel } from '../onnx/index.ts';
import type { ExternalDataFile } from '../runtime/onnx-runtime.ts';
import { ioSignatureOf, type IoSignature } from '../sources/io-signature.ts';
import type { ModelFileRole, ModelLocation } from '../sources/model-location.ts';
import { urlInFolder } from '../sources/url-policy.ts';
import { excerpt } from '../visible-text.ts';
import { DownloadTracker, type DownloadSnapshot } from './download-progress.ts';
import { parseJsonFile } from './fetch-file.ts';
import { downloadFile, rememberAbsent, type DownloadContext } from './file-download.ts';
import { isHttpAbsence } from './http-failure.ts';
import { decodeOrExplain, modelFactsOf, type ModelFacts } from './model-facts.ts';
import { modelFlops } from '../flops/model-flops.ts';

export type JsonRole = Exclude<ModelFileRole, 'model'>;

export interface ModelDownload {
  location: ModelLocation;
  modelBytes: Uint8Array<ArrayBuffer>;
  /** Parsed JSON of the folder's optional files; null where the folder has none. */
  json: Record<JsonRole, unknown>;
  externalData: ExternalDataFile[];
  facts: ModelFacts;
  signature: IoSignature;
  /**
   * FLOPs per node at the model's default input shapes (batch 1, sequence 128, the model's image size):
   * what the thread rule reads. Null when shapes could not be followed through the graph.
   */
  flopsPerNode: number | null;
  /** Every file came from the browser cache (nothing was downloaded). */
  fromCache: boolean;
  /** Why the model was not saved for offline use, or null. */
  cacheProblem: string | null;
}

export const JSON_ROLES: readonly JsonRole[] = [
  'config',
  'tokenizer',
  'tokenizerConfig',
  'preprocessorConfig',
  'metrics',
  'modules',
  'pooling',
];

/** Where an optional file's absence is normal: a 404 for it means "this folder has none". */
export function isAbsent(error: unknown, location: ModelLocation): boolean {
  if (!(error instanceof GlassboxError)) return false;
  if (error.code === 'download-cancelled') return false;
  // Siblings of a bare URL are guesses: whatever the server says about them, the model may not need them.
  if (location.origin === 'url') return true;
  return error.code === 'model-file-missing';
}

/** The external-data files the model's initializers name, in first-use order. */
export function externalDataLocations(model: OnnxModel): string[] {
  const files = new Set<string>();
  for (const tensor of model.graph.initializers) {
    if (tensor.storage.kind === 'external') files.add(tensor.storage.file);
  }
  return [...files];
}

/** The file name at the end of a URL's path (decoded), shown in progress; the URL itself if none. */
export function fileNameOf(url: string): string {
  try {
    const path = new URL(url).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || url;
  } catch {
    return url;
  }
}

/** The name of url in messages: a picked file's path for its blob: URL, else the URL's file name. */
export function displayNameOf(location: ModelLocation, url: string): string {
  return location.fileNames?.[url] ?? fileNameOf(url);
}

/**
 * error with every blob: URL of a picked file replaced by that file's path: "blob:…/3f2a…" means nothing to
 * the person who picked "model.onnx". Other errors pass through unchanged.
 */
export function withFileNames(error: unknown, location: ModelLocation): unknown {
  const names = Object.entries(location.fileNames ?? {});
  if (!(error instanceof GlassboxError) || names.length === 0) return error;
  const rename = (text: string): string =>
    names.reduce((renamed, [url, name]) => renamed.split(url).join(name), text);
  return new GlassboxError({
    code: error.code,
    message: rename(error.message),
    remedy: rename(error.remedy),
    ...(error.detail === undefined ? {} : { detail: rename(error.detail) }),
  });
}

/**
 * URL of an external-data file: given with a local folder, or next to a remote model file. The name comes
 * from the model, which anyone may have written, so it must resolve inside the model's own folder.
 */
export function externalDataUrl(location: ModelLocation, file: string, modelName: string): string {
  const given = location.externalData[file] ?? location.externalData[file.split('/').pop() ?? file];
  if (given) return given;
  if (location.origin === 'local' || location.files.model.startsWith('blob:')) {
    throw new GlassboxError({
      code: 'external-data-missing',
      message: `${modelName} keeps its weights in a separate file, ${excerpt(file)}, which was not given.`,
      remedy: `Open the folder that holds both ${modelName} and ${excerpt(file)}, or select both files together.`,
    });
  }
  const checked = urlInFolder(file, location.files.model);
  if (!checked.ok) {
    throw new GlassboxError({
      code: 'source-rejected',
      message: `${modelName} names its weights file “${excerpt(file)}”, which Glassbox will not download: ${checked.reason}.`,
      remedy:
        'A model may only keep its weights in files inside its own folder. Re-export it with a plain file name such as model.onnx_data, or open it from a source you trust.',
    });
  }
  return checked.url;
}

export async function downloadModel(
  location: ModelLocation,
  context: DownloadContext,
  onProgress: (snapshot: DownloadSnapshot) => void = () => {},
): Promise<ModelDownload> {
  const tracker = new DownloadTracker();
  let cacheProblem: string | null = null;
  let allFromCache = true;
  /** Cache entries this open wrote: removed again if the model itself cannot be had. */
  const written: string[] = [];
  const fetchTracked = async (url: string, name: string): Promise<Uint8Array<ArrayBuffer>> => {
    tracker.start(name, null);
    const file = await downloadFile(url, context, (loaded, total, fromCache) => {
      tracker.report(name, loaded, total, fromCache);
      onProgress(tracker.snapshot());
    });
    tracker.finish(name);
    onProgress(tracker.snapshot());
    allFromCache &&= file.fromCache;
    cacheProblem ??= file.cacheProblem;
    if (context.cache && !file.fromCache && file.cacheProblem === null) written.push(url);
    return file.bytes;
  };

  // Every file known up front is listed (size unknown) before any arrives, so the bar stays
  // indeterminate until the model's size is known instead of filling up on config.json alone.
  for (const role of JSON_ROLES) {
    const url = location.files[role];
    if (url) tracker.start(displayNameOf(location, url), null);
  }
  tracker.start(displayNameOf(location, location.files.model), null);
  onProgress(tracker.snapshot());

  const json = Object.fromEntries(JSON_ROLES.map((role) => [role, null])) as Record<JsonRole, unknown>;
  try {
    // allSettled, not all: when one file fails, the others are still being written, and each must have
    // finished (and be listed in `written`) before the cleanup below can remove it.
    const settled = await Promise.allSettled(
      JSON_ROLES.map(async (role) => {
        const url = location.files[role];
        if (!url) return;
        try {
          json[role] = parseJsonFile(await fetchTracked(url, displayNameOf(location, url)), url);
        } catch (error) {
          if (!isAbsent(error, location)) throw error;
          tracker.finish(displayNameOf(location, url));
          if (context.cache && isHttpAbsence(error)) {
            await rememberAbsent(context.cache, url);
            written.push(url);
          }
        }
      }),
    );
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return await downloadWeights(location, json, fetchTracked, () => ({ allFromCache, cacheProblem }));
  } catch (error) {
    // A model that cannot be opened is not "saved", not even in part: drop every file this open wrote.
    const cache = context.cache;
    if (cache) await Promise.all(written.map((url) => cache.delete(url).catch(() => false)));
    throw withFileNames(error, location);
  }
}

/** Total FLOPs over node count at default shapes; null when nothing could be counted. */
function flopsPerNodeOf(model: OnnxModel): number | null {
  try {
    const flops = modelFlops(model);
    const nodes = model.graph.nodes.length;
    return nodes > 0 && flops.total > 0 ? flops.total / nodes : null;
  } catch {
    return null;
  }
}

/** The .onnx file and its external data, decoded once for facts and signature. */
async function downloadWeights(
  location: ModelLocation,
  json: Record<JsonRole, unknown>,
  fetchTracked: (url: string, name: string) => Promise<Uint8Array<ArrayBuffer>>,
  outcome: () => { allFromCache: boolean; cacheProblem: string | null },
): Promise<ModelDownload> {
  const modelName = displayNameOf(location, location.files.model);
  const modelBytes = await fetchTracked(location.files.model, modelName);
  const model = decodeOrExplain(modelBytes, modelName);
  const externalData: ExternalDataFile[] = [];
  for (const file of externalDataLocations(model)) {
    const url = externalDataUrl(location, file, modelName);
    try {
      externalData.push({ path: file, data: await fetchTracked(url, file) });
    } catch (error) {
      if (error instanceof GlassboxError && error.code === 'model-file-missing') {
        throw new GlassboxError({
          code: 'external-data-missing',
          message: `${modelName} keeps its weights in a separate file, ${file}, which is not there (${error.message})`,
          remedy: 'The model cannot run without it. Check that the file was uploaded next to the model.',
        });
      }
      throw error;
    }
  }
  return {
    location,
    modelBytes,
    json,
    externalData,
    facts: await modelFactsOf(model, modelBytes),
    signature: ioSignatureOf(model),
    flopsPerNode: flopsPerNodeOf(model),
    fromCache: outcome().allFromCache,
    cacheProblem: outcome().cacheProblem,
  };
}
