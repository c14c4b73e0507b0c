// A loaded causal language model: its tokenizer, chat template, decoder layout and one session with the
// key/value cache kept inside it. generate() runs the pure loop with a stepper on this session.
import { Tokenizer } from '@huggingface/tokenizers';
import { GlassboxError } from '../../src/lib/errors.ts';
import type { ModelDownload } from '../../src/lib/loading/model-download.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import { createDecoderSession, type DecoderSession } from '../../src/lib/runtime/ort/decoder-session.ts';
import { recognizeCausalLm } from '../../src/lib/tasks/text-generation/causal-lm.ts';
import { chatTemplateOf, promptText } from '../../src/lib/tasks/text-generation/chat-template.ts';
import type { DecoderLayout } from '../../src/lib/tasks/text-generation/decoder-layout.ts';
import {
  fitPrompt,
  generateTokens,
  type GeneratedToken,
  type TokenStepper,
} from '../../src/lib/tasks/text-generation/generation-loop.ts';
import { emptyPast, presentToPast, stepFeeds } from '../../src/lib/tasks/text-generation/step-feeds.ts';
import { decodeFlopsPerNode } from '../../src/lib/tasks/text-generation/decode-step-work.ts';
import { decodeModel } from '../../src/lib/onnx/index.ts';
import { visibleText } from '../../src/lib/visible-text.ts';
import type {
  GenerateRequest,
  GenerationResult,
  LensAnswer,
  TextGeneratorInfo,
} from '../../src/contracts/generation.ts';
import { lensCellsFrom } from '../../src/lib/tasks/text-generation/logit-lens/lens-cells.ts';
import type { TensorData } from '../../src/lib/tensor.ts';
import { LogitLens, type LogitLensOpen } from './logit-lens.ts';
import type { CaptureSource } from '../inference/capture/last-run.ts';
import { replayStepFeeds } from './generation-step.ts';
import { stepInputs, stepKeys, type StepPlan } from '../../src/lib/tasks/text-generation/step-replay.ts';
import type { StepFacts } from '../../src/contracts/generation.ts';

const DEFAULT_CONTEXT = 2048;

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function contextLengthOf(config: Record<string, unknown> | null): number {
  for (const key of ['max_position_embeddings', 'n_positions', 'n_ctx', 'max_sequence_length']) {
    const value = config?.[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return DEFAULT_CONTEXT;
}

function idsIn(value: unknown): number[] {
  if (typeof value === 'number' && Number.isInteger(value)) return [value];
  return Array.isArray(value) ? value.filter((id): id is number => typeof id === 'number') : [];
}

function tokenText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  const content = record(value)?.content;
  return typeof content === 'string' ? content : null;
}

export class TextGenerator {
  private readonly sessions = new Map<Backend, DecoderSession>();
  private readonly lenses = new Map<Backend, Promise<LogitLensOpen>>();

  private constructor(
    readonly info: TextGeneratorInfo,
    private readonly layout: DecoderLayout,
    private readonly tokenizer: Tokenizer,
    private readonly tokenizerConfig: Record<string, unknown> | null,
    private readonly eosIds: ReadonlySet<number>,
    private readonly download: ModelDownload,
  ) {}

  /** The model of a download, or a typed error saying why it is not a language model Glassbox can run. */
  static fromDownload(
    download: ModelDownload,
    generationConfig: Record<string, unknown> | null,
  ): TextGenerator {
    const config = record(download.json.config);
    const recognition = recognizeCausalLm(download.signature, config);
    if (!recognition.ok) {
      throw new GlassboxError({
        code: 'output-layout-unsupported',
        message: `${visibleText(download.location.label)} is not a language model Glassbox can generate with: ${recognition.reason}`,
        remedy:
          'Open it in the tensor view, which runs any model, or pick a causal language model (…ForCausalLM).',
      });
    }
    if (download.json.tokenizer === null) {
      throw new GlassboxError({
        code: 'model-config-invalid',
        message: `${visibleText(download.location.label)} has no tokenizer.json, so text cannot become tokens.`,
        remedy: 'Use a model folder in the hub layout, with tokenizer.json beside config.json.',
      });
    }
    const tokenizerConfig = record(download.json.tokenizerConfig);
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(download.json.tokenizer as object, tokenizerConfig ?? {});
    } catch (error) {
      throw new GlassboxError({
        code: 'model-config-invalid',
        message: 'tokenizer.json could not be read as a Hugging Face tokenizer.',
        remedy: 'Check that the model folder holds the tokenizer.json that belongs to the model.',
        detail: error instanceof Error ? error.message : String(error),
      });
    }
    const eos = new Set([...idsIn(generationConfig?.eos_token_id), ...idsIn(config?.eos_token_id)]);
    const eosToken = tokenText(tokenizerConfig?.eos_token);
    const eosId = eosToken === null ? undefined : tokenizer.token_to_id(eosToken);
    if (eosId !== undefined) eos.add(eosId);
    const { layout } = recognition;
    const info: TextGeneratorInfo = {
      key: download.location.key,
      label: download.location.label,
      reason: recognition.reason,
      cache: layout.cache,
      layers: layout.layers.length,
      kvHeads: layout.kvHeads,
      headDim: layout.headDim,
      contextLength: contextLengthOf(config),
      weightsBytes:
        download.facts.fileBytes + download.externalData.reduce((sum, file) => sum + file.data.byteLength, 0),
      hasChatTemplate: chatTemplateOf(tokenizerConfig) !== null,
    };
    return new TextGenerator(info, layout, tokenizer, tokenizerConfig, eos, download);
  }

  /**
   * Each token id's text, decoded once: every step names its 20 candidates before and after processing
   * (40 decodes), mostly the same ids step after step — a tokenizer call each cost Glassbox decode speed
   * against transformers.js (docs/benchmark.md). At most one entry per vocabulary id.
   */
  private readonly tokenTexts = new Map<number, string>();

  private tokenText(id: number): string {
    let text = this.tokenTexts.get(id);
    if (text === undefined) {
      text = this.tokenizer.decode([id]);
      this.tokenTexts.set(id, text);
    }
    return text;
  }

  private decodeWork: number | null | undefined;

  /** FLOPs per node of a decode step (the thread rule's input); counted once, null when it cannot be. */
  get decodeFlopsPerNode(): number | null {
    if (this.decodeWork === undefined) {
      try {
        // The decoder keeps views into the bytes (no copy): cheap even for a large model.
        this.decodeWork = decodeFlopsPerNode(decodeModel(this.download.modelBytes), this.layout);
      } catch {
        this.decodeWork = null;
      }
    }
    return this.decodeWork;
  }

  hasSession(backend: Backend): boolean {
    return this.sessions.has(backend);
  }

  async createSession(backend: Backend): Promise<void> {
    if (this.sessions.has(backend)) return;
    const session = await createDecoderSession(
      this.download.modelBytes,
      backend,
      {
        logits: this.layout.logits,
        presentToPast: presentToPast(this.layout),
        emptyPast: emptyPast(this.layout),
      },
      this.download.externalData,
    );
    this.sessions.set(backend, session);
  }

  /** One step on one token, so the first generation does not pay for kernel or shader setup. */
  async warmUp(backend: Backend): Promise<void> {
    const session = this.sessionOn(backend);
    await session.step(stepFeeds(this.layout, [0], 0), false);
  }

  private sessionOn(backend: Backend): DecoderSession {
    const session = this.sessions.get(backend);
    if (!session) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: 'No language model is loaded on this backend yet.',
        remedy: 'Wait for the model to finish loading, then generate again.',
      });
    }
    return session;
  }

  /** A stepper on the session: with the cache, each step feeds only new tokens; without, all of them. */
  private stepper(
    session: DecoderSession,
    useCache: boolean,
    onCacheBytes: (bytes: number) => void,
  ): TokenStepper {
    const cached = useCache && this.layout.cache === 'kv';
    const sequence: number[] = [];
    const run = async (ids: number[], pastLength: number): Promise<Float32Array> => {
      const result = await session.step(stepFeeds(this.layout, ids, pastLength), cached);
      onCacheBytes(result.cacheBytes);
      return result.logits;
    };
    return {
      prefill: (ids) => {
        session.resetCache();
        sequence.push(...ids);
        return run([...ids], 0);
      },
      next: (id) => {
        sequence.push(id);
        return cached ? run([id], sequence.length - 1) : run([...sequence], 0);
      },
    };
  }

  async generate(
    backend: Backend,
    request: GenerateRequest,
    hooks: {
      onToken: (token: GeneratedToken) => void;
      shouldStop: () => boolean;
      yieldBetweenSteps: () => Promise<void>;
    },
  ): Promise<GenerationResult> {
    const session = this.sessionOn(backend);
    const notices: string[] = [];
    const prompt = promptText(request.prompt, this.tokenizerConfig, request.settings.useChatTemplate);
    if (prompt.problem) notices.push(prompt.problem);
    const encoded = this.tokenizer.encode(prompt.text, { add_special_tokens: !prompt.templated }).ids;
    if (encoded.length === 0) {
      throw new GlassboxError({
        code: 'empty-input',
        message: 'The prompt has no tokens: type some text to continue.',
        remedy: 'Type a prompt, then generate.',
      });
    }
    const fitted = fitPrompt(
      encoded,
      this.info.contextLength,
      request.settings.maxNewTokens + request.forcedIds.length,
    );
    if (fitted.notice) notices.push(fitted.notice);
    if (this.layout.cache === 'none') {
      notices.push(
        'This model has no key/value cache: every step reads the whole text again, so it is slower.',
      );
    }
    let cacheBytes = 0;
    const outcome = await generateTokens(
      this.stepper(session, request.useCache, (bytes) => (cacheBytes = bytes)),
      {
        promptIds: fitted.ids,
        forcedIds: request.forcedIds,
        settings: request.settings,
        eosIds: this.eosIds,
        contextLength: this.info.contextLength,
        decode: (ids) => (ids.length === 0 ? '' : this.tokenizer.decode([...ids])),
        tokenText: (id) => this.tokenText(id),
        now: () => performance.now(),
        ...hooks,
      },
    );
    session.resetCache();
    return {
      ...outcome,
      backend,
      promptTokens: fitted.ids.map((id) => ({ id, text: this.tokenText(id) })),
      notices,
      cacheBytes,
    };
  }

  /**
   * The logit lens over ids (the prompt and the tokens so far), run at once from an empty cache: for each
   * layer and position its top tokens. Opened once per backend; a structure the lens does not recognise
   * gives its sentence.
   */
  async logitLens(backend: Backend, ids: readonly number[]): Promise<LensAnswer> {
    if (ids.length === 0) return { ok: false, reason: 'There is no text to look at yet: generate first.' };
    if (this.layout.cache === 'kv' && this.layout.cacheType !== 'float32') {
      return {
        ok: false,
        reason: `The logit lens here feeds a float32 cache; this model's is ${this.layout.cacheType}.`,
      };
    }
    let opening = this.lenses.get(backend);
    if (!opening) {
      opening = LogitLens.open(this.download.modelBytes, this.download.externalData, backend);
      this.lenses.set(backend, opening);
    }
    const opened = await opening;
    if (!opened.ok) return { ok: false, reason: opened.reason };
    const feeds: Record<string, TensorData> = { ...stepFeeds(this.layout, ids, 0) };
    for (const past of emptyPast(this.layout)) {
      feeds[past.name] = { type: 'float32', dims: [...past.dims], data: new Float32Array(0) };
    }
    const grid = await opened.lens.run(feeds, 5);
    const text = (id: number): string => this.tokenText(id);
    return {
      ok: true,
      layers: grid.layers,
      tokens: ids.map(text),
      cells: lensCellsFrom(grid.cells, text),
      runMs: grid.runMs,
    };
  }

  /**
   * The decode step a plan names, replayed on backend's session (workers/generation/generation-step.ts says why a
   * replay): the model's files and the step's feeds, as a capture runs them, and the step's tokens.
   */
  async stepSource(backend: Backend, plan: StepPlan): Promise<{ source: CaptureSource; step: StepFacts }> {
    const feeds = await replayStepFeeds(this.sessionOn(backend), this.layout, plan);
    const text = (id: number): string => this.tokenizer.decode([id]);
    // Without a cache the step read the whole text again.
    const fed = (this.layout.cache === 'none' ? stepKeys(plan) : stepInputs(plan)).map(text);
    const keys = stepKeys(plan).map(text);
    return {
      source: {
        modelBytes: this.download.modelBytes,
        externalData: this.download.externalData,
        lastRun: { feeds, input: { kind: 'text', lines: [keys.join('')], tokens: [fed] } },
      },
      step: { pastLength: keys.length - fed.length, fedTokens: fed, keyTokens: keys },
    };
  }

  /**
   * What a capture of one step replays: the model's files and the step's tokens fed as one pass from an
   * empty cache (the step's own logits, recomputed without the cache). Null, with the reason, for a
   * cache type the pass cannot feed.
   */
  stepCaptureSource(
    ids: readonly number[],
  ): { ok: true; source: CaptureSource } | { ok: false; reason: string } {
    if (this.layout.cache === 'kv' && this.layout.cacheType !== 'float32') {
      return {
        ok: false,
        reason: `A step is captured here with an empty float32 cache; this model's cache is ${this.layout.cacheType}.`,
      };
    }
    const feeds: Record<string, TensorData> = { ...stepFeeds(this.layout, ids, 0) };
    for (const past of emptyPast(this.layout)) {
      feeds[past.name] = { type: 'float32', dims: [...past.dims], data: new Float32Array(0) };
    }
    const tokens = ids.map((id) => this.tokenizer.decode([id]));
    return {
      ok: true,
      source: {
        modelBytes: this.download.modelBytes,
        externalData: this.download.externalData,
        lastRun: { feeds, input: { kind: 'text', lines: [tokens.join('')], tokens: [tokens] } },
      },
    };
  }

  /**
   * Releases this model's session on backend (and its logit lens there), keeping the other backend's: what
   * a comparison created only for itself. The next load on that backend creates it again.
   */
  async releaseSession(backend: Backend): Promise<void> {
    const opening = this.lenses.get(backend);
    this.lenses.delete(backend);
    const opened = await opening?.catch(() => null);
    if (opened?.ok) await opened.lens.release();
    const session = this.sessions.get(backend);
    this.sessions.delete(backend);
    await session?.release();
  }

  async release(): Promise<void> {
    for (const opening of this.lenses.values()) {
      const opened = await opening.catch(() => null);
      if (opened?.ok) await opened.lens.release();
    }
    this.lenses.clear();
    await Promise.all([...this.sessions.values()].map((session) => session.release()));
    this.sessions.clear();
  }
}
