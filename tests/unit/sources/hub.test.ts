import { describe, expect, it } from 'vitest';
import {
  checkHubUrl,
  DEFAULT_HUB_URL,
  DTYPE_DESCRIPTIONS,
  DTYPE_SUFFIX,
  DTYPES,
  hubLocation,
  hubResolveUrl,
  hubTreeUrl,
  modelFilePath,
  parseHubId,
  parseTreeListing,
  variantBytes,
  variantsInListing,
  type HubFileEntry,
} from '../../../src/lib/sources/hub.ts';

const SST2 = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';

describe('parseHubId', () => {
  it.each([
    [SST2, SST2, 'main'],
    [`  ${SST2}\n`, SST2, 'main'],
    ['onnx-community/yolov10n@refs/pr/3', 'onnx-community/yolov10n', 'refs/pr/3'],
    ['a/b@v1.0', 'a/b', 'v1.0'],
    ['A_b.c/x-y_z.1', 'A_b.c/x-y_z.1', 'main'],
    [`https://huggingface.co/${SST2}`, SST2, 'main'],
    [`https://huggingface.co/${SST2}/`, SST2, 'main'],
    [`https://huggingface.co/${SST2}?library=transformers.js#top`, SST2, 'main'],
    [`huggingface.co/${SST2}`, SST2, 'main'],
    ['https://huggingface.co/Xenova/yolos-tiny/tree/v2/onnx', 'Xenova/yolos-tiny', 'v2'],
    ['https://huggingface.co/Xenova/yolos-tiny/tree/refs%2Fpr%2F1', 'Xenova/yolos-tiny', 'refs/pr/1'],
    ['https://huggingface.co/Xenova/yolos-tiny/blob/main/onnx/model.onnx', 'Xenova/yolos-tiny', 'main'],
    ['https://hf.co/Xenova/yolos-tiny', 'Xenova/yolos-tiny', 'main'],
  ])('accepts %j', (text, repo, revision) => {
    expect(parseHubId(text)).toEqual({ ok: true, repo, revision });
  });

  it('explains the shape of an id', () => {
    expect(parseHubId('distilbert-base-uncased')).toEqual({
      ok: false,
      reason: `A hub id looks like owner/name, e.g. ${SST2}.`,
    });
    expect(parseHubId('   ')).toEqual({
      ok: false,
      reason: `Enter a hub id. A hub id looks like owner/name, e.g. ${SST2}.`,
    });
  });

  it.each([
    'owner/name/../x',
    '../etc/passwd',
    'owner/..',
    'owner/.',
    './name',
    'owner/na..me',
    'owner/-name',
    'owner/name-',
    'owner/.name',
    'owner/na--me',
    'owner//name',
    '/owner/name',
    'owner/name/',
    'owner/na me',
    'owner/name%2F..',
    'owner/<script>',
    `owner/${'a'.repeat(97)}`,
    'javascript:alert(1)',
    'https://evil.example/owner/name',
    'https://huggingface.co.evil.example/owner/name',
    'https://huggingface.co@evil.example/owner/name',
    'https://huggingface.co/owner',
    'https://huggingface.co/owner/name/discussions/1',
  ])('rejects %j', (text) => {
    const result = parseHubId(text);
    expect(result.ok).toBe(false);
  });

  it('accepts names at the length limit', () => {
    expect(parseHubId(`owner/${'a'.repeat(96)}`).ok).toBe(true);
  });

  it('names the bad part without echoing all of it', () => {
    const result = parseHubId(`owner/${'x'.repeat(50)}--${'y'.repeat(500)}`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(`“${'x'.repeat(50)}--${'y'.repeat(8)}…”`);
    expect(result.reason.length).toBeLessThan(250);
  });

  it.each([
    'owner/name@',
    'owner/name@../../x',
    'owner/name@a..b',
    'owner/name@/main',
    'owner/name@main/',
    'owner/name@a//b',
    'owner/name@ma in',
    'owner/name@main@x',
    'owner/name@main?x=1',
    `owner/name@${'r'.repeat(101)}`,
  ])('rejects the revision in %j', (text) => {
    const result = parseHubId(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/revision/);
  });

  it('rejects dataset and space pages with a reason', () => {
    expect(parseHubId('https://huggingface.co/datasets/owner/name')).toEqual({
      ok: false,
      reason: 'That address is a Hugging Face dataset, not a model.',
    });
    expect(parseHubId('https://huggingface.co/spaces/owner/name')).toEqual({
      ok: false,
      reason: 'That address is a Hugging Face space, not a model.',
    });
  });
});

describe('file names', () => {
  it('mirrors the transformers.js suffixes', () => {
    expect(DTYPES.map((dtype) => modelFilePath(dtype))).toEqual([
      'onnx/model.onnx',
      'onnx/model_fp16.onnx',
      'onnx/model_quantized.onnx',
      'onnx/model_int8.onnx',
      'onnx/model_uint8.onnx',
      'onnx/model_q4.onnx',
      'onnx/model_q4f16.onnx',
      'onnx/model_bnb4.onnx',
    ]);
    expect(modelFilePath('q8', 'decoder_model_merged')).toBe('onnx/decoder_model_merged_quantized.onnx');
    expect(Object.keys(DTYPE_SUFFIX)).toEqual([...DTYPES]);
    expect(Object.keys(DTYPE_DESCRIPTIONS)).toEqual([...DTYPES]);
    expect(DTYPE_DESCRIPTIONS.q8).toBe('8-bit quantized weights (smallest common variant)');
  });
});

describe('hub URLs', () => {
  it('builds resolve URLs with each part encoded', () => {
    expect(hubResolveUrl(DEFAULT_HUB_URL, 'a/b', 'main', 'onnx/model.onnx')).toBe(
      'https://huggingface.co/a/b/resolve/main/onnx/model.onnx',
    );
    expect(hubResolveUrl('https://hf-mirror.com/', 'a/b', 'refs/pr/1', 'dir/a b#.json')).toBe(
      'https://hf-mirror.com/a/b/resolve/refs%2Fpr%2F1/dir/a%20b%23.json',
    );
  });

  it('builds the tree listing URL', () => {
    expect(hubTreeUrl(DEFAULT_HUB_URL, 'a/b', 'main')).toBe(
      'https://huggingface.co/api/models/a/b/tree/main/onnx',
    );
    expect(hubTreeUrl('http://localhost:8080/hf/', 'a/b', 'refs/pr/2', 'weights')).toBe(
      'http://localhost:8080/hf/api/models/a/b/tree/refs%2Fpr%2F2/weights',
    );
  });

  it('locates one variant of a repo', () => {
    const resolve = 'https://huggingface.co/Xenova/yolos-tiny/resolve/v1';
    expect(hubLocation(DEFAULT_HUB_URL, 'Xenova/yolos-tiny', 'v1', 'q8')).toEqual({
      key: 'hub:Xenova/yolos-tiny@v1#q8',
      label: 'Xenova/yolos-tiny · q8',
      origin: 'hub',
      cache: true,
      externalData: {},
      files: {
        model: `${resolve}/onnx/model_quantized.onnx`,
        config: `${resolve}/config.json`,
        tokenizer: `${resolve}/tokenizer.json`,
        tokenizerConfig: `${resolve}/tokenizer_config.json`,
        preprocessorConfig: `${resolve}/preprocessor_config.json`,
        modules: `${resolve}/modules.json`,
        pooling: `${resolve}/1_Pooling/config.json`,
      },
    });
  });
});

describe('checkHubUrl', () => {
  it.each([
    ['https://huggingface.co', 'https://huggingface.co'],
    [' https://hf-mirror.com/ ', 'https://hf-mirror.com'],
    ['https://mirror.example/hf/', 'https://mirror.example/hf'],
    ['http://localhost:8080', 'http://localhost:8080'],
    ['http://127.0.0.1:8080/hub/', 'http://127.0.0.1:8080/hub'],
    ['http://[::1]:9000', 'http://[::1]:9000'],
    ['HTTPS://HF-Mirror.com', 'https://hf-mirror.com'],
  ])('accepts %j', (text, url) => {
    expect(checkHubUrl(text)).toEqual({ ok: true, url });
  });

  it.each([
    ['', /Enter a hub address/],
    ['hf-mirror.com', /not a complete web address/],
    ['http://hf-mirror.com', /must use https/],
    ['http://localhost.evil.example', /must use https/],
    ['javascript:alert(1)', /must start with https:\/\/, not javascript:/],
    ['ftp://mirror.example', /must start with https/],
    ['https://user:secret@mirror.example', /user name or password/],
    ['https://mirror.example/?token=1', /query/],
    ['https://mirror.example/#x', /fragment/],
    [`https://mirror.example/${'a'.repeat(200)}`, /characters long; the limit is 200/],
  ])('rejects %j', (text, reason) => {
    const result = checkHubUrl(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('tree listings', () => {
  const listing = [
    { type: 'directory', oid: 'd', size: 0, path: 'onnx/extra' },
    {
      type: 'file',
      oid: '1',
      size: 134,
      path: 'onnx/model.onnx',
      lfs: { oid: 'x', size: 1_000, pointerSize: 134 },
    },
    {
      type: 'file',
      oid: '2',
      size: 130,
      path: 'onnx/model.onnx_data',
      lfs: { oid: 'y', size: 9_000, pointerSize: 130 },
    },
    { type: 'file', oid: '3', size: 500, path: 'onnx/model_quantized.onnx' },
    { type: 'file', oid: '4', size: 20, path: 'onnx/model_fp16.onnx_data_1' },
    { type: 'file', oid: '5', size: 10, path: 'onnx/model_fp16.onnx_data' },
    { type: 'file', oid: '6', size: 30, path: 'onnx/model_fp16.onnx' },
    { type: 'file', oid: '7', size: 40, path: 'onnx/model_fp16.onnx_data_2' },
    { type: 'file', oid: '8', size: 50, path: 'onnx/model_fp16.onnx_database' },
    { type: 'file', oid: '9', size: 60, path: 'onnx/decoder_model.onnx' },
  ];

  it('keeps files with their real sizes', () => {
    expect(parseTreeListing(listing)).toEqual([
      { path: 'onnx/model.onnx', size: 1_000 },
      { path: 'onnx/model.onnx_data', size: 9_000 },
      { path: 'onnx/model_quantized.onnx', size: 500 },
      { path: 'onnx/model_fp16.onnx_data_1', size: 20 },
      { path: 'onnx/model_fp16.onnx_data', size: 10 },
      { path: 'onnx/model_fp16.onnx', size: 30 },
      { path: 'onnx/model_fp16.onnx_data_2', size: 40 },
      { path: 'onnx/model_fp16.onnx_database', size: 50 },
      { path: 'onnx/decoder_model.onnx', size: 60 },
    ]);
  });

  it.each([
    [
      { error: 'Repository not found' },
      'The hub did not return a file listing (it said: Repository not found).',
    ],
    [null, 'The hub did not return a file listing.'],
    ['<html>', 'The hub did not return a file listing.'],
    [[{ type: 'file', size: 1 }], 'The hub’s file listing is malformed: entry 0 has no path or type.'],
    [[{ type: 'file', path: 'a.onnx' }], 'The hub’s file listing is malformed: a.onnx has no valid size.'],
    [
      [{ type: 'file', path: 'a.onnx', size: -1 }],
      'The hub’s file listing is malformed: a.onnx has no valid size.',
    ],
  ])('rejects %j', (json, message) => {
    expect(() => parseTreeListing(json)).toThrow(new Error(message));
  });

  it('finds the variants and their external data', () => {
    const entries: HubFileEntry[] = parseTreeListing(listing);
    expect(variantsInListing(entries)).toEqual([
      {
        dtype: 'fp32',
        path: 'onnx/model.onnx',
        size: 1_000,
        externalData: [{ path: 'onnx/model.onnx_data', size: 9_000 }],
      },
      {
        dtype: 'fp16',
        path: 'onnx/model_fp16.onnx',
        size: 30,
        externalData: [
          { path: 'onnx/model_fp16.onnx_data', size: 10 },
          { path: 'onnx/model_fp16.onnx_data_1', size: 20 },
          { path: 'onnx/model_fp16.onnx_data_2', size: 40 },
        ],
      },
      { dtype: 'q8', path: 'onnx/model_quantized.onnx', size: 500, externalData: [] },
    ]);
    expect(variantsInListing(entries, 'decoder_model')).toEqual([
      { dtype: 'fp32', path: 'onnx/decoder_model.onnx', size: 60, externalData: [] },
    ]);
    expect(variantsInListing([])).toEqual([]);
  });

  it('counts a variant’s bytes with its external data', () => {
    const variants = variantsInListing(parseTreeListing(listing));
    expect(variants.map(variantBytes)).toEqual([10_000, 100, 500]);
  });
});
