// WASM vs WebGPU for text generation, and NaN scores, with real ONNX Runtime in Node. Node has WASM only,
// so the comparison runs on two WASM sides: the tiny random GPT-2 fixture against itself (the same tokens)
// and against a copy whose layer-1 MLP weights are scaled (the tokens part, and the step's node-by-node
// comparison names that MLP's MatMul as the first divergent node). A copy whose token 142 embeds as NaN
// stops at the step after it picks that token, naming the step and the embedding Gather.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadModel } from '../../src/lib/loading/model-download.ts';
import { configureWasmThreads } from '../../src/lib/runtime/onnx-runtime.ts';
import { folderFileUrls, type ModelLocation } from '../../src/lib/sources/model-location.ts';
import {
  DEFAULT_GENERATION_SETTINGS,
  type GenerationSettings,
} from '../../src/lib/tasks/text-generation/generation-settings.ts';
import type { CompareStage } from '../../src/contracts/generation-compare.ts';
import { compareGreedy, type ComparedSide } from '../../workers/generation/generation-compare.ts';
import { TextGenerator } from '../../workers/generation/text-generator.ts';
import {
  GPT2_FIXTURE,
  LAYER1_UP_NODE,
  NAN_TOKEN,
  nanEmbeddingGpt2,
  perturbedGpt2,
} from '../support/altered-causal-lm.ts';
import { fileFetch, REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { nodeGenerationService } from '../support/node-generation-service.ts';

const reference = JSON.parse(readFileSync(resolve(REPO_ROOT, GPT2_FIXTURE, 'reference.json'), 'utf8')) as {
  prompt: string;
  greedy: { ids: number[] };
};
configureWasmThreads({ crossOriginIsolated: false, hardwareConcurrency: 1 });
const MODEL_URL = `${REPO_ORIGIN}${GPT2_FIXTURE}/onnx/model.onnx`;

function fixtureLocation(key: string): ModelLocation {
  const file = (name: string): string => `${REPO_ORIGIN}${GPT2_FIXTURE}/${name}`;
  return {
    key,
    label: key,
    origin: 'embedded',
    files: { model: MODEL_URL, ...folderFileUrls(file) },
    externalData: {},
    cache: false,
  };
}

/** The fixture (or an altered copy of it) as a generator with a WASM session. */
async function generator(key: string, model?: Uint8Array<ArrayBuffer>): Promise<TextGenerator> {
  const fetch = fileFetch(model ? { [MODEL_URL]: model } : {});
  const download = await downloadModel(fixtureLocation(key), { fetch, cache: null });
  const loaded = TextGenerator.fromDownload(download, null);
  await loaded.createSession('wasm');
  return loaded;
}

const greedy = (maxNewTokens: number): GenerationSettings => ({
  ...DEFAULT_GENERATION_SETTINGS,
  // The comparison generates greedily whatever the view's mode: sampling here proves it.
  mode: 'sample',
  maxNewTokens,
});

function hooks(stages: CompareStage[] = [], shouldStop = () => false) {
  return {
    onStage: (stage: CompareStage) => stages.push(stage),
    shouldStop,
    yieldBetweenSteps: () => Promise.resolve(),
  };
}

const side = (model: TextGenerator, label: string): ComparedSide => ({
  generator: model,
  backend: 'wasm',
  label,
});

describe('comparing two greedy generations token by token', () => {
  it('says the same N tokens for the same model on two sessions, and captures nothing', async () => {
    const [a, b] = await Promise.all([generator('a'), generator('b')]);
    const stages: CompareStage[] = [];
    const result = await compareGreedy(
      [side(a, 'first'), side(b, 'second')],
      { prompt: reference.prompt, settings: greedy(6) },
      hooks(stages),
    );
    expect(result.agreement).toEqual({ kind: 'same', count: 6 });
    expect(result.sentence).toBe('first and second generate the same 6 greedy tokens.');
    expect(result.runs[0].tokens.map((token) => token.id)).toEqual(reference.greedy.ids.slice(0, 6));
    expect(result.step).toBeNull();
    expect(stages.filter((stage) => stage.phase === 'generate')).toHaveLength(12);
    expect(stages.some((stage) => stage.phase === 'capture')).toBe(false);
    await Promise.all([a.release(), b.release()]);
  });

  it('names the first differing token and, in that step, the perturbed MatMul as the first divergent node', async () => {
    const [a, b] = await Promise.all([generator('a'), generator('b', perturbedGpt2(1.5))]);
    const result = await compareGreedy(
      [side(a, 'original'), side(b, 'perturbed')],
      { prompt: reference.prompt, settings: greedy(12) },
      hooks(),
    );
    const agreement = result.agreement;
    expect(agreement.kind).toBe('differ');
    if (agreement.kind !== 'differ') return;
    // The runs share their first tokens (token 6 parts on this prompt), so the captured step reads them.
    expect(agreement.index).toBeGreaterThan(0);
    const ids = [result.runs[0].tokens, result.runs[1].tokens].map((tokens) => tokens.map((t) => t.id));
    // Equal before the index, different at it.
    expect(ids[0]!.slice(0, agreement.index)).toEqual(ids[1]!.slice(0, agreement.index));
    expect(ids[0]![agreement.index]).not.toBe(ids[1]![agreement.index]);
    expect(agreement.picks[0].id).toBe(ids[0]![agreement.index]);
    expect(agreement.picks[0].probability).toBeGreaterThan(0);
    expect(agreement.picks[0].margin).toBeGreaterThanOrEqual(0);
    expect(result.sentence).toMatch(
      new RegExp(`^original and perturbed first differ at token ${agreement.index + 1}: original picks “`),
    );
    const step = result.step;
    expect(step?.step).toBe(agreement.index + 1);
    expect(step?.firstDivergent?.producer).toBe(LAYER1_UP_NODE);
    expect(step?.sentences[1]).toContain(`first disagree at ${LAYER1_UP_NODE}`);
    // Everything before that node agrees: the first divergent value is the earliest divergent one.
    expect(step?.divergent).toBeGreaterThan(0);
    expect(step?.values).toBeGreaterThan(step?.divergent ?? 0);
    await Promise.all([a.release(), b.release()]);
  });

  it('keeps the tokens verdict when the step cannot be captured, saying why', async () => {
    const [a, b] = await Promise.all([generator('a'), generator('b', perturbedGpt2(1.5))]);
    // As a model with a float16 cache answers (stepCaptureSource refuses what it cannot feed).
    b.stepCaptureSource = () => ({ ok: false, reason: 'This model’s cache is float16.' });
    const result = await compareGreedy(
      [side(a, 'original'), side(b, 'perturbed')],
      { prompt: reference.prompt, settings: greedy(12) },
      hooks(),
    );
    expect(result.agreement).toMatchObject({ kind: 'differ', index: 5 });
    expect(result.stopped).toBe(false);
    expect(result.step).toEqual({
      step: 6,
      sentences: ['Step 6 could not be compared node by node: This model’s cache is float16.'],
      firstDivergent: null,
      values: 0,
      divergent: 0,
    });
    await Promise.all([a.release(), b.release()]);
  });

  it('stops when asked between steps, comparing nothing', async () => {
    const [a, b] = await Promise.all([generator('a'), generator('b')]);
    let tokens = 0;
    const stages: CompareStage[] = [];
    const result = await compareGreedy(
      [side(a, 'first'), side(b, 'second')],
      { prompt: reference.prompt, settings: greedy(40) },
      {
        ...hooks(stages),
        onStage: (stage: CompareStage) => {
          stages.push(stage);
          if (stage.phase === 'generate') tokens++;
        },
        shouldStop: () => tokens >= 3,
      },
    );
    expect(result.stopped).toBe(true);
    expect(result.step).toBeNull();
    expect(result.sentence).toMatch(/^Stopped/);
    expect(tokens).toBe(3);
    await Promise.all([a.release(), b.release()]);
  });
});

describe('the comparison in the generation service', () => {
  it('says in one sentence that WebGPU is unavailable in Node', async () => {
    const service = nodeGenerationService(fileFetch());
    await service.load(fixtureLocation('fixture'), 'wasm');
    await expect(
      service.compareBackends({ prompt: reference.prompt, settings: greedy(2) }),
    ).rejects.toMatchObject({ code: 'webgpu-unavailable' });
    // The page stays usable: a generation still runs.
    const result = await service.generate('wasm', {
      prompt: reference.prompt,
      settings: { ...greedy(2), mode: 'greedy' },
      forcedIds: [],
      useCache: true,
    });
    expect(result.tokens).toHaveLength(2);
    await service.release();
  });
});

describe('releasing one backend’s session (what a comparison made for itself)', () => {
  it('drops that session and its logit lens, keeps the model, and a new session generates the same', async () => {
    const model = await generator('release');
    const request = {
      prompt: reference.prompt,
      settings: { ...greedy(3), mode: 'greedy' as const },
      forcedIds: [],
      useCache: true,
    };
    const none = { onToken: () => {}, shouldStop: () => false, yieldBetweenSteps: () => Promise.resolve() };
    const before = await model.generate('wasm', request, none);
    await model.logitLens('wasm', reference.greedy.ids.slice(0, 4));
    await model.releaseSession('wasm');
    expect(model.hasSession('wasm')).toBe(false);
    await expect(model.generate('wasm', request, none)).rejects.toMatchObject({ code: 'no-model-loaded' });
    await model.releaseSession('webgpu'); // none there: nothing happens
    await model.createSession('wasm');
    const after = await model.generate('wasm', request, none);
    expect(after.tokens.map((t) => t.id)).toEqual(before.tokens.map((t) => t.id));
    await model.release();
  });
});

describe('NaN scores', () => {
  it('stop generation at the step that reads the NaN token, naming the embedding Gather as the first NaN node', async () => {
    expect(reference.greedy.ids.slice(0, 3)).toEqual([50, 50, NAN_TOKEN]);
    const service = nodeGenerationService(fileFetch({ [MODEL_URL]: nanEmbeddingGpt2() }));
    await service.load(fixtureLocation('nan'), 'wasm');
    const result = await service.generate('wasm', {
      prompt: reference.prompt,
      settings: { ...greedy(8), mode: 'greedy' },
      forcedIds: [],
      useCache: true,
    });
    expect(result.finish).toBe('nan');
    expect(result.tokens.map((token) => token.id)).toEqual([50, 50, NAN_TOKEN]);
    expect(result.finishSentence).toMatch(/^The model's scores for step 4 are not numbers/);
    expect(result.finishSentence).toContain(
      'A capture of step 4 finds the first NaN at node /transformer/wte/Gather (Gather): 32 of',
    );
    await service.release();
  });
});
