import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headerPolicy, metaElement, metaPolicy, securityHeaders } from '../../scripts/security-headers.ts';

const directives = (policy: string): Map<string, string[]> =>
  new Map(
    policy.split('; ').map((directive) => {
      const [name = '', ...sources] = directive.split(' ');
      return [name, sources];
    }),
  );

describe('the Content-Security-Policy', () => {
  it('is the same in the header and the meta, where only frame-ancestors cannot go', () => {
    expect(headerPolicy()).toBe(`${metaPolicy()}; frame-ancestors 'none'`);
    expect(securityHeaders()['Content-Security-Policy']).toBe(headerPolicy());
    expect(metaElement('production')).toContain(metaPolicy().replaceAll("'", '&#39;'));
  });

  it('allows no inline script, no eval and no plugins in production', () => {
    const policy = directives(headerPolicy());
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    // Plain http only to this machine, as url-policy.ts allows; no wildcard host.
    expect(policy.get('connect-src')?.filter((source) => source.startsWith('http:'))).toEqual([
      'http://localhost:*',
      'http://127.0.0.1:*',
    ]);
    expect(headerPolicy()).not.toContain('*.');
  });

  it('loosens the dev server only by inline styles and the HMR socket', () => {
    const production = directives(headerPolicy());
    const dev = directives(headerPolicy('dev'));
    const added: string[] = [];
    for (const [name, sources] of dev) {
      const base = production.get(name) ?? [];
      expect(sources.slice(0, base.length)).toEqual(base);
      added.push(...sources.slice(base.length).map((source) => `${name} ${source}`));
    }
    expect(added).toEqual([
      'connect-src ws://localhost:*',
      'connect-src ws://127.0.0.1:*',
      "style-src 'unsafe-inline'",
    ]);
  });

  it('is what docs/deploy.md tells static hosts to send', () => {
    const docs = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    expect(docs).toContain(`Content-Security-Policy: ${headerPolicy()}`);
    expect(docs).toContain(`add_header Content-Security-Policy "${headerPolicy()}" always;`);
    for (const [name, value] of Object.entries(securityHeaders())) {
      expect(docs).toContain(`${name}: ${value}`);
    }
  });
});
