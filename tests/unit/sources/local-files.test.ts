import { describe, expect, it } from 'vitest';
import { localLocation, type PickedFile } from '../../../src/lib/sources/local-files.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import { displayNameOf, withFileNames } from '../../../src/lib/loading/model-download.ts';

/** Picked files with predictable blob URLs: blob:<path>. */
function picked(...paths: string[]): PickedFile[] {
  return paths.map((path, index) => ({ path, url: `blob:${path}`, size: 100 + index }));
}

function success(files: readonly PickedFile[], serial = 1, label?: string) {
  const result = localLocation(files, serial, label);
  if (!result.ok) throw new Error(`expected a location, got: ${result.reason}`);
  return result;
}

function failure(files: readonly PickedFile[]): string {
  const result = localLocation(files, 1);
  if (result.ok) throw new Error(`expected a failure, got ${result.modelPath}`);
  return result.reason;
}

describe('localLocation', () => {
  it('opens a single .onnx file', () => {
    expect(localLocation(picked('resnet18.onnx'), 3)).toEqual({
      ok: true,
      modelPath: 'resnet18.onnx',
      ignored: [],
      location: {
        key: 'local:resnet18.onnx#3',
        label: 'resnet18.onnx',
        origin: 'local',
        cache: false,
        files: { model: 'blob:resnet18.onnx' },
        externalData: {},
        fileNames: { 'blob:resnet18.onnx': 'resnet18.onnx' },
      },
    });
  });

  it('lays out a hub folder', () => {
    const files = picked(
      'config.json',
      'tokenizer.json',
      'tokenizer_config.json',
      'preprocessor_config.json',
      'README.md',
      'metrics.json',
      'onnx/model.onnx',
      'onnx/model.onnx_data',
      'onnx/model_quantized.onnx',
      'onnx/model_fp16.onnx',
      'onnx/model_fp16.onnx_data',
    );
    expect(localLocation(files, 7, 'my-bert')).toEqual({
      ok: true,
      modelPath: 'onnx/model.onnx',
      ignored: [
        'README.md',
        'metrics.json',
        'onnx/model_quantized.onnx',
        'onnx/model_fp16.onnx',
        'onnx/model_fp16.onnx_data',
      ],
      location: {
        key: 'local:my-bert#7',
        label: 'my-bert',
        origin: 'local',
        cache: false,
        files: {
          model: 'blob:onnx/model.onnx',
          config: 'blob:config.json',
          tokenizer: 'blob:tokenizer.json',
          tokenizerConfig: 'blob:tokenizer_config.json',
          preprocessorConfig: 'blob:preprocessor_config.json',
        },
        externalData: { 'model.onnx_data': 'blob:onnx/model.onnx_data' },
        fileNames: Object.fromEntries(
          [
            'onnx/model.onnx',
            'config.json',
            'tokenizer.json',
            'tokenizer_config.json',
            'preprocessor_config.json',
            'onnx/model.onnx_data',
          ].map((path) => [`blob:${path}`, path]),
        ),
      },
    });
  });

  it('prefers model.onnx at the root after onnx/model.onnx', () => {
    expect(success(picked('model_quantized.onnx', 'model.onnx', 'other.onnx')).modelPath).toBe('model.onnx');
    expect(success(picked('model.onnx', 'onnx/model.onnx')).modelPath).toBe('onnx/model.onnx');
  });

  it('falls back to the only fp32 name', () => {
    const result = success(
      picked(
        'onnx/encoder_quantized.onnx',
        'onnx/encoder.onnx',
        'onnx/encoder_fp16.onnx',
        'onnx/encoder_q4f16.onnx',
      ),
    );
    expect(result.modelPath).toBe('onnx/encoder.onnx');
    expect(result.location.label).toBe('encoder.onnx');
  });

  it('asks to pick one file when the choice is ambiguous', () => {
    expect(failure(picked('encoder.onnx', 'decoder.onnx', 'config.json'))).toBe(
      'The picked files hold several .onnx models (encoder.onnx, decoder.onnx); pick one .onnx file, with its config.json and tokenizer.json if it has them.',
    );
    expect(failure(picked('onnx/model_fp16.onnx', 'onnx/model_quantized.onnx'))).toMatch(
      /^The picked files hold several \.onnx models \(onnx\/model_fp16\.onnx, onnx\/model_quantized\.onnx\); pick one/,
    );
  });

  it('says when there is no model', () => {
    expect(failure(picked('config.json', 'tokenizer.json'))).toBe(
      'No .onnx file among config.json, tokenizer.json.',
    );
    expect(failure(picked('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'))).toBe(
      'No .onnx file among a, b, c, d, e, f and 2 more.',
    );
    expect(failure([])).toBe('No .onnx file among the picked files: none were picked.');
  });

  it('accepts an upper-case extension', () => {
    expect(success(picked('MODEL.ONNX')).modelPath).toBe('MODEL.ONNX');
  });

  it('collects external data beside the model, but not other models’ data or hidden files', () => {
    const result = success(
      picked(
        'net.onnx',
        'net.onnx.data',
        'net.onnx_data_1',
        'weights.bin',
        '.DS_Store',
        'other.onnx_data',
        'notes.json',
        'sub/net.onnx_data_2',
        'sub/unrelated.bin',
      ),
    );
    // other.onnx_data is kept: no other.onnx was picked, so it may well be data net.onnx names.
    expect(result.location.externalData).toEqual({
      'net.onnx.data': 'blob:net.onnx.data',
      'net.onnx_data_1': 'blob:net.onnx_data_1',
      'weights.bin': 'blob:weights.bin',
      'other.onnx_data': 'blob:other.onnx_data',
      'net.onnx_data_2': 'blob:sub/net.onnx_data_2',
    });
    expect(result.ignored).toEqual(['.DS_Store', 'notes.json', 'sub/unrelated.bin']);
  });

  it('leaves out the data of the other variants', () => {
    const result = success(
      picked('model.onnx', 'model_fp16.onnx', 'model_fp16.onnx_data', 'model.onnx_data'),
    );
    expect(result.location.externalData).toEqual({ 'model.onnx_data': 'blob:model.onnx_data' });
    expect(result.ignored).toEqual(['model_fp16.onnx', 'model_fp16.onnx_data']);
  });

  it('prefers a data file beside the model over one of the same name elsewhere', () => {
    const result = success(picked('onnx/model.onnx', 'model.onnx_data', 'onnx/model.onnx_data'));
    expect(result.location.externalData).toEqual({ 'model.onnx_data': 'blob:onnx/model.onnx_data' });
    expect(result.ignored).toEqual(['model.onnx_data']);
  });

  it('takes role files from the root first, then beside the model, then the folder above', () => {
    const result = success(
      picked(
        'a/b/onnx/model.onnx',
        'a/b/onnx/tokenizer.json',
        'a/b/config.json',
        'config.json',
        'a/b/preprocessor_config.json',
        'elsewhere/tokenizer_config.json',
      ),
    );
    expect(result.location.files).toEqual({
      model: 'blob:a/b/onnx/model.onnx',
      config: 'blob:config.json',
      tokenizer: 'blob:a/b/onnx/tokenizer.json',
      preprocessorConfig: 'blob:a/b/preprocessor_config.json',
    });
    expect(result.ignored).toEqual(['a/b/config.json', 'elsewhere/tokenizer_config.json']);
  });

  it('keys by label and serial, so two picks of one name stay apart', () => {
    expect(success(picked('model.onnx'), 1).location.key).toBe('local:model.onnx#1');
    expect(success(picked('model.onnx'), 2).location.key).toBe('local:model.onnx#2');
  });
});

describe('a picked file’s name in messages', () => {
  it('replaces the blob: URL of each picked file with its path in errors', () => {
    const files = [
      { path: 'onnx/model.onnx', url: 'blob:http://localhost/3f2a-11', size: 1 },
      { path: 'config.json', url: 'blob:http://localhost/9c0d-22', size: 1 },
    ];
    const location = success(files).location;
    expect(displayNameOf(location, 'blob:http://localhost/9c0d-22')).toBe('config.json');
    const renamed = withFileNames(
      new GlassboxError({
        code: 'model-config-invalid',
        message: 'blob:http://localhost/9c0d-22 is not valid JSON (beside blob:http://localhost/3f2a-11).',
        remedy: 'Fix blob:http://localhost/9c0d-22.',
        detail: 'at blob:http://localhost/9c0d-22:1',
      }),
      location,
    );
    expect(renamed).toMatchObject({
      code: 'model-config-invalid',
      message: 'config.json is not valid JSON (beside onnx/model.onnx).',
      remedy: 'Fix config.json.',
      detail: 'at config.json:1',
    });
  });

  it('makes control and directional characters in a picked file’s name visible in its label', () => {
    const location = success([{ path: 'evil\u202Exnno.onnx', url: 'blob:x', size: 1 }]).location;
    expect(location.label).toBe('evil⟨U+202E⟩xnno.onnx');
  });
});
