import { describe, expect, it } from 'vitest';
import { SAVED_AT_HEADER } from '../../../src/lib/loading/file-download.ts';
import {
  groupSavedFiles,
  savedEntryOf,
  totalSavedBytes,
  type SavedEntry,
} from '../../../src/lib/loading/saved-files.ts';

const HUB = 'https://huggingface.co';
const BERT = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';

function entry(url: string, bytes: number, savedAt: string | null = null): SavedEntry {
  return { url, bytes, savedAt };
}

describe('groupSavedFiles', () => {
  it('groups hub files by repo and revision, named by their path in the repo', () => {
    const groups = groupSavedFiles([
      entry(`${HUB}/${BERT}/resolve/main/onnx/model_quantized.onnx`, 67_000_000, '2025-01-02T10:00:00.000Z'),
      entry(`${HUB}/${BERT}/resolve/main/config.json`, 700, '2025-01-02T09:59:00.000Z'),
      entry(`${HUB}/${BERT}/resolve/main/tokenizer.json`, 700_000, '2025-01-02T09:59:30.000Z'),
    ]);
    expect(groups).toHaveLength(1);
    const [group] = groups;
    expect(group?.key).toBe(`${BERT}@main`);
    expect(group?.label).toBe(BERT);
    expect(group?.files.map((file) => file.name)).toEqual([
      'config.json',
      'onnx/model_quantized.onnx',
      'tokenizer.json',
    ]);
    expect(group?.bytes).toBe(67_700_700);
    expect(group?.savedAt).toBe('2025-01-02T10:00:00.000Z');
  });

  it('keeps revisions apart and names a revision other than main in the label', () => {
    const groups = groupSavedFiles([
      entry(`${HUB}/owner/model/resolve/main/onnx/model.onnx`, 10, '2025-01-01T00:00:00Z'),
      entry(`${HUB}/owner/model/resolve/v1.0/onnx/model.onnx`, 20, '2025-01-01T00:00:00Z'),
    ]);
    expect(groups.map((group) => [group.key, group.label])).toEqual([
      ['owner/model@main', 'owner/model'],
      ['owner/model@v1.0', 'owner/model@v1.0'],
    ]);
  });

  it('decodes percent-encoded revisions and paths', () => {
    const [group] = groupSavedFiles([
      entry(`${HUB}/owner/model/resolve/refs%2Fpr%2F1/onnx/my%20model.onnx`, 5, null),
    ]);
    expect(group?.key).toBe('owner/model@refs/pr/1');
    expect(group?.files[0]?.name).toBe('onnx/my model.onnx');
  });

  it('groups files from other servers by their folder, named by file name', () => {
    const groups = groupSavedFiles([
      entry('https://example.com/models/net/model.onnx', 100, '2025-03-01T00:00:00Z'),
      entry('https://example.com/models/net/model.onnx_data', 900, '2025-03-01T00:00:01Z'),
      entry('https://other.org/a%20b/x.onnx?download=1', 50, '2025-02-01T00:00:00Z'),
    ]);
    expect(groups.map((group) => group.key)).toEqual([
      'https://example.com/models/net/',
      'https://other.org/a%20b/',
    ]);
    expect(groups[0]?.label).toBe('example.com/models/net');
    expect(groups[0]?.files.map((file) => file.name)).toEqual(['model.onnx', 'model.onnx_data']);
    expect(groups[0]?.bytes).toBe(1000);
    expect(groups[0]?.savedAt).toBe('2025-03-01T00:00:01Z');
    expect(groups[1]?.label).toBe('other.org/a b');
    expect(groups[1]?.files[0]).toEqual({
      url: 'https://other.org/a%20b/x.onnx?download=1',
      name: 'x.onnx',
      bytes: 50,
      savedAt: '2025-02-01T00:00:00Z',
    });
  });

  it('lists the newest saved group first, undated ones last, then by label', () => {
    const groups = groupSavedFiles([
      entry(`${HUB}/b/undated/resolve/main/onnx/model.onnx`, 1, null),
      entry(`${HUB}/a/undated/resolve/main/onnx/model.onnx`, 1, null),
      entry(`${HUB}/old/model/resolve/main/onnx/model.onnx`, 1, '2024-06-01T00:00:00Z'),
      entry(`${HUB}/new/model/resolve/main/onnx/model.onnx`, 1, '2025-06-01T00:00:00Z'),
    ]);
    expect(groups.map((group) => group.label)).toEqual(['new/model', 'old/model', 'a/undated', 'b/undated']);
  });

  it('treats unreadable dates as unknown and bad sizes as 0', () => {
    const [group] = groupSavedFiles([
      entry(`${HUB}/o/m/resolve/main/config.json`, Number.NaN, 'not a date'),
      entry(`${HUB}/o/m/resolve/main/onnx/model.onnx`, -5, null),
    ]);
    expect(group?.bytes).toBe(0);
    expect(group?.savedAt).toBeNull();
    expect(group?.files.every((file) => file.savedAt === null && file.bytes === 0)).toBe(true);
  });

  it('keeps a key that is no URL as its own group', () => {
    const [group] = groupSavedFiles([entry('not a url', 3, null)]);
    expect(group).toMatchObject({ key: 'not a url', label: 'not a url', bytes: 3 });
  });

  it('returns nothing for an empty cache, and totals the bytes of every group', () => {
    expect(groupSavedFiles([])).toEqual([]);
    const groups = groupSavedFiles([
      entry(`${HUB}/o/m/resolve/main/config.json`, 10, null),
      entry('https://example.com/x/model.onnx', 32, null),
    ]);
    expect(totalSavedBytes(groups)).toBe(42);
    expect(totalSavedBytes([])).toBe(0);
  });
});

describe('savedEntryOf', () => {
  it('reads the size from Content-Length and the date from the saved-at header', () => {
    const headers = new Headers({
      'content-type': 'application/octet-stream',
      'content-length': '1234',
      [SAVED_AT_HEADER]: '2025-04-05T06:07:08.000Z',
    });
    expect(savedEntryOf('https://example.com/m.onnx', headers)).toEqual({
      url: 'https://example.com/m.onnx',
      bytes: 1234,
      savedAt: '2025-04-05T06:07:08.000Z',
    });
  });

  it('counts a missing or malformed size as 0 and a missing or malformed date as unknown', () => {
    expect(savedEntryOf('https://e.com/a', new Headers())).toEqual({
      url: 'https://e.com/a',
      bytes: 0,
      savedAt: null,
    });
    const headers = new Headers({ 'content-length': '12abc', [SAVED_AT_HEADER]: 'yesterday' });
    expect(savedEntryOf('https://e.com/a', headers)).toMatchObject({ bytes: 0, savedAt: null });
  });
});
