// The model diff's value diff with real ONNX Runtime (WASM in Node): the tiny BERT's last run replayed on a
// copy with one changed layer — every node before the change has the same values, the first node whose
// values differ is the changed one, and the difference flows on to the logits; the same file differs
// nowhere; a file that is not a model is refused as a typed error.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { bertWithOneChangedLayer } from '../support/altered-bert.ts';
import { REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { nodeInferenceService } from '../support/node-service.ts';

const entry = catalogEntry('tiny-sentiment-bert');
if (!entry) throw new Error('tiny-sentiment-bert is not in the catalog');
const location = embeddedLocation(entry, REPO_ORIGIN + entry.folder);
const BERT = readFileSync(resolve(REPO_ROOT, entry.folder, 'onnx/model.onnx'));

describe('value diff of two models on the same run (WASM, Node)', () => {
  const inference = nodeInferenceService();
  const key = location.key;
  const task = 'text-classification' as const;

  it('finds the changed layer as the first node whose values differ', async () => {
    await inference.load(task, location, 'wasm');
    await inference.classify(key, 'wasm', ['A quiet, moving film.']);
    const altered = await bertWithOneChangedLayer();
    const diff = await inference.valueDiffWith(
      task,
      key,
      'wasm',
      new Blob([altered.bytes as Uint8Array<ArrayBuffer>]),
    );
    expect(diff.nodes.length).toBeGreaterThan(100);
    expect(diff.first?.node).toBe(altered.node);
    const at = diff.nodes.findIndex((node) => node.node === altered.node);
    expect(diff.nodes.slice(0, at).every((node) => node.maxAbs === 0)).toBe(true);
    expect(diff.nodes.at(-1)?.maxAbs).toBeGreaterThan(0);
    expect(diff.alignment.join(' ')).toMatch(/aligned/);
  });

  it('finds no difference against the same file, and refuses a file that is not a model', async () => {
    const same = await inference.valueDiffWith(task, key, 'wasm', new Blob([BERT]));
    expect(same.differing).toBe(0);
    expect(same.first).toBeNull();
    const error = await inference
      .valueDiffWith(task, key, 'wasm', new Blob(['not a model']))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GlassboxError);
  });
});
