// The one source of the page's security headers and Content-Security-Policy: the dev and preview servers
// send them (vite.config.ts), the build writes the policy into dist/index.html as a <meta> (for static
// hosts that cannot set headers), and docs/architecture.md shows them as a static-host config.
import type { Plugin } from 'vite';

/** One directive name → its sources, in the order written. */
type Policy = ReadonlyArray<readonly [string, readonly string[]]>;

/**
 * Plain http is allowed only to this machine (src/lib/sources/url-policy.ts and hub.ts accept a typed
 * model address or a hub mirror on localhost, 127.0.0.1 or [::1], on any port). CSP has no syntax for
 * an IPv6 host (Chromium reports 'http://[::1]:*' as an invalid source), so [::1] stays blocked here.
 */
const LOOPBACK_HTTP = ['http://localhost:*', 'http://127.0.0.1:*'];

/**
 * The production policy. Why each source is there:
 * - script-src 'wasm-unsafe-eval': ONNX Runtime compiles its .wasm (WebAssembly.instantiateStreaming);
 *   nothing in the bundle uses eval or new Function. ORT's proxy and pthread workers load its own
 *   module by URL (same origin), and it turns a script into a blob: only when served from another origin,
 *   which this app never does — so neither blob: scripts nor blob: workers are allowed.
 * - connect-src: the app's own files; https: for the hub (huggingface.co by default, or any https mirror
 *   the user sets), the servers the hub redirects downloads to (cdn-lfs.huggingface.co, *.xethub.hf.co,
 *   which change over time) and model addresses the user types or a link carries (checked value by value
 *   in url-policy.ts); plain http only to this machine, as url-policy.ts allows; blob: because files
 *   picked from disk and sample images reach the workers as blob: URLs.
 * - img-src blob: data:: opened images and the inspector's SVG/PNG export are blob: URLs.
 * - style-src 'self': the build puts every component's CSS in .css files; Svelte 5 sets dynamic styles
 *   through the CSSOM (element.style), which CSP does not restrict, and the app has no static inline
 *   style attribute — so no 'unsafe-inline'.
 */
const PRODUCTION: Policy = [
  ['default-src', ["'self'"]],
  ['script-src', ["'self'", "'wasm-unsafe-eval'"]],
  ['worker-src', ["'self'"]],
  ['connect-src', ["'self'", 'https:', ...LOOPBACK_HTTP, 'blob:']],
  ['img-src', ["'self'", 'blob:', 'data:']],
  ['style-src', ["'self'"]],
  ['object-src', ["'none'"]],
  ['base-uri', ["'none'"]],
  ['form-action', ["'none'"]],
];

/**
 * What the dev server needs beyond that, and only there: Vite injects each module's CSS as a <style>
 * element from JavaScript ('unsafe-inline' styles), and its HMR client talks over a WebSocket to the
 * dev server (ws: to this machine).
 */
const DEV_EXTRA: Policy = [
  ['style-src', ["'unsafe-inline'"]],
  ['connect-src', ['ws://localhost:*', 'ws://127.0.0.1:*']],
];

/** Only a header can carry frame-ancestors (a <meta> policy ignores it): no other site may frame the page. */
const HEADER_ONLY: Policy = [['frame-ancestors', ["'none'"]]];

function merge(...policies: Policy[]): Policy {
  const merged = new Map<string, string[]>();
  for (const policy of policies) {
    for (const [name, sources] of policy) merged.set(name, [...(merged.get(name) ?? []), ...sources]);
  }
  return [...merged];
}

function serialize(policy: Policy): string {
  return policy.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

export type Mode = 'production' | 'dev';

/** The policy for a <meta http-equiv="Content-Security-Policy"> (no frame-ancestors). */
export function metaPolicy(mode: Mode = 'production'): string {
  return serialize(mode === 'dev' ? merge(PRODUCTION, DEV_EXTRA) : PRODUCTION);
}

/** The Content-Security-Policy header: the meta policy plus frame-ancestors 'none'. */
export function headerPolicy(mode: Mode = 'production'): string {
  return serialize(merge(mode === 'dev' ? merge(PRODUCTION, DEV_EXTRA) : PRODUCTION, HEADER_ONLY));
}

/**
 * Every header the page is served with. COOP/COEP make the page cross-origin isolated, which ONNX Runtime
 * needs for multi-threaded WASM (without them it silently runs on one thread); nosniff, no referrer sent
 * to a hub or model server, and the Content-Security-Policy are defence in depth.
 */
export function securityHeaders(mode: Mode = 'production'): Record<string, string> {
  return {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': headerPolicy(mode),
  };
}

/** The <meta> element that carries metaPolicy(mode); attribute quotes escaped for HTML. */
export function metaElement(mode: Mode): string {
  return `<meta http-equiv="Content-Security-Policy" content="${metaPolicy(mode).replaceAll("'", '&#39;')}" />`;
}

const CHARSET = '<meta charset="UTF-8" />';

/**
 * Writes the policy into index.html right after its charset, so it applies before any script or style:
 * the production policy in the build, the dev one on the dev server (two policies would both be enforced,
 * and the production one would block the dev server's injected styles).
 */
export function contentSecurityPolicyMeta(): Plugin {
  let mode: Mode = 'production';
  return {
    name: 'glassbox-content-security-policy',
    configResolved(config) {
      mode = config.command === 'serve' ? 'dev' : 'production';
    },
    transformIndexHtml(html) {
      if (!html.includes(CHARSET))
        throw new Error(`index.html lost its ${CHARSET}; the policy goes after it`);
      return html.replace(CHARSET, `${CHARSET}\n    ${metaElement(mode)}`);
    },
  };
}
