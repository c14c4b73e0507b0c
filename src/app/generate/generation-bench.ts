// Times text generation for `npm run bench -- --generate` and the generation parity script: one fresh
// generation worker per configuration (ONNX Runtime reads the WASM thread count once per worker), the
// model loaded there, one untimed generation, then greedy generations whose worker-side timings (time to
// first token, prefill and decode tokens per second) and token ids are returned. The same worker code as
// the Generate view: what this measures is what the view shows.
import { MODEL_CATALOG } from '../../lib/catalog/model-catalog.ts';
import type { GlassboxError } from '../../lib/errors.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { WebGpuAdapterSummary } from '../../lib/runtime/webgpu-probe.ts';
import type { ModelLocation } from '../../lib/sources/model-location.ts';
import { generationSpeed } from '../../lib/tasks/text-generation/generation-speed.ts';
import {
  DEFAULT_GENERATION_SETTINGS,
  normalizeGenerationSettings,
} from '../../lib/tasks/text-generation/generation-settings.ts';
import { GenerationClient } from './generation-client.ts';
import { shownCatalogModel, shownHubModel } from '../workbench/shown-model.ts';

/**
 * Which model: an embedded catalog entry, a repo on a hub address (the bench's own local hub), or a
 * location the page already has (the Generate view's thread calibration).
 */
export type GenerationBenchModel =
  { catalogId: string } | { hubUrl: string; repo: string } | { location: ModelLocation };

export interface GenerationBenchRequest {
  model: GenerationBenchModel;
  backend: Backend;
  /** WASM threads asked of the fresh worker (it may get fewer: a page that is not cross-origin isolated). */
  threads: number;
  prompt: string;
  maxNewTokens: number;
}

export interface GenerationBenchRun {
  firstTokenMs: number;
  prefillTokensPerSecond: number | null;
  decodeTokensPerSecond: number | null;
  promptTokens: number;
  ids: number[];
}

function locationOf(model: GenerationBenchModel): ModelLocation {
  if ('location' in model) return model.location;
  if ('catalogId' in model) {
    const entry = MODEL_CATALOG.find((candidate) => candidate.id === model.catalogId);
    if (!entry) throw new Error(`No model ${model.catalogId} in the catalog.`);
    return shownCatalogModel(entry).location;
  }
  // Not cached: the bench's synthetic model is hundreds of MB, served from this machine anyway.
  return { ...shownHubModel(model.hubUrl, model.repo, 'main', 'fp32').location, cache: false };
}

export interface GenerationBenchOpened {
  id: number;
  backend: Backend;
  /** Threads the worker's ONNX Runtime runs with (null: WebGPU, or not known). */
  wasmThreads: number | null;
  /** The adapter WebGPU runs on (null on WASM or without WebGPU); isSoftware flags SwiftShader & co. */
  webgpu: WebGpuAdapterSummary | null;
  weightsBytes: number;
  layers: number;
  loadMs: number;
}

export interface GenerationBenchTimedRun extends GenerationBenchRun {
  /** Key/value cache at the end of the generation, from its tensors' dims × element size. */
  cacheBytes: number;
  text: string;
}

interface OpenConfiguration {
  client: GenerationClient;
  request: GenerationBenchRequest;
}

/**
 * Configurations open side by side (each its own worker), so a caller can interleave their generations
 * in rotating order: on a shared machine, load drifts between minutes, and interleaving spreads it evenly.
 */
export class GenerationBench {
  private readonly open = new Map<number, OpenConfiguration>();
  private nextId = 1;

  /** A fresh worker with the thread count, the model loaded, one untimed generation (kernel set-up). */
  async start(request: GenerationBenchRequest): Promise<GenerationBenchOpened> {
    const client = new GenerationClient();
    try {
      if (request.backend === 'wasm') await client.call((service) => service.setWasmThreads(request.threads));
      const capabilities = await client.call((service) => service.capabilities());
      const started = performance.now();
      const loaded = await client.call((service) => service.load(locationOf(request.model), request.backend));
      const loadMs = performance.now() - started;
      const id = this.nextId++;
      this.open.set(id, { client, request });
      await this.run(id);
      const webgpu = capabilities.webgpu;
      return {
        id,
        backend: request.backend,
        wasmThreads: request.backend === 'wasm' ? loaded.wasmThreads : null,
        webgpu: request.backend === 'webgpu' && webgpu.available ? webgpu.adapter : null,
        weightsBytes: loaded.info.weightsBytes,
        layers: loaded.info.layers,
        loadMs,
      };
    } catch (error) {
      client.dispose();
      throw error;
    }
  }

  /**
   * One greedy generation in configuration id, timed in its worker; maxNewTokens overrides the
   * configuration's (the parity script times 1 token and N in the same worker).
   */
  async run(id: number, maxNewTokens?: number): Promise<GenerationBenchTimedRun> {
    const open = this.open.get(id);
    if (!open) throw new Error(`No open generation benchmark ${id}.`);
    const { client, request } = open;
    const settings = normalizeGenerationSettings({
      ...DEFAULT_GENERATION_SETTINGS,
      mode: 'greedy',
      maxNewTokens: maxNewTokens ?? request.maxNewTokens,
      useChatTemplate: false,
    });
    const result = await client.call((service) =>
      service.generate(request.backend, {
        prompt: request.prompt,
        settings,
        forcedIds: [],
        useCache: true,
      }),
    );
    const speed = generationSpeed(result.timings);
    return {
      firstTokenMs: speed.firstTokenMs,
      prefillTokensPerSecond: speed.prefillTokensPerSecond,
      decodeTokensPerSecond: speed.decodeTokensPerSecond,
      promptTokens: result.timings.promptTokens,
      ids: result.tokens.map((token) => token.id),
      cacheBytes: result.cacheBytes,
      text: result.text,
    };
  }

  /**
   * Ends configuration id's worker now, as the lab's Cancel does: a generation in flight rejects with
   * error (dispose alone would leave it pending).
   */
  abort(id: number, error: GlassboxError): void {
    this.open.get(id)?.client.stop(error);
    this.stop(id);
  }

  /** Ends configuration id's worker (its model and sessions with it). */
  stop(id: number): void {
    this.open.get(id)?.client.dispose();
    this.open.delete(id);
  }
}
