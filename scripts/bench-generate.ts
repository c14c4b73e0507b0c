// `npm run bench -- --generate`: text generation in headless Chromium against the production build, through
// the Generate view's own worker code (window.glassbox.generationBench): per model and configuration a
// fresh worker with its thread count, one untimed generation, then greedy generations in rotating
// interleaved rounds; time to first token, prefill and decode tokens/s (timed in the worker), median and
// range over the repeats, and whether every configuration made the same tokens.
// The SmolLM2-135M-shaped model (random weights) is built at the first run into tmp/ (gitignored) by
// models/recipes/tiny-random-causal-lms/smollm2_shaped.py and served by the local hub server.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import type {
  GenerationBenchModel,
  GenerationBenchOpened,
  GenerationBenchRequest,
  GenerationBenchTimedRun,
} from '../src/app/generate/generation-bench.ts';
import {
  firstDisagreement,
  GENERATION_TABLE_HEADER,
  generationRow,
  summarizeGeneration,
} from '../src/lib/bench/generation-summary.ts';
import { MODEL_CATALOG } from '../src/lib/catalog/model-catalog.ts';
import { formatBytes } from '../src/lib/format.ts';
import { startHubServer, type HubServer } from '../tests/support/hub-server.ts';
import { BenchArgsError, GENERATE_PLAN, type BenchCliOptions } from './bench-args.ts';
import { browserBinary, launchBenchBrowser } from './chromium.ts';
import { ensureAppBuild } from './production-build.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SYNTHETIC = 'synthetic:smollm2-135m';
const SYNTHETIC_OWNER = 'glassbox-bench';

interface GenerationBenchWindow {
  glassbox?: {
    generationBench?: {
      start(request: GenerationBenchRequest): Promise<GenerationBenchOpened>;
      run(id: number): Promise<GenerationBenchTimedRun>;
      stop(id: number): void;
    };
  };
}

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** The synthetic model's repo name: its depth in the name when it is not SmolLM2-135M's 30. */
function syntheticRepo(layers: number): string {
  return layers === 30 ? 'smollm2-135m-shaped' : `smollm2-135m-shaped-${layers}-layers`;
}

/** Any English text for the synthetic tokenizer's 256 merges (speed does not depend on them): the docs. */
function corpusFile(): string {
  const file = resolve(ROOT, 'tmp/bench-corpus.txt');
  if (!existsSync(file)) {
    const docs = readdirSync(resolve(ROOT, 'docs')).filter((name) => name.endsWith('.md'));
    const text = [resolve(ROOT, 'README.md'), ...docs.map((name) => resolve(ROOT, 'docs', name))]
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return file;
}

/** Builds the SmolLM2-135M-shaped model into tmp/bench-hub/ unless it is there; its folder. */
function ensureSyntheticModel(layers: number): string {
  const folder = resolve(ROOT, 'tmp/bench-hub', SYNTHETIC_OWNER, syntheticRepo(layers));
  if (existsSync(resolve(folder, 'onnx/model.onnx'))) return folder;
  note(`building the SmolLM2-135M-shaped model (${layers} layers, random weights) into ${folder} …`);
  const started = performance.now();
  const python = process.env.PYTHON ?? '/usr/bin/python3';
  const recipe = resolve(ROOT, 'models/recipes/tiny-random-causal-lms/smollm2_shaped.py');
  const built = spawnSync(python, [recipe, corpusFile(), folder, String(layers)], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
  });
  if (built.status !== 0) {
    throw new Error(
      `building the synthetic model failed (${python} needs torch and onnx: apt-get install python3-torch python3-onnx): ${built.stderr.slice(-600)}`,
    );
  }
  note(`  built in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return folder;
}

interface Configuration {
  label: string;
  backend: 'wasm' | 'webgpu';
  threads: number;
  maxNewTokens: number;
  repeats: number;
}

/** Does the page's browser offer a WebGPU adapter, and is it a software one? */
async function webGpuHere(page: Page): Promise<{ available: boolean; software: boolean }> {
  return page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    const adapter = (await gpu?.requestAdapter().catch(() => null)) as {
      info?: { architecture?: string; vendor?: string; description?: string; isFallbackAdapter?: boolean };
    } | null;
    if (!adapter) return { available: false, software: false };
    const info = adapter.info ?? {};
    const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`;
    return {
      available: true,
      software: info.isFallbackAdapter === true || /swiftshader|llvmpipe|lavapipe|warp/i.test(text),
    };
  });
}

function configurationsFor(
  options: BenchCliOptions,
  modelId: string,
  webgpu: { available: boolean; software: boolean },
): Configuration[] {
  const many = Math.min(4, availableParallelism());
  const keys =
    options.backends.length > 0
      ? options.backends
      : ['wasm-1', ...(many > 1 ? [`wasm-${many}`] : []), ...(webgpu.available ? ['webgpu'] : [])];
  const configurations: Configuration[] = [];
  for (const key of keys) {
    const wasm = /^wasm-(\d+)$/.exec(key);
    if (wasm) {
      const threads = Number(wasm[1]);
      configurations.push({
        label: `WASM ${threads} thread${threads === 1 ? '' : 's'}`,
        backend: 'wasm',
        threads,
        maxNewTokens: options.newTokens,
        repeats: options.repeats,
      });
    } else if (key === 'webgpu') {
      const software = webgpu.software && !options.gpu;
      // A software adapter (SwiftShader) takes seconds per step of the 135 M model: only the small one.
      if (software && !(GENERATE_PLAN.softwareWebGpuModels as readonly string[]).includes(modelId)) {
        note(`  ${modelId}: WebGPU skipped (software adapter: seconds per step; correctness only)`);
        continue;
      }
      configurations.push({
        label: 'WebGPU',
        backend: 'webgpu',
        threads: 1,
        maxNewTokens: software
          ? Math.min(options.newTokens, GENERATE_PLAN.softwareWebGpuTokens)
          : options.newTokens,
        repeats: software ? Math.min(options.repeats, GENERATE_PLAN.softwareWebGpuRepeats) : options.repeats,
      });
    } else {
      throw new BenchArgsError(`--generate runs wasm-<threads> and webgpu configurations, not ${key}.`);
    }
  }
  return configurations;
}

function modelFor(modelId: string, hub: HubServer | null, layers: number): GenerationBenchModel {
  if (modelId === SYNTHETIC) {
    if (!hub) throw new Error('The synthetic model needs the local hub server.');
    return { hubUrl: hub.url, repo: `${SYNTHETIC_OWNER}/${syntheticRepo(layers)}` };
  }
  return { catalogId: modelId };
}

interface ConfigurationResult {
  model: string;
  configuration: Configuration;
  opened: GenerationBenchOpened;
  runs: GenerationBenchTimedRun[];
}

async function benchModel(
  page: Page,
  modelId: string,
  model: GenerationBenchModel,
  configurations: Configuration[],
): Promise<ConfigurationResult[]> {
  const api = async <T>(call: string, arg: unknown): Promise<T> =>
    page.evaluate(
      async ({ call, arg }) => {
        const bench = (window as GenerationBenchWindow).glassbox?.generationBench as unknown as Record<
          string,
          (value: unknown) => Promise<unknown>
        >;
        if (!bench)
          throw new Error('The page exposes no generation bench (window.glassbox.generationBench).');
        return bench[call]!(arg);
      },
      { call, arg },
    ) as Promise<T>;
  const results: ConfigurationResult[] = [];
  try {
    for (const configuration of configurations) {
      note(`  … ${modelId} on ${configuration.label}: loading`);
      const opened = await api<GenerationBenchOpened>('start', {
        model,
        backend: configuration.backend,
        threads: configuration.threads,
        prompt: GENERATE_PLAN.prompt,
        maxNewTokens: configuration.maxNewTokens,
      } satisfies GenerationBenchRequest);
      results.push({ model: modelId, configuration, opened, runs: [] });
    }
    const rounds = Math.max(...configurations.map((configuration) => configuration.repeats));
    for (let round = 0; round < rounds; round++) {
      // Rotating order: no configuration always runs right after another.
      for (let i = 0; i < results.length; i++) {
        const result = results[(round + i) % results.length] as ConfigurationResult;
        if (result.runs.length >= result.configuration.repeats) continue;
        result.runs.push(await api<GenerationBenchTimedRun>('run', result.opened.id));
      }
      note(`  … ${modelId}: round ${round + 1}/${rounds}`);
    }
  } finally {
    for (const result of results) await api('stop', result.opened.id).catch(() => undefined);
  }
  return results;
}

export async function benchmarkGeneration(options: BenchCliOptions): Promise<number> {
  const models = options.models.length > 0 ? options.models : [...GENERATE_PLAN.models];
  const known = [SYNTHETIC, ...MODEL_CATALOG.filter((e) => e.task === 'text-generation').map((e) => e.id)];
  for (const id of models) {
    if (!known.includes(id)) throw new BenchArgsError(`--generate runs ${known.join(', ')}; not ${id}.`);
  }
  const extraRepos: Record<string, string> = {};
  if (models.includes(SYNTHETIC)) {
    extraRepos[`${SYNTHETIC_OWNER}/${syntheticRepo(options.layers)}`] = ensureSyntheticModel(options.layers);
  }
  const outDir = resolve(ROOT, options.outDir);
  const build = options.build
    ? await ensureAppBuild({ root: ROOT, outDir, rebuild: true, log: note })
    : await ensureAppBuild({ root: ROOT, outDir, allowDev: options.dev });
  print(`${build.line[0]?.toUpperCase()}${build.line.slice(1)}`);
  const hub = Object.keys(extraRepos).length > 0 ? await startHubServer({ root: ROOT, extraRepos }) : null;
  const binary = browserBinary(options.chromium);
  const browser = await launchBenchBrowser({
    binary,
    gpu: options.gpu,
    headed: options.headed,
    extraArgs: options.browserArgs,
  });
  let server: PreviewServer | undefined;
  const all: ConfigurationResult[] = [];
  const failures: string[] = [];
  const loadBefore = load();
  try {
    server = await preview({
      root: ROOT,
      logLevel: 'warn',
      build: { outDir },
      preview: { port: options.port, open: false },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('vite preview did not report a URL');
    const page = await browser.newPage({ serviceWorkers: 'block' });
    if (options.verbose)
      page.on('console', (message) => message.type() === 'error' && note(`  page: ${message.text()}`));
    await page.goto(`${url}?task=bench`);
    await page.waitForFunction(() => Boolean((window as GenerationBenchWindow).glassbox?.generationBench));
    const webgpu = await webGpuHere(page);
    note(
      `Browser: ${binary}; WebGPU ${webgpu.available ? (webgpu.software ? 'software adapter' : 'adapter') : 'none'}`,
    );
    for (const modelId of models) {
      note(`▶ ${modelId}`);
      const configurations = configurationsFor(options, modelId, webgpu);
      all.push(...(await benchModel(page, modelId, modelFor(modelId, hub, options.layers), configurations)));
    }
  } finally {
    await browser.close();
    await server?.close();
    await hub?.close();
  }
  print();
  print(`load average (1/5/15 min) before: ${loadBefore}; after: ${load()}; ${availableParallelism()} cores`);
  print(`greedy from "${GENERATE_PLAN.prompt}", medians (range) over the repeats, interleaved rounds:`);
  print();
  for (const line of GENERATION_TABLE_HEADER) print(line);
  for (const result of all) {
    const { opened, configuration, runs } = result;
    const software = opened.webgpu?.isSoftware ? ' (software adapter: not a GPU’s speed)' : '';
    print(
      generationRow({
        model: `${result.model} (${opened.layers} layers)`,
        configuration: `${configuration.label}${software}`,
        threads: opened.wasmThreads,
        summary: summarizeGeneration(runs),
        repeats: runs.length,
        cacheBytes: formatBytes(runs.at(-1)?.cacheBytes ?? 0),
        weightsBytes: formatBytes(opened.weightsBytes),
      }),
    );
    if (configuration.backend === 'wasm' && opened.wasmThreads !== configuration.threads)
      failures.push(`${result.model} ${configuration.label}: ran with ${opened.wasmThreads} threads`);
  }
  print();
  for (const model of models) {
    const results = all.filter((result) => result.model === model);
    const tokens = results.map((result) => result.runs.at(-1)?.ids ?? []);
    const shortest = Math.min(...tokens.map((ids) => ids.length));
    const differs = firstDisagreement(tokens.map((ids) => ids.slice(0, shortest)));
    const prompt = results[0]?.runs[0]?.promptTokens ?? 0;
    print(
      `${model}: ${prompt} prompt tokens; ` +
        (differs === null
          ? `every configuration made the same ${shortest} greedy tokens`
          : `${results[differs.sequence]?.configuration.label} differs from ${results[0]?.configuration.label} at generated token ${differs.position + 1}`),
    );
  }
  const out = options.out
    ? resolve(options.out)
    : resolve(ROOT, 'test-results', `bench-generate-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify({ loadBefore, loadAfter: load(), prompt: GENERATE_PLAN.prompt, results: all }, null, 2)}\n`,
  );
  note(`Wrote ${all.length} configuration result(s) to ${out}`);
  for (const failure of failures) note(`✗ ${failure}`);
  return failures.length > 0 ? 1 : 0;
}
