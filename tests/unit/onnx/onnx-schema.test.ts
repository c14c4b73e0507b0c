import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileOnnxSchema } from '../../../src/lib/onnx/regenerate-onnx-schema.mjs';

const schemaDir = new URL('../../../src/lib/onnx/', import.meta.url);

describe('onnx-schema.json', () => {
  it('is what regenerate-onnx-schema.mjs produces from the vendored onnx.proto', () => {
    const proto = readFileSync(new URL('onnx.proto', schemaDir), 'utf8');
    const committed = readFileSync(new URL('onnx-schema.json', schemaDir), 'utf8');
    expect(compileOnnxSchema(proto)).toBe(committed);
  });

  it('keeps the official licence header in onnx.proto', () => {
    const proto = readFileSync(new URL('onnx.proto', schemaDir), 'utf8');
    expect(proto).toContain('SPDX-License-Identifier: Apache-2.0');
  });
});
