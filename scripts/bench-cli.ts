// The command-line benchmark: builds the app, serves it with vite preview, and drives headless Chromium
// through the Benchmark lab's own code (window.glassbox.bench.runForCli), one model after another.
// Prints each result as the lab's Markdown table and writes every result to one JSON file.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import type { CliBenchOptions, LabStatus } from '../src/app/bench/bench-lab.svelte.ts';
import type { CliSweepOptions } from '../src/app/bench/bench-sweep.svelte.ts';
import { sweepResultProblems, sweepToMarkdown, type SweepResult } from '../src/lib/bench/sweep.ts';
import { toMarkdown } from '../src/lib/bench/export.ts';
import { SYNTHETIC_PRESETS } from '../src/lib/synthetic/index.ts';
import { checkBenchResult } from '../src/lib/bench/result-schema.ts';
import type { BenchResult } from '../src/lib/bench/result-types.ts';
import { HUB_FILES, hubFileUrl, MODEL_CATALOG } from '../src/lib/catalog/model-catalog.ts';
import { taskRow } from '../src/lib/tasks/registry.ts';
import {
  BenchArgsError,
  parseBenchArgs,
  QUICK_PLAN,
  quickPlanNote,
  USAGE,
  type BenchCliOptions,
} from './bench-args.ts';
import { benchmarkGeneration } from './bench-generate.ts';
import { browserBinary, launchBenchBrowser } from './chromium.ts';
import { ensureAppBuild, existingAppBuild } from './production-build.ts';
import { pageBuildProblem } from './build-stamp.ts';

const ROOT = resolve(import.meta.dirname, '..');

interface GlassboxWindow {
  glassbox?: {
    bench?: {
      runForCli(options: CliBenchOptions): Promise<BenchResult>;
      status: LabStatus;
      sweep: { runForCli(options: CliSweepOptions): Promise<SweepResult> };
    };
  };
}

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

function presentModels(): string[] {
  return MODEL_CATALOG.filter(
    (entry) =>
      taskRow(entry.task).features.bench &&
      existsSync(resolve(ROOT, hubFileUrl(entry.folder, HUB_FILES.model))),
  ).map((entry) => entry.id);
}

function chooseModels(options: BenchCliOptions): string[] {
  // Synthetic presets ("synthetic:bert-tiny") are generated in the benchmark worker: always present.
  const present = [...presentModels(), ...SYNTHETIC_PRESETS.map((preset) => `synthetic:${preset.id}`)];
  if (options.models.length === 0) return presentModels();
  for (const id of options.models) {
    if (!present.includes(id) && !MODEL_CATALOG.some((entry) => entry.id === id)) {
      throw new BenchArgsError(
        `No model ${id} in the catalog (${MODEL_CATALOG.map((e) => e.id).join(', ')}) or among the synthetic presets (synthetic:<preset>).`,
      );
    }
  }
  const missing = options.models.filter((id) => !present.includes(id));
  // CI asks for the small models by name; one that has not landed yet is skipped, said, and not fatal.
  for (const id of missing) note(`! ${id}: models/${id}/onnx/model.onnx is missing, skipped.`);
  return options.models.filter((id) => present.includes(id));
}

/** The WASM configurations of the lab's default plan on this machine: 1 thread and every core up to 4. */
function wasmDefaults(): string[] {
  const many = Math.min(4, availableParallelism());
  return many > 1 ? ['wasm-1', `wasm-${many}`] : ['wasm-1'];
}

/** The quick plan on a software adapter keeps WebGPU for the smallest model only. */
function backendsFor(options: BenchCliOptions, modelId: string): string[] {
  if (options.backends.length > 0) return options.backends;
  const softwareOnly = !options.gpu;
  if (
    options.quick &&
    softwareOnly &&
    !(QUICK_PLAN.softwareWebGpuModels as readonly string[]).includes(modelId)
  )
    return wasmDefaults();
  return [];
}

function labOptions(options: BenchCliOptions, modelId: string): CliBenchOptions {
  const backends = backendsFor(options, modelId);
  return {
    modelId,
    input: options.input,
    ...(backends.length > 0 ? { backends } : {}),
    warmUp: options.warmUp,
    ...(options.timeBudgetMs !== null
      ? { timeBudgetMs: options.timeBudgetMs, maxIterations: options.maxIterations }
      : { iterations: options.iterations }),
    profileRuns: options.profileRuns,
    overheadPairs: options.overheadPairs,
  };
}

/** Prints stage changes of the running benchmark, read from the lab's status once a second. */
function watchProgress(page: Page): () => void {
  let last = '';
  const timer = setInterval(() => {
    page
      .evaluate(() => {
        const status = (window as GlassboxWindow).glassbox?.bench?.status;
        if (status?.kind !== 'running' || !status.progress) return null;
        const { label, stage, done, total } = status.progress;
        return `${label}: ${stage}${total ? ` ${done}/${total}` : ''}`;
      })
      .then((line) => {
        if (line && line.replace(/ \d+\/\d+$/, '') !== last.replace(/ \d+\/\d+$/, '')) note(`  … ${line}`);
        if (line) last = line;
      })
      .catch(() => undefined);
  }, 1000);
  return () => clearInterval(timer);
}

async function runModel(page: Page, options: BenchCliOptions, modelId: string): Promise<BenchResult> {
  const stop = watchProgress(page);
  try {
    return await page.evaluate(
      async (request) => {
        const bench = (window as GlassboxWindow).glassbox?.bench;
        if (!bench) throw new Error('The page exposes no benchmark lab (window.glassbox.bench).');
        return bench.runForCli(request);
      },
      labOptions(options, modelId),
    );
  } finally {
    stop();
  }
}

function defaultOut(): string {
  return resolve(ROOT, 'test-results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
}

/**
 * Problems that fail the command: an invalid result or a development build (without --dev) always; in CI
 * also any failed configuration.
 */
function problemsOf(result: BenchResult, options: BenchCliOptions): string[] {
  const { ci } = options;
  const check = checkBenchResult(JSON.parse(JSON.stringify(result)) as unknown);
  const problems = check.valid ? [] : check.errors.map((error) => `schema: ${error}`);
  const build = pageBuildProblem(result.environment.build, options.dev);
  if (build !== null) problems.push(build);
  if (result.outcome === 'all-failed') problems.push('every configuration failed');
  if (ci) {
    for (const backend of result.backends) {
      if (backend.status !== 'ok')
        problems.push(`${backend.label} ${backend.status}: ${backend.error?.message ?? ''}`);
    }
    for (const check of result.correctness)
      if (!check.agrees) problems.push(`${check.candidate} disagrees with ${check.reference}`);
  }
  return problems;
}

/** A scale sweep through the lab's sweep (window.glassbox.bench.sweep.runForCli). */
async function runSweep(page: Page, options: BenchCliOptions): Promise<SweepResult> {
  const family = options.sweep;
  if (!family) throw new BenchArgsError('No sweep family given.');
  const request: CliSweepOptions = {
    family,
    ...(options.sizes.length > 0 ? { sizes: options.sizes } : {}),
    ...(options.backends.length > 0 ? { backends: options.backends } : {}),
    warmUp: options.warmUp,
    timeBudgetMs: options.timeBudgetMs ?? QUICK_PLAN.timeBudgetMs,
    maxIterations: options.maxIterations,
  };
  const stop = setInterval(() => note('  … sweeping'), 30_000);
  try {
    return await page.evaluate(async (r) => {
      const bench = (window as GlassboxWindow).glassbox?.bench;
      if (!bench) throw new Error('The page exposes no benchmark lab (window.glassbox.bench).');
      return bench.sweep.runForCli(r);
    }, request);
  } finally {
    clearInterval(stop);
  }
}

async function benchmark(options: BenchCliOptions): Promise<number> {
  const models = options.sweep ? [] : chooseModels(options);
  if (models.length === 0 && !options.sweep) {
    note('No model to benchmark: none of the requested embedded models is present in models/.');
    return 1;
  }
  const binary = browserBinary(options.chromium);
  const outDir = resolve(ROOT, options.outDir);
  let buildLine: string;
  if (options.build) {
    buildLine = (await ensureAppBuild({ root: ROOT, outDir, rebuild: true, log: note })).line;
  } else {
    const existing = await existingAppBuild(ROOT, outDir, {
      allowDev: options.dev,
      remedy: 'Run without --no-build to make a production build.',
    });
    if ('refusal' in existing) {
      note(existing.refusal);
      return 1;
    }
    buildLine = existing.line;
  }
  print(`${buildLine[0]?.toUpperCase()}${buildLine.slice(1)}`);
  print();
  let server: PreviewServer | undefined;
  const browser = await launchBenchBrowser({
    binary,
    gpu: options.gpu,
    headed: options.headed,
    extraArgs: options.browserArgs,
  });
  const results: (BenchResult | SweepResult)[] = [];
  const failures: string[] = [];
  try {
    server = await preview({
      root: ROOT,
      logLevel: 'warn',
      build: { outDir },
      preview: { port: options.port, open: false },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');
    // The service worker's background precache (tens of MB) would run during the first measurements.
    const page = await browser.newPage({ serviceWorkers: 'block' });
    if (options.verbose)
      page.on('console', (message) => message.type() === 'error' && note(`  page: ${message.text()}`));
    await page.goto(`${url}?task=bench`);
    await page.waitForFunction(() => Boolean((window as GlassboxWindow).glassbox?.bench));
    note(`Browser: ${binary} ${options.gpu ? '(GPU flags)' : '(software WebGPU)'}; serving ${url}`);
    if (options.sweep) {
      note(`▶ sweep ${options.sweep}`);
      const sweep = await runSweep(page, options);
      results.push(sweep);
      print(sweepToMarkdown(sweep));
      const sweepBuild = sweep.environment ? pageBuildProblem(sweep.environment.build, options.dev) : null;
      if (sweepBuild !== null) failures.push(`sweep: ${sweepBuild}`);
      failures.push(
        ...sweepResultProblems(JSON.parse(JSON.stringify(sweep)) as unknown).map((p) => `sweep: ${p}`),
      );
    }
    for (const modelId of models) {
      note(`▶ ${modelId}`);
      const result = await runModel(page, options, modelId);
      results.push(result);
      print(toMarkdown(result));
      if (options.gpu && result.environment.webgpu.available && result.environment.webgpu.isSoftware) {
        note(
          '! --gpu was given but WebGPU ran on a software adapter: check the GPU driver, Vulkan and the flags.',
        );
      }
      failures.push(...problemsOf(result, options).map((problem) => `${modelId}: ${problem}`));
    }
  } finally {
    await browser.close();
    await server?.close();
  }
  const out = options.out ? resolve(options.out) : defaultOut();
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  note(`Wrote ${results.length} result(s) to ${out}`);
  for (const failure of failures) note(`✗ ${failure}`);
  const quickNote = quickPlanNote(options);
  if (quickNote !== null) note(quickNote);
  return failures.length > 0 ? 1 : 0;
}

/** Returns the exit code: 0 fine, 1 a failure, 2 bad options. */
export async function main(argv: readonly string[]): Promise<number> {
  let options: BenchCliOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof BenchArgsError)) throw error;
    note(error.message);
    note(USAGE);
    return 2;
  }
  if (options.help) {
    print(USAGE);
    return 0;
  }
  try {
    if (options.generate) return await benchmarkGeneration(options);
    return await benchmark(options);
  } catch (error) {
    note(
      error instanceof BenchArgsError
        ? error.message
        : `The benchmark failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}
