// Checks a hub-layout causal LM folder with the app's own JS stack: @huggingface/tokenizers must give
// reference.json's ids and decode them back, and onnxruntime-web (WASM backend, under Node) must give
// its logits without a cache (empty past tensors, past length 0) and with one, and its greedy
// continuation when decoding step by step with the cache. Run from the repo after `npm ci`:
//   node models/recipes/tiny-bible-gpt/verify.mjs models/tiny-bible-gpt
// Prints a JSON summary (used by the recipe's metrics.json); exits 1 on any failure.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-web';

const TOLERANCE = 1e-4;
const modelDir = process.argv[2];
if (!modelDir) {
  console.error('usage: node verify.mjs MODEL_DIR');
  process.exit(2);
}
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const config = readJson(join(modelDir, 'config.json'));
const reference = readJson(join(modelDir, 'reference.json'));
const failures = [];
const same = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

const tokenizer = new Tokenizer(
  readJson(join(modelDir, 'tokenizer.json')),
  readJson(join(modelDir, 'tokenizer_config.json')),
);
for (const c of [...reference.tokenizerCases, { text: reference.prompt, ids: reference.input_ids }]) {
  const ids = tokenizer.encode(c.text).ids;
  if (!same(ids, c.ids)) failures.push(`tokenizer: ${JSON.stringify(c.text)} gives ${ids} not ${c.ids}`);
  // decode([]) throws in @huggingface/tokenizers 0.2.0 ("token_ids must be a non-empty array").
  const decoded = c.ids.length ? tokenizer.decode(c.ids, { skip_special_tokens: false }) : '';
  if (c.decoded !== undefined && decoded !== c.decoded)
    failures.push(`tokenizer: decode of ${JSON.stringify(c.text)} gives ${JSON.stringify(decoded)}`);
}

const layers = config.n_layer ?? config.num_hidden_layers;
const kvHeads = config.num_key_value_heads ?? config.n_head ?? config.num_attention_heads;
const headDim = (config.n_embd ?? config.hidden_size) / (config.n_head ?? config.num_attention_heads);

ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(readFileSync(join(modelDir, 'onnx', 'model.onnx')), {
  executionProviders: ['wasm'],
});
const int64 = (values) =>
  new ort.Tensor('int64', BigInt64Array.from(values, (v) => BigInt(v)), [1, values.length]);
const emptyPast = () =>
  Object.fromEntries(
    Array.from({ length: layers }, (_, i) => ['key', 'value'].map((kv) => [`past_key_values.${i}.${kv}`, new ort.Tensor('float32', new Float32Array(0), [1, kvHeads, 0, headDim])])).flat(),
  );

/** One step: ids after pastLength cached tokens; returns last-position logits and the new cache. */
async function step(ids, past, pastLength) {
  const feeds = {
    input_ids: int64(ids),
    attention_mask: int64(Array(pastLength + ids.length).fill(1)),
    position_ids: int64(ids.map((_, i) => pastLength + i)),
    ...past,
  };
  const out = await session.run(feeds);
  const vocab = out.logits.dims[2];
  const logits = out.logits.data.slice((ids.length - 1) * vocab, ids.length * vocab);
  const next = {};
  for (let i = 0; i < layers; i++)
    for (const kv of ['key', 'value']) next[`past_key_values.${i}.${kv}`] = out[`present.${i}.${kv}`];
  return { logits, past: next };
}
const maxDiff = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const argmax = (a) => a.reduce((best, v, i) => (v > a[best] ? i : best), 0);

const full = await step(reference.input_ids, emptyPast(), 0);
const noCacheDiff = maxDiff(full.logits, reference.noCache.lastLogits);
const prefix = await step(reference.withCache.prefix_ids, emptyPast(), 0);
const cached = await step(reference.withCache.step_ids, prefix.past, reference.withCache.prefix_ids.length);
const cacheDiff = maxDiff(cached.logits, reference.withCache.lastLogits);
if (!(noCacheDiff <= TOLERANCE)) failures.push(`logits without cache differ by ${noCacheDiff}`);
if (!(cacheDiff <= TOLERANCE)) failures.push(`logits with cache differ by ${cacheDiff}`);

const generated = [];
let state = full;
let length = reference.input_ids.length;
for (let i = 0; i < reference.greedy.maxNewTokens; i++) {
  const next = argmax(state.logits);
  generated.push(next);
  state = await step([next], state.past, length);
  length += 1;
}
if (!same(generated, reference.greedy.ids)) failures.push(`greedy with cache gives ${generated}`);

console.log(
  JSON.stringify(
    {
      tokenizerCases: reference.tokenizerCases.length + 1,
      ortVsTorch: { noCacheMaxAbs: noCacheDiff, withCacheMaxAbs: cacheDiff },
      greedyWithCacheMatches: same(generated, reference.greedy.ids),
      failures,
    },
    null,
    2,
  ),
);
process.exit(failures.length ? 1 : 0);
