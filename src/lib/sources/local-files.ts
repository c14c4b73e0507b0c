// Files a user picked or dropped (one .onnx, several files, or a whole folder) → the ModelLocation the
// worker loads, by choosing the model file and giving the other files their roles.

import { formatList } from '../format.ts';
import { visibleText } from '../visible-text.ts';
import { DTYPE_SUFFIX } from './hub.ts';
import { FOLDER_FILES, type FolderFileRole, type ModelLocation } from './model-location.ts';

export interface PickedFile {
  /**
   * Path inside the picked folder without the top folder's name ("onnx/model.onnx", "config.json"), or
   * just the file name when single files were picked.
   */
  path: string;
  /** A blob: URL the caller made for the file. */
  url: string;
  size: number;
}

export type LocalLocationResult =
  { ok: true; location: ModelLocation; modelPath: string; ignored: string[] } | { ok: false; reason: string };

/** Where torch.onnx and transformers.js put external data: <model>.onnx_data, .onnx.data, .onnx_data_<n>. */
const EXTERNAL_DATA_TAIL = /^(?:_data|\.data|_data_\d+)$/;

/** Names listed in a message before "and N more". */
const LISTED_NAMES = 6;

/**
 * Chooses the model among the picked files and gives the rest their roles. The model is the only .onnx;
 * among several, onnx/model.onnx, then model.onnx, then the only one with an fp32 name (no
 * transformers.js precision suffix such as _quantized). Role files (config.json, …) are taken from the
 * picked folder's root, else beside the model, else from the folder above it (the hub layout puts the model
 * in onnx/). External data, keyed by file name as ONNX locations are relative to the model: files named
 * after the model (<model>.onnx_data, …) and any other non-JSON file beside the model, except another
 * model's data and hidden files. serial tells apart files picked at different times under one name.
 */
export function localLocation(
  files: readonly PickedFile[],
  serial: number,
  label?: string,
): LocalLocationResult {
  const onnxFiles = files.filter((file) => isOnnx(file.path));
  const chosen = chooseModel(onnxFiles);
  if (chosen === null) return { ok: false, reason: noModelReason(files, onnxFiles) };

  const used = new Set<PickedFile>([chosen]);
  const modelFolder = folderOf(chosen.path);
  const roleFolders = [...new Set(['', modelFolder, folderOf(modelFolder)])];
  const locationFiles: ModelLocation['files'] = { model: chosen.url };
  for (const [role, name] of Object.entries(FOLDER_FILES) as Array<[FolderFileRole, string]>) {
    const file = roleFolders
      .map((folder) => files.find((candidate) => candidate.path === joinPath(folder, name)))
      .find((candidate) => candidate !== undefined);
    if (file === undefined) continue;
    locationFiles[role] = file.url;
    used.add(file);
  }

  const externalData = externalDataFor(chosen, files, onnxFiles);
  for (const file of externalData.values()) used.add(file);

  const modelName = baseName(chosen.path);
  const name = label ?? modelName;
  return {
    ok: true,
    location: {
      key: `local:${name}#${serial}`,
      label: visibleText(name),
      origin: 'local',
      files: locationFiles,
      externalData: Object.fromEntries([...externalData].map(([location, file]) => [location, file.url])),
      fileNames: Object.fromEntries([...used].map((file) => [file.url, file.path])),
      cache: false,
    },
    modelPath: chosen.path,
    ignored: files.filter((file) => !used.has(file)).map((file) => file.path),
  };
}

function chooseModel(onnxFiles: readonly PickedFile[]): PickedFile | null {
  if (onnxFiles.length === 1) return onnxFiles[0] ?? null;
  for (const preferred of ['onnx/model.onnx', 'model.onnx']) {
    const file = onnxFiles.find((candidate) => candidate.path === preferred);
    if (file !== undefined) return file;
  }
  const fp32 = onnxFiles.filter((file) => isFp32Name(baseName(file.path)));
  return fp32.length === 1 ? (fp32[0] ?? null) : null;
}

/** "encoder.onnx" is fp32; "encoder_quantized.onnx", "encoder_fp16.onnx", … are other precisions. */
function isFp32Name(fileName: string): boolean {
  const stem = fileName.replace(/\.onnx$/i, '');
  return Object.values(DTYPE_SUFFIX).every((suffix) => suffix === '' || !stem.endsWith(suffix));
}

function noModelReason(files: readonly PickedFile[], onnxFiles: readonly PickedFile[]): string {
  if (files.length === 0) return 'No .onnx file among the picked files: none were picked.';
  if (onnxFiles.length === 0) return `No .onnx file among ${listNames(files)}.`;
  return (
    `The picked files hold several .onnx models (${listNames(onnxFiles)}); ` +
    'pick one .onnx file, with its config.json and tokenizer.json if it has them.'
  );
}

function listNames(files: readonly PickedFile[]): string {
  return formatList(
    files.map((file) => file.path),
    LISTED_NAMES,
  );
}

/** External-data files by the location the model names them with (their file name). */
function externalDataFor(
  model: PickedFile,
  files: readonly PickedFile[],
  onnxFiles: readonly PickedFile[],
): Map<string, PickedFile> {
  const modelName = baseName(model.path);
  const modelFolder = folderOf(model.path);
  const otherModels = onnxFiles.filter((file) => file !== model).map((file) => baseName(file.path));
  const byLocation = new Map<string, PickedFile>();
  // Files beside the model first, so one of them wins over a same-named file elsewhere.
  const ordered = [...files].sort(
    (a, b) => Number(folderOf(b.path) === modelFolder) - Number(folderOf(a.path) === modelFolder),
  );
  for (const file of ordered) {
    const name = baseName(file.path);
    if (file === model || byLocation.has(name)) continue;
    const namedAfterModel = isDataOf(name, modelName);
    const besideModel =
      folderOf(file.path) === modelFolder &&
      !isOnnx(name) &&
      !/\.json$/i.test(name) &&
      !name.startsWith('.') &&
      !otherModels.some((other) => isDataOf(name, other));
    if (namedAfterModel || besideModel) byLocation.set(name, file);
  }
  return byLocation;
}

function isDataOf(fileName: string, modelName: string): boolean {
  return fileName.startsWith(modelName) && EXTERNAL_DATA_TAIL.test(fileName.slice(modelName.length));
}

function isOnnx(path: string): boolean {
  return /\.onnx$/i.test(path);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** "onnx/model.onnx" → "onnx"; "model.onnx" → "" (the root); "" → "". */
function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function joinPath(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}
