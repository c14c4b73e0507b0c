// The build's precache list: every file of the built folder except the worker itself and the e2e
// fixtures, and a version that changes with any file's contents.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { precacheManifest } from '../../../scripts/vite-plugin-service-worker.ts';

let folder = '';

function write(path: string, text: string): void {
  mkdirSync(join(folder, path, '..'), { recursive: true });
  writeFileSync(join(folder, path), text);
}

afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('the precache manifest', () => {
  it('lists the build, not the worker, its stamp or the e2e fixtures, and versions it by content', async () => {
    folder = mkdtempSync(join(tmpdir(), 'glassbox-precache-'));
    write('index.html', '<html>');
    write('assets/index-abc.js', 'code');
    write('models/tiny/onnx/model.onnx', 'weights');
    write('sw.js', 'worker');
    write('build-stamp.json', '{"mode":"production"}');
    write('e2e-fixtures/missing-model/tiny/config.json', '{}');
    write('.DS_Store', 'x');
    const first = await precacheManifest(folder);
    expect(first.files).toEqual(['assets/index-abc.js', 'index.html', 'models/tiny/onnx/model.onnx']);
    expect(first.bytes).toBe('code'.length + '<html>'.length + 'weights'.length);
    expect(first.version).toMatch(/^[0-9a-f]{16}$/);

    write('sw.js', 'another worker');
    write('build-stamp.json', '{"mode":"development"}');
    expect((await precacheManifest(folder)).version).toBe(first.version);
    write('models/tiny/onnx/model.onnx', 'retrained');
    expect((await precacheManifest(folder)).version).not.toBe(first.version);
  });
});
