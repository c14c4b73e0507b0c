import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkModelBase, DEFAULT_MODEL_BASE, modelFolder } from '../../src/lib/catalog/model-base.ts';
import { embeddedLocation, HUB_CATALOG, MODEL_CATALOG } from '../../src/lib/catalog/model-catalog.ts';
import { modelFlops } from '../../src/lib/flops/index.ts';
import { decodeModel } from '../../src/lib/onnx/index.ts';
import { DTYPES, parseHubId } from '../../src/lib/sources/hub.ts';

describe('model base', () => {
  it('defaults to models/ beside the page', () => {
    expect(checkModelBase(null)).toBe(DEFAULT_MODEL_BASE);
    expect(modelFolder('tiny-sentiment-bert')).toBe('models/tiny-sentiment-bert');
  });

  it('accepts a same-origin folder path', () => {
    expect(checkModelBase('/mirror/models/')).toBe('/mirror/models/');
    expect(modelFolder('x', '/mirror/models/')).toBe('/mirror/models/x');
  });

  it.each([
    'https://evil.example/',
    '//evil.example/models/',
    'javascript:alert(1)/',
    '/a/../../etc/',
    '/no-trailing-slash',
    `/${'a'.repeat(300)}/`,
  ])('rejects %s', (value) => {
    expect(checkModelBase(value)).toBe(DEFAULT_MODEL_BASE);
  });

  it('matches every catalog folder', () => {
    for (const entry of MODEL_CATALOG) expect(entry.folder).toBe(modelFolder(entry.id));
  });
});

describe('model catalog', () => {
  it.each(MODEL_CATALOG.map((entry) => [entry.id, entry] as const))(
    '%s states the size of its model file',
    (_id, entry) => {
      const path = resolve(import.meta.dirname, '../..', entry.folder, 'onnx/model.onnx');
      expect(entry.modelBytes).toBe(statSync(path).size);
    },
  );

  it.each(MODEL_CATALOG.map((entry) => [entry.id, entry] as const))(
    "%s states the FLOPs of one run at the benchmark's input shapes",
    (_id, entry) => {
      const path = resolve(import.meta.dirname, '../..', entry.folder, 'onnx/model.onnx');
      const flops = modelFlops(decodeModel(new Uint8Array(readFileSync(path))));
      expect(flops.unknownNodes).toBe(0);
      expect(entry.flops).toBe(flops.total);
    },
  );

  it('lists each hub model once, with a valid id and default precision', () => {
    const repos = HUB_CATALOG.map((entry) => entry.repo);
    expect(new Set(repos).size).toBe(repos.length);
    for (const entry of HUB_CATALOG) {
      expect(parseHubId(entry.repo)).toMatchObject({ ok: true, repo: entry.repo });
      expect(DTYPES).toContain(entry.defaultDtype);
    }
  });

  it('gives embedded models an uncached location in the hub layout', () => {
    const [entry] = MODEL_CATALOG;
    if (!entry) throw new Error('empty catalog');
    const location = embeddedLocation(entry, 'http://localhost/models/x');
    expect(location).toMatchObject({ key: `embedded:${entry.id}`, origin: 'embedded', cache: false });
    expect(location.files.model).toBe('http://localhost/models/x/onnx/model.onnx');
    expect(location.files.tokenizer).toBe('http://localhost/models/x/tokenizer.json');
  });
});
