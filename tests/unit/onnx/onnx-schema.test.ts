import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateSyntheticModel } from '../../../src/lib/graph/synthetic-model.ts';
import { decodeModel, encodeModel } from '../../../src/lib/onnx/index.ts';
import { compileOnnxCodecs, compileOnnxSchema } from '../../../src/lib/onnx/regenerate-onnx-schema.mjs';

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

describe('onnx-codecs.generated.ts', () => {
  it('is what regenerate-onnx-schema.mjs produces from onnx-schema.json with the installed protobufjs', () => {
    const schema = readFileSync(new URL('onnx-schema.json', schemaDir), 'utf8');
    const committed = readFileSync(new URL('onnx-codecs.generated.ts', schemaDir), 'utf8');
    expect(compileOnnxCodecs(schema)).toBe(committed);
  });

  it('decodes and encodes models without compiling code at run time (the page forbids eval)', () => {
    const compiled: string[] = [];
    const original = globalThis.Function;
    // Every protobufjs codegen path ends in Function(...) or Function.apply(...): record any call.
    const spy = new Proxy(original, {
      apply: (target, self, args: string[]) => {
        compiled.push(String(args.at(-1)));
        return Reflect.apply(target, self, args);
      },
    });
    globalThis.Function = spy;
    try {
      const bytes = encodeModel(generateSyntheticModel({ nodeCount: 12, seed: 3 }));
      const model = decodeModel(bytes);
      expect(model.graph.nodes.length).toBeGreaterThan(0);
    } finally {
      globalThis.Function = original;
    }
    expect(compiled).toEqual([]);
  });
});
