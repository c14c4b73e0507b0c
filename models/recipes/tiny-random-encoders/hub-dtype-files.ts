// Writes dtype files beside glassbox/tiny-random-nli-bert's onnx/model.onnx, as a hub repo exported for
// transformers.js carries them: model_quantized.onnx (dynamic int8) and model_q4.onnx (4-bit MatMulNBits),
// each made by Glassbox's own makers (src/lib/variants/make-variant.ts), so the precision ladder's hub rows
// are tested against files of the layout it meets on the hub. Deterministic: a rerun writes the same bytes.
// Usage: node scripts/run-ts.mjs models/recipes/tiny-random-encoders/hub-dtype-files.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { makeVariant, type MadeVariantKind } from '../../../src/lib/variants/make-variant.ts';

const FOLDER = 'tests/fixtures/hub/glassbox/tiny-random-nli-bert/onnx';
const FILES: Record<string, MadeVariantKind> = {
  'model_quantized.onnx': 'int8-dynamic',
  'model_q4.onnx': 'q4',
};

export async function main(): Promise<number> {
  const source = readFileSync(resolve(FOLDER, 'model.onnx'));
  for (const [name, kind] of Object.entries(FILES)) {
    const made = makeVariant(new Uint8Array(source), kind);
    writeFileSync(resolve(FOLDER, name), made.bytes);
    const sha = createHash('sha256').update(made.bytes).digest('hex');
    console.log(`${FOLDER}/${name}\t${made.bytes.byteLength}\t${sha}\t${made.notes.join(' ')}`);
  }
  return 0;
}
