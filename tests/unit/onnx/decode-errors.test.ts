import { describe, expect, it } from 'vitest';
import { decodeModel, encodeModel, OnnxDecodeError, type BytesOrigin } from '../../../src/lib/onnx/index.ts';
import { convReluModel } from './model-builders.ts';

function decodeError(bytes: Uint8Array, fileName?: string, origin?: BytesOrigin): OnnxDecodeError {
  try {
    decodeModel(bytes, { ...(fileName === undefined ? {} : { fileName }), ...(origin ? { origin } : {}) });
  } catch (error) {
    if (error instanceof OnnxDecodeError) return error;
    throw error;
  }
  throw new Error('expected decodeModel to throw');
}

const text = (value: string) => new TextEncoder().encode(value);

/** Deterministic pseudo-random bytes (xorshift32), so the test input never changes. */
function randomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

describe('decodeModel errors', () => {
  it('names the invalid wire type and its byte', () => {
    // ir_version 7, producer_name "pytorch!" (bytes 2–11), then tag 0x0f = field 1, wire type 7, at byte 12.
    const bytes = new Uint8Array([0x08, 0x07, 0x12, 0x08, ...text('pytorch!'), 0x0f, 0x00]);
    const error = decodeError(bytes);
    expect(error.code).toBe('not-onnx');
    expect(error.message).toBe('Not an ONNX model: invalid wire type 7 at byte 12');
    expect(error.byteOffset).toBe(12);
    expect(error.remedy).toMatch(/export/);
  });

  it('rejects random bytes as not-onnx, for many seeds', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const error = decodeError(randomBytes(4096, seed));
      expect(error.code, `seed ${seed}: ${error.message}`).toBe('not-onnx');
      expect(error.message).toMatch(/^Not an ONNX model: /);
    }
  });

  it('reports a cut-off file as truncated, with the field and sizes', () => {
    const whole = convReluModel();
    const error = decodeError(whole.subarray(0, whole.length - 100), 'model.onnx');
    expect(error.code).toBe('truncated');
    expect(error.message).toMatch(
      /^Truncated file \(model\.onnx\): field 7 \(graph\) at byte \d+ needs [\d,]+ bytes but only [\d,]+ remain$/,
    );
    expect(error.remedy).toMatch(/download or copy it again/);
  });

  it('reports every cut inside the graph as truncated', () => {
    const whole = convReluModel();
    const graphStart = whole.indexOf(0x3a);
    for (let length = graphStart + 1; length < whole.length - 10; length += 7) {
      expect(decodeError(whole.subarray(0, length)).code, `cut at ${length}`).toBe('truncated');
    }
  });

  it('rejects an empty file', () => {
    const error = decodeError(new Uint8Array(0), 'model.onnx');
    expect(error.code).toBe('empty');
    expect(error.message).toBe('model.onnx is empty (0 bytes), not an ONNX model');
  });

  it('recognises an HTML page (a server fallback) instead of a model', () => {
    const html = text('\n  <!DOCTYPE html>\n<html><head><title>Vite</title></head><body></body></html>');
    const error = decodeError(html);
    expect(error.code).toBe('html-page');
    expect(error.message).toBe('This file looks like an HTML page, not an ONNX file');
    expect(error.remedy).toMatch(/404/);
    expect(decodeError(html, 'models/x/onnx/model.onnx').message).toBe(
      'models/x/onnx/model.onnx looks like an HTML page, not an ONNX file',
    );
  });

  it('gives advice that fits a file from disk: no web server is involved there', () => {
    const html = text('<!DOCTYPE html><html><body>Hugging Face</body></html>');
    const local = decodeError(html, 'saved.onnx', 'local-file');
    expect(local.code).toBe('html-page');
    expect(local.remedy).toMatch(/saved web page/);
    expect(local.remedy).not.toMatch(/server/i);
    expect(decodeError(text('{"a": 1}'), 'config.onnx', 'local-file').remedy).not.toMatch(/server/i);
    expect(decodeError(html, 'model.onnx', 'download').remedy).toMatch(/web server/);
  });

  it('recognises JSON, plain text, Git LFS pointers and other model formats', () => {
    expect(decodeError(text('{"error": "not found"}')).code).toBe('json-file');
    expect(decodeError(text('\uFEFF[1, 2, 3]')).code).toBe('json-file');
    const lfs = 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 123\n';
    expect(decodeError(text(lfs)).code).toBe('git-lfs-pointer');
    const plain = decodeError(text('hello, this is a README about a model\n'));
    expect(plain.code).toBe('text-file');
    expect(plain.message).toBe('This file looks like a text file, not an ONNX file');
    expect(decodeError(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0])).message).toMatch(/ZIP archive/);
    expect(decodeError(new Uint8Array([0x1c, 0, 0, 0, ...text('TFL3'), 0, 0])).message).toMatch(
      /TensorFlow Lite/,
    );
    expect(decodeError(new Uint8Array([0x1f, 0x8b, 8, 0])).code).toBe('other-format');
  });

  it('rejects valid protobuf that has no graph', () => {
    const error = decodeError(encodeModel({ ir_version: 8, producer_name: 'x' }));
    expect(error.code).toBe('not-onnx');
    expect(error.message).toBe('Not an ONNX model: it has no graph (ModelProto field 7)');
  });

  it('rejects a known field with the wrong wire type', () => {
    // field 7 (graph) as a varint
    const error = decodeError(new Uint8Array([0x08, 0x07, 0x38, 0x01]));
    expect(error.message).toBe('Not an ONNX model: field 7 (graph) at byte 2 has wire type 0, expected 2');
  });

  it('reports corruption inside the graph with the protobuf reader detail', () => {
    const bytes = convReluModel().slice();
    let offset = bytes.indexOf(0x3a) + 1;
    while ((bytes[offset] ?? 0) >= 0x80) offset++;
    // The first node's tag and length become field 100 with wire type 7 (tag varint 0xa7 0x06).
    bytes.set([0xa7, 0x06], offset + 1);
    const error = decodeError(bytes);
    expect(error.code).toBe('not-onnx');
    expect(error.message).toMatch(
      /^Not an ONNX model: the data inside is corrupt near byte \d+ \(invalid wire type 7/,
    );
    expect(error.detail).toMatch(/invalid wire type 7/);
  });
});
