// Checks the built model folder with the app's own JS stack: @huggingface/tokenizers must give
// reference.json's input_ids, and onnxruntime-web (WASM backend, under Node) must give its logits.
// Records the largest ORT-vs-torch difference in metrics.json. Run from the repo after `npm ci`:
//   node models/recipes/tiny-sentiment-bert/verify.mjs models/tiny-sentiment-bert
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-web';

const TOLERANCE = 1e-4;
const SEP_ID = 102;

const modelDir = process.argv[2];
if (!modelDir) {
  console.error('usage: node verify.mjs MODEL_DIR');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const reference = readJson(join(modelDir, 'reference.json'));
const failures = [];

// Tokenizer: the library has no truncation option, so cut to maxLength keeping [SEP] last.
const tokenizer = new Tokenizer(
  readJson(join(modelDir, 'tokenizer.json')),
  readJson(join(modelDir, 'tokenizer_config.json')),
);
function encodeTruncated(text, maxLength) {
  const { ids } = tokenizer.encode(text);
  return ids.length <= maxLength ? ids : [...ids.slice(0, maxLength - 1), SEP_ID];
}
const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

for (const c of reference.cases) {
  const ids = encodeTruncated(c.text, reference.maxLength);
  if (!same(ids, c.input_ids)) failures.push(`tokenizer: ${c.kind} ids differ`);
  if (tokenizer.encode(c.text).ids.length !== c.untruncatedLength) {
    failures.push(`tokenizer: ${c.kind} untruncated length differs`);
  }
}
reference.paddedBatch.texts.forEach((text, row) => {
  const ids = encodeTruncated(text, reference.maxLength);
  const want = reference.paddedBatch.input_ids[row].slice(0, ids.length);
  if (!same(ids, want)) failures.push(`tokenizer: padded batch row ${row} ids differ`);
});
const goldens = readJson(join(here, 'tokenizer_goldens.json')).cases;
const goldenMismatches = goldens.filter((g) => !same(tokenizer.encode(g.text).ids, g.ids));
for (const g of goldenMismatches) failures.push(`tokenizer: golden ${JSON.stringify(g.text)} differs`);

// ONNX Runtime Web, WASM backend, one thread.
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(readFileSync(join(modelDir, 'onnx', 'model.onnx')), {
  executionProviders: ['wasm'],
});
const int64 = (rows) =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(rows.flat(), (v) => BigInt(v)),
    [rows.length, rows[0].length],
  );
async function run(inputIds, attentionMask, tokenTypeIds) {
  const out = await session.run({
    input_ids: int64(inputIds),
    attention_mask: int64(attentionMask),
    token_type_ids: int64(tokenTypeIds),
  });
  return Array.from(out.logits.data);
}

let maxAbsDiff = 0;
const perCase = [];
for (const c of reference.cases) {
  const ones = c.input_ids.map(() => 1);
  const zeros = c.input_ids.map(() => 0);
  const logits = await run([c.input_ids], [ones], [zeros]);
  const diff = Math.max(...logits.map((v, i) => Math.abs(v - c.logits[i])));
  perCase.push({ kind: c.kind, maxAbsDiff: diff });
  maxAbsDiff = Math.max(maxAbsDiff, diff);
}
const b = reference.paddedBatch;
const batchLogits = await run(b.input_ids, b.attention_mask, b.token_type_ids);
const batchDiff = Math.max(...batchLogits.map((v, i) => Math.abs(v - b.logits.flat()[i])));
perCase.push({ kind: 'paddedBatch', maxAbsDiff: batchDiff });
maxAbsDiff = Math.max(maxAbsDiff, batchDiff);
if (!(maxAbsDiff <= TOLERANCE)) failures.push(`ort: max abs diff ${maxAbsDiff} > ${TOLERANCE}`);

const ortPackage = readJson(
  fileURLToPath(new URL('../package.json', import.meta.resolve('onnxruntime-web'))),
);
const tokPackage = readJson(
  fileURLToPath(new URL('../package.json', import.meta.resolve('@huggingface/tokenizers'))),
);
const metricsPath = join(modelDir, 'metrics.json');
const metrics = readJson(metricsPath);
metrics.ortVsTorch = {
  runtime: `onnxruntime-web ${ortPackage.version} (wasm, Node ${process.versions.node})`,
  maxAbsDiff,
  perCase,
};
metrics.tokenizerCheck = {
  library: `@huggingface/tokenizers ${tokPackage.version}`,
  referenceCasesMatch: !failures.some((f) => f.startsWith('tokenizer: ') && !f.includes('golden')),
  publishedGoldens: goldens.length,
  publishedGoldenMismatches: goldenMismatches.length,
};
writeFileSync(metricsPath, JSON.stringify(metrics, null, 2) + '\n');

console.log(`ORT vs torch: max abs diff ${maxAbsDiff.toExponential(2)} over ${perCase.length} runs`);
console.log(
  `tokenizers.js: ${reference.cases.length} reference cases, ${goldens.length - goldenMismatches.length}/${goldens.length} published goldens match`,
);
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
