// Where a model's files come from, whatever the source: an embedded catalog model, a Hugging Face hub repo
// (one precision variant), an https URL of one .onnx file, or files the user picked on disk. The worker
// loads every source the same way: by fetching these absolute URLs (blob: URLs for local files).

import type { TaskId } from '../tasks/registry.ts';

/** The files of a model folder in the transformers.js hub layout, by role. */
export type ModelFileRole =
  | 'model'
  | 'config'
  | 'tokenizer'
  | 'tokenizerConfig'
  | 'preprocessorConfig'
  | 'metrics'
  /** A sentence-transformers folder's module list, and its Pooling module's settings. */
  | 'modules'
  | 'pooling';

/** The optional files beside a model in the hub layout (the model itself sits in onnx/), by role. */
export const FOLDER_FILES = {
  config: 'config.json',
  tokenizer: 'tokenizer.json',
  tokenizerConfig: 'tokenizer_config.json',
  preprocessorConfig: 'preprocessor_config.json',
  modules: 'modules.json',
  pooling: '1_Pooling/config.json',
} as const satisfies Partial<Record<ModelFileRole, string>>;

export type FolderFileRole = keyof typeof FOLDER_FILES;

/** The URL of every folder file, given how a file name becomes a URL in that folder. */
export function folderFileUrls(urlOf: (fileName: string) => string): Record<FolderFileRole, string> {
  const urls = {} as Record<FolderFileRole, string>;
  for (const role of Object.keys(FOLDER_FILES) as FolderFileRole[]) urls[role] = urlOf(FOLDER_FILES[role]);
  return urls;
}

export type ModelOrigin = 'embedded' | 'hub' | 'url' | 'local';

export interface ModelLocation {
  /**
   * Identity of the model: the worker keeps one loaded model per key, the cache groups files by it.
   * "embedded:<id>", "hub:<owner/name>@<revision>#<dtype>", "url:<url>", "local:<name>#<n>".
   */
  key: string;
  /** What the user calls it (catalog name, hub id, file name); shown as text, never as HTML. */
  label: string;
  origin: ModelOrigin;
  /** Absolute URLs by role (https:, http: on this origin or loopback, or blob:). Only model is required. */
  files: { model: string } & Partial<Record<Exclude<ModelFileRole, 'model'>, string>>;
  /**
   * External-data files the model may reference (ONNX `external_data` locations such as
   * "model.onnx_data"), by location → URL. A location the model needs and this map lacks is an error.
   */
  externalData: Record<string, string>;
  /**
   * What a URL is called in messages where the URL means nothing to the user: the blob: URLs of picked
   * files → their paths ("onnx/model.onnx"). Absent for remote sources, whose URLs are their names.
   */
  fileNames?: Record<string, string>;
  /** Keep downloaded files in the browser cache for offline use (remote sources only). */
  cache: boolean;
}

/** The tasks a model can be shown as (the task registry's ids); 'generic' is the tensor view. */
export type ModelTaskKind = TaskId;
