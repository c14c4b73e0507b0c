// The measurement scripts' build path (scripts/production-build.ts), run as they run it: in a process whose
// NODE_ENV is development (what Vite's module runner, used by scripts/bench.mjs and scripts/run-ts.mjs,
// leaves behind), into clean folders. `npm run bench` builds with rebuild: true; first-result and the other
// scripts reuse a production build of the current sources and build again otherwise.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { readBuildStamp, sourcesFingerprint } from '../../scripts/build-stamp.ts';
import { ensureAppBuild } from '../../scripts/production-build.ts';

const ROOT = resolve(import.meta.dirname, '../..');
// Three builds of the whole app (~10 s each on a quiet 2-core machine, more on a shared one).
const BUILD_TIMEOUT = 180_000;

/**
 * Whether the built JavaScript holds the development branch of src/app/shell/offline-app.svelte.ts (it unregisters
 * service workers with getRegistrations() when import.meta.env.PROD is false). A production build drops that
 * branch, so its absence shows that PROD was true when the app was built.
 */
function hasDevelopmentBranch(outDir: string): boolean {
  const assets = join(outDir, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .some((name) => readFileSync(join(assets, name), 'utf8').includes('getRegistrations'));
}

describe("the measurement scripts' build, in a process left with NODE_ENV=development", () => {
  const folders: string[] = [];
  const nodeEnv = process.env.NODE_ENV;
  const quiet = (): void => undefined;
  const folder = (): string => {
    const path = mkdtempSync(join(tmpdir(), 'glassbox-build-'));
    folders.push(path);
    return path;
  };
  let production = '';

  beforeAll(() => {
    process.env.NODE_ENV = 'development';
  });
  afterAll(() => {
    process.env.NODE_ENV = nodeEnv;
    for (const path of folders) rmSync(path, { recursive: true, force: true });
  });

  it(
    "npm run bench's path makes a production build of the current sources from a clean folder",
    async () => {
      production = folder();
      const app = await ensureAppBuild({ root: ROOT, outDir: production, rebuild: true, log: quiet });
      expect(app.built).toBe(true);
      expect(readBuildStamp(production)).toMatchObject({
        mode: 'production',
        production: true,
        sources: await sourcesFingerprint(ROOT),
      });
      expect(app.line).toMatch(/^build: production, sources [0-9a-f]{16}/);
      expect(existsSync(join(production, 'sw.js'))).toBe(true);
      expect(hasDevelopmentBranch(production)).toBe(false);
      // The process's own NODE_ENV is left as it was.
      expect(process.env.NODE_ENV).toBe('development');
    },
    BUILD_TIMEOUT,
  );

  it(
    'first-result reuses that build as it is, and builds a development build again as production',
    async () => {
      const index = join(production, 'index.html');
      const before = statSync(index).mtimeMs;
      const reused = await ensureAppBuild({ root: ROOT, outDir: production, log: quiet });
      expect(reused.built).toBe(false);
      expect(statSync(index).mtimeMs).toBe(before);

      // What the scripts made before: a plain build() while NODE_ENV is development.
      const development = folder();
      await build({ root: ROOT, logLevel: 'silent', build: { outDir: development, emptyOutDir: true } });
      expect(readBuildStamp(development)).toMatchObject({ mode: 'production', production: false });
      expect(hasDevelopmentBranch(development)).toBe(true);

      const lines: string[] = [];
      const rebuilt = await ensureAppBuild({
        root: ROOT,
        outDir: development,
        log: (line) => lines.push(line),
      });
      expect(lines.join('\n')).toMatch(/is a development build .*: building the app \(production\)/);
      expect(rebuilt.built).toBe(true);
      expect(readBuildStamp(development)?.production).toBe(true);
      expect(hasDevelopmentBranch(development)).toBe(false);
    },
    BUILD_TIMEOUT * 2,
  );
});
