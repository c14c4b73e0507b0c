// State and actions of the text-generation view: the model in its own worker, the prompt and settings,
// the generations (branches) with every token's candidates, Stop, and the speed line.
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import type { LoadProgress } from '../../lib/progress.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type { GeneratedToken, GenerationTimings } from '../../lib/tasks/text-generation/generation-loop.ts';
import {
  DEFAULT_GENERATION_SETTINGS,
  normalizeGenerationSettings,
  type GenerationSettings,
} from '../../lib/tasks/text-generation/generation-settings.ts';
import type { LensAnswer, LoadedGenerator } from '../../contracts/generation.ts';
import type { TokenBatch } from '../../contracts/generation-transfer.ts';
import type { RuntimeCapabilities } from '../../contracts/inference.ts';
import { GenerationClient } from './generation-client.ts';
import { GenerationComparison } from './generation-compare.svelte.ts';
import { GenerationSizeGate } from './generation-size-gate.svelte.ts';
import { GenerationThreads } from './generation-threads.svelte.ts';
import { readHubUrl } from '../shell/hub-settings.ts';
import { parseHubId, type Dtype } from '../../lib/sources/hub.ts';
import { HubVariantList } from '../models/hub-variants.svelte.ts';
import { shownHubModel, type ShownModel } from '../workbench/shown-model.ts';
import { WorkerClient } from '../workbench/worker-client.ts';

/** A model the view can generate with (its location, name, and how a link names it). */
export type GenerationModel = Pick<ShownModel, 'location' | 'name' | 'shared'>;

export type LoadState =
  | { kind: 'idle' }
  | { kind: 'loading'; progress: LoadProgress | null }
  | { kind: 'ready'; loaded: LoadedGenerator }
  | { kind: 'failed'; error: ErrorData };

/** One generation: the first from the prompt, or a branch that continues after a chosen candidate. */
export interface Branch {
  id: number;
  /** "Original", or where it branched: "token 4 → “ cat”". */
  label: string;
  prompt: string;
  settings: GenerationSettings;
  /** Tokens kept from the branch it came from (their candidates included), then the new ones. */
  tokens: GeneratedToken[];
  /** How many of tokens were forced (copied from the parent, the chosen candidate last). */
  forced: number;
  promptTokens: Array<{ id: number; text: string }>;
  text: string;
  running: boolean;
  finishSentence: string | null;
  notices: string[];
  timings: GenerationTimings | null;
  cacheBytes: number;
  backend: Backend;
  /** The model that generated it (a token's step is replayed on it). */
  modelKey: string;
  error: ErrorData | null;
}

export const EXAMPLE_PROMPT = 'In the beginning';

/** How long Stop waits for the worker to end the generation between steps before ending the worker. */
const STOP_GRACE_MS = 3000;

export class GenerationPlayground {
  prompt = $state(EXAMPLE_PROMPT);
  settings = $state<GenerationSettings>({ ...DEFAULT_GENERATION_SETTINGS });
  backend = $state<Backend>('wasm');
  model = $state.raw<GenerationModel | null>(null);
  load = $state.raw<LoadState>({ kind: 'idle' });
  capabilities = $state.raw<RuntimeCapabilities | null>(null);
  branches = $state<Branch[]>([]);
  /** The branch shown (index into branches). */
  shown = $state(0);
  /** The token whose candidates are shown, in the shown branch; null for none. */
  selectedToken = $state<number | null>(null);
  /** The logit lens of the shown branch's text (null: not asked), and the branch it belongs to. */
  lens = $state.raw<{ branchId: number; answer: LensAnswer | null; error: ErrorData | null } | null>(null);
  /** The generation worker (the token glass box asks it for steps, Look inside for captures). */
  readonly client: GenerationClient;
  private nextBranchId = 1;
  /** Compare WASM and WebGPU: greedy on both, in this view's worker. */
  readonly comparison: GenerationComparison;
  /** A hub model's size, said (and checked against the device's memory) before it downloads. */
  readonly sizeGate = new GenerationSizeGate((model) => this.open(model));
  /** The precisions (with sizes) of the hub repo typed in the view's hub box, listed before it downloads. */
  readonly hubVariants = new HubVariantList(readHubUrl);

  constructor(readonly threads: GenerationThreads = new GenerationThreads()) {
    this.client = new GenerationClient((error) => this.workerEnded(error));
    this.comparison = new GenerationComparison(this.client);
  }

  /** A generation or a backend comparison is running (one at a time; Stop ends either). */
  get running(): boolean {
    return this.branches.some((branch) => branch.running) || this.comparison.running;
  }

  get current(): Branch | null {
    return this.branches[this.shown] ?? null;
  }

  private workerEnded(error: GlassboxError): void {
    for (const branch of this.branches) {
      if (branch.running) {
        branch.running = false;
        branch.finishSentence = error.code === 'run-stopped' ? 'Stopped.' : error.message;
      }
    }
    // The worker (and the model in it) is gone: the next generation loads it again.
    if (this.load.kind === 'ready') this.load = { kind: 'idle' };
  }

  private started = false;

  /** The first time the view is shown: the worker's capabilities (for the backend switch) and a model. */
  async start(model: GenerationModel | null): Promise<void> {
    if (this.started) return;
    this.started = true;
    const capabilities = this.client
      .call((service) => service.capabilities())
      .then(
        (found) => (this.capabilities = found),
        () => null,
      );
    if (model && !this.model) await this.open(model);
    await capabilities;
  }

  /** Loads model on the current backend (downloading it with progress the first time). */
  async open(model: GenerationModel): Promise<void> {
    this.model = model;
    await this.ensureLoaded();
  }

  async selectBackend(backend: Backend): Promise<void> {
    this.backend = backend;
    if (this.model) await this.ensureLoaded();
  }

  private async ensureLoaded(): Promise<boolean> {
    const model = this.model;
    if (!model) return false;
    const ready = this.load.kind === 'ready' ? this.load.loaded : null;
    // On WASM, the count chosen for this model (a measured one applies from the generation after it).
    const threads = this.backend === 'wasm' ? this.threads.asked(model.location.key) : null;
    const sameThreads = threads === null || ready?.wasmThreads === threads;
    if (ready && ready.info.key === model.location.key && ready.backend === this.backend && sameThreads)
      return true;
    this.load = { kind: 'loading', progress: null };
    try {
      const loadOnce = () =>
        this.client.call((service) =>
          service.load(
            $state.snapshot(model.location),
            this.backend,
            WorkerClient.callback((progress: LoadProgress) => {
              if (this.load.kind === 'loading') this.load = { kind: 'loading', progress };
            }),
            threads,
          ),
        );
      let loaded = await loadOnce();
      if (threads !== null && loaded.wasmThreads !== null && loaded.wasmThreads !== threads) {
        // ORT reads the thread count once per worker: this one started with another; a fresh one.
        this.client.restart(
          new GlassboxError({
            code: 'run-stopped',
            message: 'The generation worker was replaced to run with another WASM thread count.',
            remedy: 'Generate again.',
          }),
        );
        loaded = await loadOnce();
      }
      this.threads.loaded(loaded);
      this.load = { kind: 'ready', loaded };
      return true;
    } catch (error) {
      this.load = { kind: 'failed', error: toErrorData(error) };
      return false;
    }
  }

  /** Generates from the prompt as a new first branch (the branches of an earlier prompt are dropped). */
  async generate(): Promise<void> {
    if (this.running) return;
    this.branches = [];
    this.selectedToken = null;
    await this.run({ label: 'Original', forcedTokens: [] });
  }

  /**
   * Continues the shown branch from token index with candidateId in its place; both branches are kept.
   * The new branch's first tokens are the parent's up to index, then the chosen candidate.
   */
  async branch(index: number, candidateId: number, candidateText: string): Promise<void> {
    const parent = this.current;
    if (this.running || !parent) return;
    const kept = parent.tokens.slice(0, index).map((token) => $state.snapshot(token));
    const original = $state.snapshot(parent.tokens[index]);
    if (!original) return;
    const chosen: GeneratedToken = {
      ...original,
      id: candidateId,
      text: candidateText,
      probability: original.after.find((candidate) => candidate.id === candidateId)?.probability ?? 0,
    };
    await this.run({
      label: `token ${index + 1} → “${candidateText}”`,
      forcedTokens: [...kept, chosen],
      prompt: parent.prompt,
      settings: $state.snapshot(parent.settings),
    });
  }

  private async run(options: {
    label: string;
    forcedTokens: GeneratedToken[];
    prompt?: string;
    settings?: GenerationSettings;
  }): Promise<void> {
    const settings = normalizeGenerationSettings(options.settings ?? $state.snapshot(this.settings));
    const prompt = options.prompt ?? this.prompt;
    this.branches.push({
      id: this.nextBranchId++,
      label: options.label,
      prompt,
      settings,
      tokens: [...options.forcedTokens],
      forced: options.forcedTokens.length,
      promptTokens: [],
      text: options.forcedTokens.map((token) => token.text).join(''),
      running: true,
      finishSentence: null,
      notices: [],
      timings: null,
      cacheBytes: 0,
      backend: this.backend,
      modelKey: this.model?.location.key ?? '',
      error: null,
    });
    this.shown = this.branches.length - 1;
    const branch = this.branches[this.shown]!;
    if (!(await this.ensureLoaded())) {
      branch.running = false;
      branch.error = this.load.kind === 'failed' ? this.load.error : null;
      return;
    }
    let answered = false;
    try {
      const result = await this.client.call((service) =>
        service.generate(
          this.backend,
          {
            prompt,
            settings,
            forcedIds: options.forcedTokens.map((token) => token.id),
            useCache: true,
          },
          WorkerClient.callback(({ tokenBatch }: TokenBatch) => {
            // Tokens come on the callback's own channel, which may deliver after the result's: a token
            // arriving once the result is in is already in it.
            if (answered) return;
            branch.tokens.push(...tokenBatch);
            for (const token of tokenBatch) branch.text += token.text;
          }),
        ),
      );
      answered = true;
      // The result is the truth (a stop sequence is cut from the text; every token is there).
      branch.tokens = [...options.forcedTokens, ...result.tokens];
      branch.text = result.text;
      branch.promptTokens = result.promptTokens;
      branch.finishSentence = result.finishSentence;
      branch.notices = result.notices;
      branch.timings = result.timings;
      branch.cacheBytes = result.cacheBytes;
      this.afterGeneration(prompt, result.timings);
    } catch (error) {
      if (branch.running) branch.error = toErrorData(error);
    } finally {
      branch.running = false;
    }
  }

  /** After a generation on WASM: measures the model's thread counts once per model and device. */
  private afterGeneration(prompt: string, timings: GenerationTimings): void {
    const loaded = this.load.kind === 'ready' ? this.load.loaded : null;
    const model = this.model;
    if (!loaded || !model || loaded.backend !== 'wasm' || loaded.wasmThreads === null) return;
    if (timings.decodeTokens === 0) return;
    void this.threads.calibrate(
      $state.snapshot(model.location),
      prompt,
      loaded.wasmThreads,
      timings.decodeMs / timings.decodeTokens,
    );
  }

  /**
   * Ends the generation after its current step (the tokens so far stay); if the worker does not answer
   * in time (a step that never ends), the worker itself is ended.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    const timer = setTimeout(() => {
      if (!this.running) return;
      this.client.stop(
        new GlassboxError({
          code: 'run-stopped',
          message: 'Stopped: the generation did not end between steps, so its worker was ended.',
          remedy: 'Generate again; the model loads again first.',
        }),
      );
    }, STOP_GRACE_MS);
    try {
      await this.client.call((service) => service.stop());
    } catch {
      // The worker ended meanwhile: workerEnded() already marked the branch.
    }
    // Cleared once the generation has answered (or the worker was ended).
    const cleared = (): void => {
      if (this.running) setTimeout(cleared, 50);
      else clearTimeout(timer);
    };
    cleared();
  }

  /** Generates greedily from the prompt on WASM and on WebGPU and says where they part. */
  async compareBackends(): Promise<void> {
    if (this.running) return;
    const settings = normalizeGenerationSettings($state.snapshot(this.settings));
    await this.comparison.run({ prompt: this.prompt, settings }, this.capabilities, () =>
      this.ensureLoaded(),
    );
  }

  /** Runs the logit lens over the shown branch's prompt and tokens (one pass, empty cache). */
  async showLens(): Promise<void> {
    const branch = this.current;
    if (!branch || branch.running) return;
    const ids = [...branch.promptTokens.map((token) => token.id), ...branch.tokens.map((token) => token.id)];
    this.lens = { branchId: branch.id, answer: null, error: null };
    try {
      const answer = await this.client.call<LensAnswer>(
        (service) => service.logitLens(branch.backend, ids) as Promise<LensAnswer>,
      );
      if (this.lens?.branchId === branch.id) this.lens = { branchId: branch.id, answer, error: null };
    } catch (error) {
      if (this.lens?.branchId === branch.id)
        this.lens = { branchId: branch.id, answer: null, error: toErrorData(error) };
    }
  }

  /**
   * A hub repo typed in the view (owner/name[@revision]) in the precision chosen from its listed
   * variants (hubVariants): opened here; or why it was refused.
   */
  openHub(text: string, dtype: Dtype = 'fp32'): string | null {
    const parsed = parseHubId(text);
    if (!parsed.ok) return parsed.reason;
    const url = readHubUrl();
    const hub = { url, repo: parsed.repo, revision: parsed.revision, dtype };
    void this.sizeGate.check(shownHubModel(url, parsed.repo, parsed.revision, dtype), hub);
    return null;
  }

  selectBranch(index: number): void {
    this.shown = index;
    this.selectedToken = null;
  }

  dispose(): void {
    this.client.dispose();
  }
}
