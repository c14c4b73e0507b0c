// Files from a file picker, a folder picker or a drop → paths relative to the chosen folder, so a
// dropped or picked model folder keeps its layout (config.json beside onnx/model.onnx).
import type { LocalPick } from './model-library.svelte.ts';

export interface Picked {
  picks: LocalPick[];
  /** The folder's name when a folder was picked or dropped. */
  folderName?: string;
}

/** Most files read from one dropped folder: a model folder has a handful; a home folder has millions. */
export const MAX_PICKED_FILES = 500;

/** "models/bert/onnx/model.onnx" → folder "models", path "bert/onnx/model.onnx" (without the top folder). */
function splitTop(relativePath: string): { top: string; rest: string } {
  const slash = relativePath.indexOf('/');
  return slash < 0
    ? { top: '', rest: relativePath }
    : { top: relativePath.slice(0, slash), rest: relativePath.slice(slash + 1) };
}

/** From <input type=file multiple> or <input webkitdirectory>. */
export function picksFromFileList(files: ArrayLike<File>): Picked {
  const picks: LocalPick[] = [];
  let folderName: string | undefined;
  for (const file of Array.from(files).slice(0, MAX_PICKED_FILES)) {
    const relative = file.webkitRelativePath;
    if (relative) {
      const { top, rest } = splitTop(relative);
      folderName ??= top || undefined;
      picks.push({ file, path: rest });
    } else {
      picks.push({ file, path: file.name });
    }
  }
  return folderName === undefined ? { picks } : { picks, folderName };
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, picks: LocalPick[]): Promise<void> {
  if (picks.length >= MAX_PICKED_FILES) return;
  if (entry.isFile) {
    picks.push({ file: await fileOf(entry as FileSystemFileEntry), path: `${prefix}${entry.name}` });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in batches (100 in Chromium) until it returns an empty one.
  for (;;) {
    const batch = await readBatch(reader);
    if (batch.length === 0) return;
    for (const child of batch) await walk(child, `${prefix}${entry.name}/`, picks);
  }
}

/** From a drop: files as they are, a dropped folder walked with its layout. */
export async function picksFromDrop(transfer: DataTransfer): Promise<Picked> {
  const entries = Array.from(transfer.items)
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => entry !== null && entry !== undefined);
  if (entries.length === 0) return picksFromFileList(transfer.files);
  const picks: LocalPick[] = [];
  for (const entry of entries) await walk(entry, '', picks);
  const [only] = entries;
  if (entries.length === 1 && only?.isDirectory) {
    const prefix = `${only.name}/`;
    return {
      picks: picks.map((pick) => ({ ...pick, path: pick.path.slice(prefix.length) })),
      folderName: only.name,
    };
  }
  return { picks };
}
