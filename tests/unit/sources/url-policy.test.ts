import { describe, expect, it } from 'vitest';
import {
  checkModelUrl,
  excerpt,
  isLoopbackHost,
  MAX_URL_LENGTH,
  urlLocation,
} from '../../../src/lib/sources/url-policy.ts';

const PAGE = 'https://glassbox.example';

function reasonOf(text: string, pageOrigin = PAGE): string {
  const result = checkModelUrl(text, pageOrigin);
  if (result.ok) throw new Error(`expected ${text} to be refused`);
  return result.reason;
}

describe('checkModelUrl', () => {
  it.each([
    ['https://example.com/m/model.onnx', 'https://example.com/m/model.onnx'],
    ['  https://Example.COM/a b.onnx?x=1#f \n', 'https://example.com/a%20b.onnx?x=1#f'],
    ['https://example.com/a/../model.onnx', 'https://example.com/model.onnx'],
    ['http://localhost:8000/model.onnx', 'http://localhost:8000/model.onnx'],
    ['http://127.0.0.1/model.onnx', 'http://127.0.0.1/model.onnx'],
    ['http://[::1]:3000/model.onnx', 'http://[::1]:3000/model.onnx'],
  ])('accepts %j', (text, url) => {
    expect(checkModelUrl(text, PAGE)).toEqual({ ok: true, url });
  });

  it('accepts http on the page’s own origin only', () => {
    expect(checkModelUrl('http://lab.local:5173/models/x.onnx', 'http://lab.local:5173')).toEqual({
      ok: true,
      url: 'http://lab.local:5173/models/x.onnx',
    });
    expect(reasonOf('http://lab.local:5174/models/x.onnx', 'http://lab.local:5173')).toBe(
      'Only https addresses can be opened; http://lab.local:5174 would send the model in clear text.',
    );
  });

  it('explains each refused scheme', () => {
    expect(reasonOf('http://example.com/model.onnx')).toBe(
      'Only https addresses can be opened; http://example.com would send the model in clear text.',
    );
    expect(reasonOf('javascript:alert(document.cookie)')).toBe(
      'Only https addresses can be opened; javascript: addresses run code instead of downloading a file.',
    );
    expect(reasonOf(' JavaScript:alert(1)')).toMatch(/javascript: addresses run code/);
    expect(reasonOf('java\nscript:alert(1)')).toMatch(/javascript: addresses run code/);
    expect(reasonOf('data:application/octet-stream;base64,AAAA')).toMatch(/^Only https.*data: addresses/);
    expect(reasonOf('file:///etc/passwd')).toMatch(/^Only https.*file: addresses cannot be read/);
    expect(reasonOf('blob:https://glassbox.example/1234')).toMatch(/^Only https.*blob: addresses/);
    expect(reasonOf('ftp://example.com/model.onnx')).toMatch(/^Only https.*ftp:/);
    expect(reasonOf('ws://example.com/model.onnx')).toBe(
      'Only https addresses can be opened, not ws: addresses.',
    );
  });

  it('refuses credentials', () => {
    expect(reasonOf('https://user:secret@example.com/model.onnx')).toMatch(/user name or password/);
    expect(reasonOf('https://user@example.com/model.onnx')).toMatch(/user name or password/);
    expect(reasonOf('http://user:pw@localhost/model.onnx')).toMatch(/user name or password/);
  });

  it('refuses text that is not an absolute address, quoting a short excerpt', () => {
    expect(reasonOf('')).toBe('Enter the https address of an .onnx file.');
    expect(reasonOf('/models/model.onnx')).toBe(
      '“/models/model.onnx” is not a complete web address; it should start with https://.',
    );
    const hostile = `<img src=x onerror=alert(1)>${'A'.repeat(500)}`;
    const reason = reasonOf(hostile);
    expect(reason).toBe(
      `“${hostile.slice(0, 60)}…” is not a complete web address; it should start with https://.`,
    );
  });

  it('refuses addresses over the length limit', () => {
    const url = `https://example.com/${'a'.repeat(MAX_URL_LENGTH)}.onnx`;
    expect(reasonOf(url)).toBe(`The address is ${url.length} characters long; the limit is 2048.`);
    const atLimit = `https://example.com/${'a'.repeat(MAX_URL_LENGTH - 'https://example.com/'.length)}`;
    expect(checkModelUrl(atLimit, PAGE).ok).toBe(true);
  });
});

describe('helpers', () => {
  it('knows the loopback hosts', () => {
    expect(['localhost', 'LOCALHOST', '127.0.0.1', '[::1]'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['localhost.evil.example', '127.0.0.2', '::1', '0.0.0.0'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('flattens and shortens untrusted text', () => {
    expect(excerpt('a\nb\u0000\tc  d')).toBe('a b c d');
    expect(excerpt('x'.repeat(61))).toBe(`${'x'.repeat(60)}…`);
    expect(excerpt('x'.repeat(60))).toBe('x'.repeat(60));
    expect(excerpt('😀'.repeat(5), 3)).toBe('😀😀😀…');
  });
});

describe('urlLocation', () => {
  it('looks for siblings in the repo root when the model is in onnx/', () => {
    const url = 'https://example.com/repo/onnx/model_quantized.onnx?sig=abc#x';
    expect(urlLocation(url)).toEqual({
      key: `url:${url}`,
      label: 'model_quantized.onnx',
      origin: 'url',
      cache: true,
      externalData: {},
      files: {
        model: url,
        config: 'https://example.com/repo/config.json',
        tokenizer: 'https://example.com/repo/tokenizer.json',
        tokenizerConfig: 'https://example.com/repo/tokenizer_config.json',
        preprocessorConfig: 'https://example.com/repo/preprocessor_config.json',
      },
    });
  });

  it('looks beside the model otherwise', () => {
    const location = urlLocation('http://localhost:8000/my%20models/tiny%20bert.onnx');
    expect(location.label).toBe('tiny bert.onnx');
    expect(location.files.config).toBe('http://localhost:8000/my%20models/config.json');
    expect(urlLocation('https://example.com/model.onnx').files.tokenizer).toBe(
      'https://example.com/tokenizer.json',
    );
    expect(urlLocation('https://example.com/onnx/model.onnx').files.config).toBe(
      'https://example.com/config.json',
    );
  });

  it('falls back to the host for a label', () => {
    expect(urlLocation('https://example.com/').label).toBe('example.com');
    expect(urlLocation('https://example.com/%E0%A4%A').label).toBe('%E0%A4%A');
  });
});
