// The measurement scripts' check of the build they measure (scripts/build-stamp.ts): when an existing build
// is reused or made again, and when figures are refused because they would come from a development build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  developmentRefusal,
  describeBuild,
  judgeBuild,
  pageBuildProblem,
  parseBuildStamp,
  sourcesFingerprint,
  type BuildStamp,
} from '../../../scripts/build-stamp.ts';
import { parseBenchArgs } from '../../../scripts/bench-args.ts';
import { existingAppBuild } from '../../../scripts/production-build.ts';
import { checkBenchResult } from '../../../src/lib/bench/result-schema.ts';
import { toMarkdown } from '../../../src/lib/bench/export.ts';
import { sampleResult } from './result-fixture.ts';

const PRODUCTION: BuildStamp = {
  mode: 'production',
  production: true,
  sources: 'abc123',
  builtAt: '2026-12-07T09:00:00.000Z',
};
const DEVELOPMENT: BuildStamp = { ...PRODUCTION, production: false };
const HERE = { folder: 'dist/', hasIndex: true, allowDev: false };

describe('judgeBuild: reuse a build only when it is a production build of the current sources', () => {
  it('reuses a production build of the current sources', () => {
    expect(judgeBuild(PRODUCTION, 'abc123', HERE)).toEqual({ reuse: true });
  });

  it('builds again when there is no build, no stamp, other sources or a development build', () => {
    const cases: Array<[BuildStamp | null, string, typeof HERE, RegExp]> = [
      [PRODUCTION, 'abc123', { ...HERE, hasIndex: false }, /dist\/ holds no build/],
      [null, 'abc123', HERE, /no build-stamp\.json.*unknown/],
      [PRODUCTION, 'def456', HERE, /other sources than the current ones/],
      [DEVELOPMENT, 'abc123', HERE, /development build/],
      // A development build of other sources is rebuilt even with --dev.
      [DEVELOPMENT, 'def456', { ...HERE, allowDev: true }, /other sources/],
    ];
    for (const [stamp, sources, options, reason] of cases) {
      const verdict = judgeBuild(stamp, sources, options);
      expect(verdict.reuse).toBe(false);
      if (!verdict.reuse) expect(verdict.reason).toMatch(reason);
    }
  });

  it('with --dev, measures a development build of the current sources as it is', () => {
    expect(judgeBuild(DEVELOPMENT, 'abc123', { ...HERE, allowDev: true })).toEqual({ reuse: true });
  });
});

describe('refusing figures from a development build', () => {
  it('refuses a development build or one whose mode is unknown, with the remedy and --dev named', () => {
    const remedy = 'Run without --no-build to make a production build.';
    for (const stamp of [DEVELOPMENT, null]) {
      const sentence = developmentRefusal(stamp, false, remedy);
      expect(sentence).toMatch(/^Refusing to report: the build .*not what users get\./);
      expect(sentence).toContain(remedy);
      expect(sentence).toContain('Pass --dev to measure it anyway');
    }
    expect(developmentRefusal(DEVELOPMENT, false, remedy)).toContain('import.meta.env.PROD false');
  });

  it('reports from a production build, and from any build with --dev', () => {
    expect(developmentRefusal(PRODUCTION, false, '')).toBeNull();
    expect(developmentRefusal(DEVELOPMENT, true, '')).toBeNull();
    expect(developmentRefusal(null, true, '')).toBeNull();
  });

  it('fails a benchmark result whose page says it is a development build, unless --dev', () => {
    expect(pageBuildProblem('production', false)).toBeNull();
    expect(pageBuildProblem('development', false)).toMatch(/development build.*--dev allows it/);
    expect(pageBuildProblem('development', true)).toBeNull();
    expect(pageBuildProblem(undefined, true)).toMatch(/does not say/);
  });

  it('npm run bench takes --dev (off by default)', () => {
    expect(parseBenchArgs([]).dev).toBe(false);
    expect(parseBenchArgs(['--no-build', '--dev']).dev).toBe(true);
  });

  it("names the build's mode in each script's line", () => {
    expect(describeBuild(PRODUCTION, 'dist/')).toMatch(/^build: production, sources abc123/);
    expect(describeBuild(DEVELOPMENT, 'dist/')).toMatch(/^build: DEVELOPMENT \(mode production\)/);
    expect(describeBuild(null, 'dist/')).toMatch(/^build: unknown/);
  });
});

describe('the build in a benchmark result', () => {
  it('is recorded by the schema (production or development; absent in older results)', () => {
    const result = sampleResult();
    expect(
      checkBenchResult({ ...result, environment: { ...result.environment, build: 'production' } }).valid,
    ).toBe(true);
    expect(checkBenchResult(result).valid).toBe(true);
    expect(
      checkBenchResult({ ...result, environment: { ...result.environment, build: 'staging' } }).valid,
    ).toBe(false);
  });

  it('is said in the Markdown of a development build', () => {
    const result = sampleResult();
    expect(toMarkdown({ ...result, environment: { ...result.environment, build: 'development' } })).toContain(
      '**development build** (not what users get)',
    );
    expect(
      toMarkdown({ ...result, environment: { ...result.environment, build: 'production' } }),
    ).not.toContain('development');
  });
});

describe('parseBuildStamp', () => {
  it('reads a stamp and rejects text that is not one', () => {
    expect(parseBuildStamp(JSON.stringify(PRODUCTION))).toEqual(PRODUCTION);
    expect(parseBuildStamp('{"mode":"production","production":"yes","sources":"x"}')).toBeNull();
    expect(parseBuildStamp('{"mode":"production"')).toBeNull();
    expect(parseBuildStamp('null')).toBeNull();
  });
});

describe('on disk', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function write(path: string, text: string): void {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }

  it('a build used as it is (bench --no-build, --dist) is refused when development, unless --dev', async () => {
    root = mkdtempSync(join(tmpdir(), 'glassbox-stamp-'));
    const remedy = 'Run without --no-build to make a production build.';
    const dist = join(root, 'dist');
    expect(await existingAppBuild(root, dist, { allowDev: false, remedy })).toEqual({
      refusal: `dist/ holds no build. ${remedy}`,
    });
    write('dist/index.html', '<!doctype html>');
    write('dist/build-stamp.json', JSON.stringify(DEVELOPMENT));
    const refused = await existingAppBuild(root, dist, { allowDev: false, remedy });
    expect('refusal' in refused && refused.refusal).toMatch(
      /^Refusing to report: the build is a development build/,
    );
    const allowed = await existingAppBuild(root, dist, { allowDev: true, remedy });
    expect('line' in allowed && allowed.line).toMatch(/^build: DEVELOPMENT .*\(not the current sources\)$/);
    write(
      'dist/build-stamp.json',
      JSON.stringify({ ...PRODUCTION, sources: await sourcesFingerprint(root) }),
    );
    const current = await existingAppBuild(root, dist, { allowDev: false, remedy });
    expect('line' in current && current.line).toMatch(
      /^build: production, sources [0-9a-f]{16}, .* in dist\/$/,
    );
  });

  it('changes with a source file, and not with what is not built (recipes, dotfiles)', async () => {
    root = mkdtempSync(join(tmpdir(), 'glassbox-stamp-'));
    write('index.html', '<!doctype html>');
    write('src/main.ts', 'export const a = 1;');
    write('models/tiny/onnx/model.onnx', 'weights');
    const first = await sourcesFingerprint(root);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    write('models/recipes/train.py', 'print(1)');
    write('src/.cache/x', 'y');
    expect(await sourcesFingerprint(root)).toBe(first);
    write('src/main.ts', 'export const a = 2;');
    expect(await sourcesFingerprint(root)).not.toBe(first);
    write('src/main.ts', 'export const a = 1;');
    expect(await sourcesFingerprint(root)).toBe(first);
    write('models/tiny/onnx/model.onnx', 'other weights');
    expect(await sourcesFingerprint(root)).not.toBe(first);
  });
});
