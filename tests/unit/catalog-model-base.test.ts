import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_BASE, modelBaseFromQuery, modelFolder } from '../../src/lib/catalog/model-base.ts';
import { MODEL_CATALOG } from '../../src/lib/catalog/model-catalog.ts';

describe('model base', () => {
  it('defaults to models/ beside the page', () => {
    expect(modelBaseFromQuery('')).toBe(DEFAULT_MODEL_BASE);
    expect(modelFolder('tiny-sentiment-bert')).toBe('models/tiny-sentiment-bert');
  });

  it('accepts a same-origin folder path', () => {
    expect(modelBaseFromQuery('?models=/mirror/models/')).toBe('/mirror/models/');
    expect(modelFolder('x', '/mirror/models/')).toBe('/mirror/models/x');
  });

  it.each([
    '?models=https://evil.example/',
    '?models=//evil.example/models/',
    '?models=javascript:alert(1)/',
    '?models=/a/../../etc/',
    '?models=/no-trailing-slash',
    `?models=/${'a'.repeat(300)}/`,
  ])('rejects %s', (query) => {
    expect(modelBaseFromQuery(query)).toBe(DEFAULT_MODEL_BASE);
  });

  it('matches every catalog folder', () => {
    for (const entry of MODEL_CATALOG) expect(entry.folder).toBe(modelFolder(entry.id));
  });
});
