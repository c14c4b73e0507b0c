import { describe, expect, it } from 'vitest';
import {
  checkModelUrl,
  type UrlCheck,
  isLoopbackHost,
  MAX_URL_LENGTH,
  urlInFolder,
  urlLocation,
} from '../../../src/lib/sources/url-policy.ts';
import { excerpt } from '../../../src/lib/visible-text.ts';

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

  it('lets a link open plain http only on the page’s own server', () => {
    const page = 'http://localhost:5173';
    const link = (text: string): UrlCheck => checkModelUrl(text, page, 'link');
    expect(link('http://localhost:5173/models/x.onnx')).toEqual({
      ok: true,
      url: 'http://localhost:5173/models/x.onnx',
    });
    expect(link('http://127.0.0.1:5173/models/x.onnx')).toEqual({
      ok: true,
      url: 'http://127.0.0.1:5173/models/x.onnx',
    });
    for (const other of [
      'http://localhost:8080/x.onnx',
      'http://127.0.0.1:6379/x.onnx',
      'http://[::1]:22/x',
    ]) {
      const result = link(other);
      expect(result.ok, other).toBe(false);
      expect(result.ok ? '' : result.reason).toMatch(
        /^Links may open plain-http addresses only on this page’s own server; .* is another service on this computer\.$/,
      );
    }
    expect(link('http://10.0.0.1:5173/x.onnx')).toEqual({
      ok: false,
      reason: 'Only https addresses can be opened; http://10.0.0.1:5173 would send the model in clear text.',
    });
    // A typed address is the user's own choice: a local server on another port stays allowed.
    expect(checkModelUrl('http://localhost:8080/x.onnx', page).ok).toBe(true);
  });

  // A link is a stranger's: plain http only to the page's own origin, or to this machine (localhost,
  // 127.0.0.1, [::1]) on the page's own port, however the address is spelled.
  it.each([
    // [page origin, link address, allowed]
    ['http://localhost:5173', 'http://LOCALHOST:5173/x.onnx', true],
    ['http://localhost:5173', 'http://[::1]:5173/x.onnx', true],
    ['http://localhost:5173', 'http://2130706433:5173/x.onnx', true], // 127.0.0.1 in decimal
    ['http://localhost:5173', 'http://0x7f.1:5173/x.onnx', true], // 127.0.0.1 in hex, short form
    ['http://localhost:5173', 'http://0177.0.0.1:5173/x.onnx', true], // 127.0.0.1 in octal
    ['http://localhost:5173', 'http://2130706433:6379/x.onnx', false],
    ['http://localhost:5173', 'http://0x7f000001:22/x.onnx', false],
    ['http://localhost:5173', 'http://localhost/x.onnx', false], // port 80 is another service
    ['http://localhost:5173', 'http://localhost.:5173/x.onnx', false], // not the name the check knows
    ['http://localhost:5173', 'http://127.0.0.2:5173/x.onnx', false],
    ['http://localhost:5173', 'http://0.0.0.0:5173/x.onnx', false],
    ['http://localhost:5173', 'http://[::ffff:127.0.0.1]:5173/x.onnx', false],
    ['http://localhost:5173', 'http://localhost:5173@evil.example/x.onnx', false], // userinfo: host is evil
    ['http://localhost:5173', 'http://evil.example:5173/x.onnx', false],
    ['http://localhost', 'http://localhost:80/x.onnx', true], // :80 is http's default
    ['https://glassbox.example', 'http://localhost/x.onnx', false], // the page is on 443, this on 80
    ['https://glassbox.example', 'http://localhost:443/x.onnx', true],
    ['https://glassbox.example', 'http://glassbox.example/x.onnx', false], // same host, clear text
    ['http://lab.local:8080', 'http://LAB.local:8080/x.onnx', true], // the page's own origin
    ['http://lab.local:8080', 'http://lab.local:8081/x.onnx', false],
  ])('on %s, a link to %s is allowed: %s', (page, address, allowed) => {
    const result = checkModelUrl(address, page, 'link');
    expect(result.ok).toBe(allowed);
    if (!result.ok) expect(result.reason).toMatch(/plain-http|clear text|user name or password/);
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
    expect(excerpt('a\nb\u0000\tc  d')).toBe('a b␀␉c d');
    expect(excerpt('evil\u202Etxt.exe')).toBe('evil⟨U+202E⟩txt.exe');
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
        modules: 'https://example.com/repo/modules.json',
        pooling: 'https://example.com/repo/1_Pooling/config.json',
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

describe('urlInFolder: the rule for a file name a model gives (external data)', () => {
  const MODEL = 'https://models.example/repo/resolve/main/onnx/model.onnx?sig=1';
  const reason = (name: string): string => {
    const result = urlInFolder(name, MODEL);
    if (result.ok) throw new Error(`expected ${JSON.stringify(name)} to be refused, got ${result.url}`);
    return result.reason;
  };

  it.each([
    ['model.onnx_data', 'https://models.example/repo/resolve/main/onnx/model.onnx_data'],
    ['weights/part 1.bin', 'https://models.example/repo/resolve/main/onnx/weights/part%201.bin'],
    ['a/../model.onnx_data', 'https://models.example/repo/resolve/main/onnx/model.onnx_data'],
    ['./model.onnx_data', 'https://models.example/repo/resolve/main/onnx/model.onnx_data'],
  ])('accepts %j inside the folder', (name, url) => {
    expect(urlInFolder(name, MODEL)).toEqual({ ok: true, url });
  });

  const BACKSLASH = 'it holds a backslash, which browsers read as a slash';
  const CONTROL = 'it holds control characters, which browsers silently drop from addresses';
  const SPACE = 'it starts or ends with white space, which browsers silently drop from addresses';
  const PERCENT = 'it holds percent-encoding, which a browser or server may decode into another path';
  const FULL = 'it is a full address, not a file name beside the model';
  const OUTSIDE = 'it points outside the model’s folder (https://models.example/repo/resolve/main/onnx/)';
  const other = (host: string): string => `it points to another server (${host})`;

  it.each([
    ['\\\\evil.example:8080\\x', BACKSLASH],
    ['\\\\127.0.0.1:9\\weights', BACKSLASH],
    ['..\\..\\secret', BACKSLASH],
    [' //evil.example/x', SPACE],
    ['\t//evil.example/x', SPACE],
    ['model.onnx_data ', SPACE],
    ['/\t/evil.example/x', CONTROL],
    ['mo\ndel.onnx_data', CONTROL],
    ['model\u0000.onnx_data', CONTROL],
    ['\u009bmodel', CONTROL],
    ['%2e%2e/%2e%2e/secret', PERCENT],
    ['.%2E/x', PERCENT],
    ['..%2fsecret', PERCENT],
    ['x?y=1', 'it holds “?” or “#”, which would turn part of it into a query instead of a file name'],
    ['https://evil.example/x', FULL],
    ['HtTpS://evil.example/x', FULL],
    ['JAVASCRIPT:alert(1)', FULL],
    ['data:,x', FULL],
    ['//evil.example/x', other('evil.example')],
    ['//EVIL.example:8443/x', other('evil.example:8443')],
    ['//2130706433/x', other('127.0.0.1')],
    ['//0x7f.0.0.1/x', other('127.0.0.1')],
    ['//0177.0.0.1/x', other('127.0.0.1')],
    ['//[::1]:9/x', other('[::1]:9')],
    ['//[0:0:0:0:0:ffff:7f00:1]/x', other('[::ffff:7f00:1]')],
    ['//user:pw@evil.example/x', other('evil.example')],
    ['//user@models.example/repo/resolve/main/onnx/x', 'it carries a user name or password'],
    ['../model.onnx_data', OUTSIDE],
    ['../../../../other/repo/secret.bin', OUTSIDE],
    ['/repo/resolve/main/onnx2/x', OUTSIDE],
    ['/x', OUTSIDE],
    ['', 'the name is empty'],
  ])('refuses %j', (name, why) => {
    expect(reason(name)).toBe(why);
  });

  it('refuses names past the address length limit', () => {
    expect(reason('a'.repeat(MAX_URL_LENGTH + 1))).toBe(
      `the name is ${MAX_URL_LENGTH + 1} characters long; the limit is ${MAX_URL_LENGTH}`,
    );
  });
});
