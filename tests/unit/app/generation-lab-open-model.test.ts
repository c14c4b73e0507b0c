// The lab's generation benchmark of the language model open in the Generate view: offered when it is not
// an embedded one, measured from its own location (a hub repo from the browser's cache), named in the
// result by its repo, and refused in one sentence when the view no longer has it.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  GenerationLab,
  OPEN_LANGUAGE_MODEL_ID,
  type OpenLanguageModel,
} from '../../../src/app/bench/generation-lab.svelte.ts';
import type { GenerationBenchLike } from '../../../src/app/bench/generation-lab-run.ts';
import type { PageEnvironment } from '../../../src/app/bench/bench-runner.ts';
import type {
  GenerationBenchOpened,
  GenerationBenchRequest,
  GenerationBenchTimedRun,
} from '../../../src/app/generate/generation-bench.ts';
import { catalogModelsOf } from '../../../src/lib/catalog/model-catalog.ts';
import { shownCatalogModel, shownHubModel } from '../../../src/app/workbench/shown-model.ts';

class RecordingBench implements GenerationBenchLike {
  readonly requests: GenerationBenchRequest[] = [];
  start(request: GenerationBenchRequest): Promise<GenerationBenchOpened> {
    this.requests.push(request);
    return Promise.resolve({
      id: this.requests.length,
      backend: request.backend,
      wasmThreads: request.threads,
      webgpu: null,
      weightsBytes: 1000,
      layers: 2,
      loadMs: 5,
    });
  }
  run(_id: number, maxNewTokens = 4): Promise<GenerationBenchTimedRun> {
    return Promise.resolve({
      firstTokenMs: 3,
      prefillTokensPerSecond: 500,
      decodeTokensPerSecond: 50,
      promptTokens: 5,
      ids: Array.from({ length: maxNewTokens }, (_, i) => i),
      cacheBytes: 64,
      text: ' and',
    });
  }
  stop(): void {}
  abort(): void {}
}

const ENVIRONMENT: PageEnvironment = {
  runner: 'app',
  userAgent: 'test',
  hardwareConcurrency: 2,
  crossOriginIsolated: true,
  webgpu: { available: false, reason: 'No WebGPU.' },
  build: 'production',
};

// Embedded models' folders resolve against the page's address.
beforeAll(() => vi.stubGlobal('document', { baseURI: 'http://localhost:4319/' }));
afterAll(() => vi.unstubAllGlobals());

const hub = shownHubModel('http://hub.test', 'someone/tiny-llm', 'main', 'fp32');
const openHub: OpenLanguageModel = { name: hub.name, location: hub.location };

describe('GenerationLab and the language model open in Generate', () => {
  it('offers a hub model open in Generate and measures it from its own location', async () => {
    const bench = new RecordingBench();
    const lab = new GenerationLab(bench, () => openHub);
    expect(lab.openModel?.name).toBe(hub.name);
    expect(lab.isModel(OPEN_LANGUAGE_MODEL_ID)).toBe(true);
    lab.maxNewTokens = 4;
    lab.repeats = 1;
    const result = await lab.run(OPEN_LANGUAGE_MODEL_ID, [{ backend: 'wasm', threads: 1 }], () =>
      Promise.resolve(ENVIRONMENT),
    );
    expect(lab.status).toEqual({ kind: 'idle' });
    expect(bench.requests[0]?.model).toEqual({ location: hub.location });
    expect(result?.model.name).toBe(hub.name);
  });

  it('does not offer an embedded model twice', () => {
    const [entry] = catalogModelsOf('text-generation');
    expect(entry, 'the catalog has an embedded language model').toBeDefined();
    const shown = shownCatalogModel(entry!);
    const lab = new GenerationLab(new RecordingBench(), () => ({
      name: shown.name,
      location: shown.location,
    }));
    expect(lab.openModel).toBeNull();
    expect(lab.isModel(OPEN_LANGUAGE_MODEL_ID)).toBe(false);
  });

  it('says so in one sentence when Generate no longer has the model', async () => {
    let open: OpenLanguageModel | null = openHub;
    const bench = new RecordingBench();
    const lab = new GenerationLab(bench, () => open);
    open = null;
    await lab.run(OPEN_LANGUAGE_MODEL_ID, [{ backend: 'wasm', threads: 1 }], () =>
      Promise.resolve(ENVIRONMENT),
    );
    expect(lab.status.kind).toBe('invalid');
    expect(lab.status.kind === 'invalid' && lab.status.problems[0]).toMatch(/No language model is open/);
    expect(bench.requests).toHaveLength(0);
  });
});
