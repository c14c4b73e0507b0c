// Every variant maker on every embedded model and on a synthetic BERT: the variant decodes, its graph
// inputs and outputs are the original's (names, types, shapes), the weights it replaced shrink by the
// format's ratio (int8 about 4×, 4-bit blocks of 32 about 6.2×) and the file by as much, and a model a
// kind does not fit is refused in a sentence.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GlassboxError } from '../../../src/lib/errors.ts';
import { byteSizeOf, decodeModel, type OnnxModel, type OnnxTensor } from '../../../src/lib/onnx/index.ts';
import { buildSyntheticModel } from '../../../src/lib/synthetic/build-model.ts';
import { syntheticPreset } from '../../../src/lib/synthetic/index.ts';
import {
  makeVariant,
  MADE_VARIANT_KINDS,
  type MadeVariantKind,
} from '../../../src/lib/variants/make-variant.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const EMBEDDED = [
  'tiny-sentiment-bert',
  'tiny-bible-bert',
  'tiny-bible-gpt',
  'shapes-classifier',
  'shapes-yolov8',
  'nanodet-coco',
];
const CONV_ONLY = new Set(['shapes-classifier', 'shapes-yolov8', 'nanodet-coco']);

function load(id: string): Uint8Array {
  if (id === 'synthetic bert-tiny') {
    const preset = syntheticPreset('bert-tiny');
    if (!preset) throw new Error('no bert-tiny preset');
    return buildSyntheticModel(preset.model, 'bert-tiny');
  }
  return new Uint8Array(readFileSync(resolve(ROOT, `models/${id}/onnx/model.onnx`)));
}

const tensorBytes = (t: OnnxTensor) =>
  byteSizeOf(
    t.dataType,
    t.dims.reduce((a, b) => a * b, 1),
  ) ?? 0;

/** Bytes of the original's initializers the variant dropped, and of those it added. */
function replacedBytes(original: OnnxModel, variant: OnnxModel): { before: number; after: number } {
  const names = (m: OnnxModel) => new Map(m.graph.initializers.map((t) => [t.name, t]));
  const [a, b] = [names(original), names(variant)];
  let before = 0;
  let after = 0;
  for (const [name, tensor] of a) if (!b.has(name)) before += tensorBytes(tensor);
  for (const [name, tensor] of b) if (!a.has(name)) after += tensorBytes(tensor);
  return { before, after };
}

/** float32 bytes of the [K, N] weights the MatMulNBits nodes stand for. */
function nbitsFloatBytes(model: OnnxModel): number {
  let total = 0;
  for (const node of model.graph.nodes) {
    if (node.opType !== 'MatMulNBits') continue;
    const int = (name: string) => {
      const found = node.attributes.find((a) => a.name === name);
      return found?.kind === 'int' ? Number(found.value) : 0;
    };
    total += 4 * int('K') * int('N');
  }
  return total;
}

const signature = (model: OnnxModel) =>
  [model.graph.inputs, model.graph.outputs].map((list) => list.map((v) => ({ name: v.name, type: v.type })));

/** Bytes per float32 weight each kind stores, and the ratio's tolerance (scales and zero points vary). */
const EXPECTED_RATIO: Partial<Record<MadeVariantKind, [number, number]>> = {
  // 1 byte per weight + 5 (int8 zero point 1 B + float scale 4 B) per channel: 3.6–4× on these shapes.
  'int8-weights': [3.5, 4],
  'int8-dynamic': [3.5, 4],
  // Per block of 32: 16 B of nibbles + 4 B scale + ½ B zero point = 20.5 B for 128 B: 6.24×.
  q4: [6.0, 6.25],
};

describe.each([...EMBEDDED, 'synthetic bert-tiny'])('variants of %s', (id) => {
  const bytes = load(id);
  const original = decodeModel(bytes);

  it.each(MADE_VARIANT_KINDS.filter((k) => k !== 'fp16'))('%s', { timeout: 60_000 }, (kind) => {
    if (CONV_ONLY.has(id) && (kind === 'q4' || kind === 'int8-dynamic')) {
      expect(() => makeVariant(bytes, kind)).toThrow(/no MatMul with a constant float32 weight/);
      return;
    }
    const made = makeVariant(bytes, kind);
    expect(made.kind).toBe(kind);
    expect(made.notes.length).toBeGreaterThan(0);
    const variant = decodeModel(made.bytes);
    expect(signature(variant)).toEqual(signature(original));
    const ratio = EXPECTED_RATIO[kind];
    const { before, after } = replacedBytes(original, variant);
    if (ratio) {
      // A q4 MatMul reads its own copy of a table a Gather also reads (tied embeddings): count the
      // float32 bytes of what MatMulNBits replaced rather than what left the file.
      const quantized = kind === 'q4' ? nbitsFloatBytes(variant) : before;
      expect(quantized / after).toBeGreaterThanOrEqual(ratio[0]);
      expect(quantized / after).toBeLessThanOrEqual(ratio[1]);
      // The file shrinks by what the weights lost, give or take the new nodes' bytes.
      expect(Math.abs(bytes.length - made.bytes.length - (before - after))).toBeLessThan(
        0.01 * bytes.length + 8192,
      );
    } else {
      // fp16-simulated keeps float32 weights (rounded) and adds Cast pairs: the file barely grows.
      expect(made.bytes.length).toBeGreaterThan(bytes.length);
      expect(made.bytes.length).toBeLessThan(bytes.length * 1.05 + 8192);
    }
  });
});

describe('what each kind replaces, on the embedded models', () => {
  const ops = (bytes: Uint8Array) => {
    const counts = new Map<string, number>();
    for (const node of decodeModel(bytes).graph.nodes)
      counts.set(node.opType, (counts.get(node.opType) ?? 0) + 1);
    return counts;
  };

  it('tiny-sentiment-bert: 12 MatMul weights become MatMulNBits; the 4 attention MatMuls and 2 Gemms stay', () => {
    const made = makeVariant(load('tiny-sentiment-bert'), 'q4');
    expect(ops(made.bytes).get('MatMulNBits')).toBe(12);
    expect(ops(made.bytes).get('MatMul')).toBe(4);
    expect(ops(made.bytes).get('Gemm')).toBe(2);
    expect(made.keptNodes).toHaveLength(4);
    expect(made.notes.join(' ')).toMatch(/2 Gemm kept in float32/);
    expect(decodeModel(made.bytes).opsetImports).toContainEqual({ domain: 'com.microsoft', version: 1 });
  });

  it('tiny-bible-bert: the weights behind Transposes are quantized, the tied embedding stays one tensor', () => {
    const int8 = makeVariant(load('tiny-bible-bert'), 'int8-weights');
    // 16 tables and matrices, 14 of them read through a Transpose (one DequantizeLinear each, the tied
    // word embedding's shared by its Gather and its Transpose); the 2 other tables gather int8 rows.
    expect(ops(int8.bytes).get('DequantizeLinear')).toBe(14);
    expect(ops(int8.bytes).get('Unsqueeze')).toBe((ops(load('tiny-bible-bert')).get('Unsqueeze') ?? 0) + 3);
    expect(int8.notes.join(' ')).toMatch(/14 of them sit behind a Transpose/);
    const q4 = makeVariant(load('tiny-bible-bert'), 'q4');
    expect(ops(q4.bytes).get('MatMulNBits')).toBe(14);
    // The Transposes that only fed those weights are gone.
    expect(ops(q4.bytes).get('Transpose') ?? 0).toBeLessThan(
      ops(load('tiny-bible-bert')).get('Transpose') ?? 0,
    );
  });

  it('shapes-classifier: Conv and Gemm weights become int8 per output channel', () => {
    const made = makeVariant(load('shapes-classifier'), 'int8-weights');
    expect(made.notes[0]).toMatch(
      /6 weights stored as int8 \(0 MatMul, 1 Gemm, 5 Conv, 0 embedding tables\)/,
    );
  });

  it('fp16-simulated names the nodes the real float16 variant keeps in float32', () => {
    expect(makeVariant(load('shapes-yolov8'), 'fp16-simulated').keptNodes).toEqual([
      '/model/up/Resize',
      '/model/up_1/Resize',
    ]);
    expect(makeVariant(load('tiny-sentiment-bert'), 'fp16-simulated').keptNodes).toEqual([]);
  });
});

describe('refusals', () => {
  it('a model already quantized is refused for every quantizing kind, in words', () => {
    const q4 = makeVariant(load('tiny-sentiment-bert'), 'q4').bytes;
    for (const kind of ['int8-weights', 'int8-dynamic', 'q4', 'fp16-simulated'] as const) {
      const error = (() => {
        try {
          makeVariant(q4, kind);
        } catch (caught) {
          return caught;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(GlassboxError);
      expect((error as GlassboxError).code).toBe('variant-unsupported');
      expect((error as GlassboxError).message).toMatch(/already quantized \(it has MatMulNBits\)/);
    }
  });

  it('bytes that are not a model are refused', () => {
    expect(() => makeVariant(new TextEncoder().encode('<!doctype html>'), 'q4')).toThrow(GlassboxError);
  });
});

describe('a model too large to make a variant of in the page', () => {
  it('is refused with its size before anything is decoded', () => {
    // Zero-filled pages are not touched: this costs no real memory.
    const huge = new Uint8Array(1.5 * 2 ** 30);
    expect(() => makeVariant(huge, 'q4')).toThrow(
      /This model is 1\.50 GB; Glassbox makes variants of models up to 1\.00 GB/,
    );
  });
});
