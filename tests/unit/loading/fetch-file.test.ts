import { describe, expect, it } from 'vitest';
import { GlassboxError } from '../../../src/lib/errors.ts';
import {
  contentLength,
  fetchFileBytes,
  fetchJsonFile,
  looksLikeHtml,
} from '../../../src/lib/loading/fetch-file.ts';

const INDEX_HTML = '<!doctype html>\n<html><head></head><body><div id="app"></div></body></html>';

function answer(body: BodyInit | null, init: ResponseInit = {}) {
  return async () => new Response(body, init);
}

async function rejection(promise: Promise<unknown>): Promise<GlassboxError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GlassboxError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('fetchFileBytes', () => {
  it('returns the bytes and reports progress up to the total', async () => {
    const body = new Uint8Array(3000).fill(7);
    const seen: number[] = [];
    const bytes = await fetchFileBytes(
      'm/onnx/model.onnx',
      answer(body, { headers: { 'content-length': '3000' } }),
      (p) => {
        expect(p.totalBytes).toBe(3000);
        seen.push(p.loadedBytes);
      },
    );
    expect(bytes.byteLength).toBe(3000);
    expect(seen.at(-1)).toBe(3000);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('names the file when the server answers 404', async () => {
    const error = await rejection(fetchFileBytes('m/onnx/model.onnx', answer('nope', { status: 404 })));
    expect(error.code).toBe('model-file-missing');
    expect(error.message).toContain('m/onnx/model.onnx');
  });

  it("treats an SPA fallback's index.html (status 200) as a missing file", async () => {
    const error = await rejection(
      fetchFileBytes('m/onnx/model.onnx', answer(INDEX_HTML, { headers: { 'content-type': 'text/html' } })),
    );
    expect(error.code).toBe('model-file-missing');
    expect(error.message).toContain('HTML page');
  });

  it('detects HTML even without a content type', async () => {
    const error = await rejection(fetchFileBytes('m/config.json', answer(INDEX_HTML)));
    expect(error.code).toBe('model-file-missing');
  });

  it('rejects an empty file', async () => {
    const error = await rejection(fetchFileBytes('m/onnx/model.onnx', answer(new Uint8Array(0))));
    expect(error.code).toBe('model-file-invalid');
  });

  it('reports a network failure', async () => {
    const error = await rejection(
      fetchFileBytes('m/onnx/model.onnx', () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    expect(error.code).toBe('fetch-failed');
    expect(error.detail).toBe('Failed to fetch');
  });

  it('reports other HTTP errors with their status', async () => {
    const error = await rejection(fetchFileBytes('m/onnx/model.onnx', answer('x', { status: 500 })));
    expect(error.code).toBe('fetch-failed');
    expect(error.message).toContain('500');
  });
});

describe('fetchJsonFile', () => {
  it('parses JSON', async () => {
    expect(await fetchJsonFile('m/config.json', answer('{"a":1}'))).toEqual({ a: 1 });
  });

  it('names a file that is not JSON', async () => {
    const error = await rejection(fetchJsonFile('m/config.json', answer('{"a":')));
    expect(error.code).toBe('model-config-invalid');
    expect(error.message).toContain('m/config.json');
  });
});

describe('looksLikeHtml', () => {
  it('tells HTML from model bytes', () => {
    expect(looksLikeHtml(new TextEncoder().encode('  <!DOCTYPE html><html>'))).toBe(true);
    expect(looksLikeHtml(new Uint8Array([0x08, 0x07, 0x12, 0x07]))).toBe(false);
  });
});

describe('contentLength', () => {
  const withHeaders = (headers: Record<string, string>): Response => new Response(null, { headers });

  it('is the decoded length only when the body is not compressed', () => {
    expect(contentLength(withHeaders({ 'content-length': '1234' }))).toBe(1234);
    expect(contentLength(withHeaders({ 'content-length': '1234', 'content-encoding': 'identity' }))).toBe(
      1234,
    );
    expect(contentLength(withHeaders({ 'content-length': '1234', 'content-encoding': 'gzip' }))).toBeNull();
    expect(contentLength(withHeaders({ 'content-length': '1234', 'content-encoding': ' BR ' }))).toBeNull();
    expect(contentLength(withHeaders({ 'content-length': '12e3' }))).toBeNull();
    expect(contentLength(withHeaders({}))).toBeNull();
  });
});
