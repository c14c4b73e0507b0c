// The glass box on one generated token, with real ONNX Runtime (WASM, Node): the step that produced it is
// replayed with the cache as it was, its attention found by structure (a GPT-2 with fused QKV and a cache
// concatenated to this step's keys; a Llama with RoPE and grouped-query attention), and Look inside that
// step captures the same logits the generation picked the token from.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionRow } from '../../src/lib/viewers/attention-matrix.ts';
import { hubLocation } from '../../src/lib/sources/hub.ts';
import {
  DEFAULT_GENERATION_SETTINGS,
  type GenerationSettings,
} from '../../src/lib/tasks/text-generation/generation-settings.ts';
import { softmax } from '../../src/lib/tasks/text-generation/logits-processing.ts';
import { pastLength, stepPlan } from '../../src/lib/tasks/text-generation/step-replay.ts';
import type { GenerationService } from '../../workers/generation/generation-service.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import { nodeGenerationService, repoModelLocation } from '../support/node-generation-service.ts';

const greedy = (maxNewTokens: number): GenerationSettings => ({
  ...DEFAULT_GENERATION_SETTINGS,
  mode: 'greedy',
  maxNewTokens,
});

async function generated(service: GenerationService, prompt: string, maxNewTokens: number) {
  const result = await service.generate('wasm', {
    prompt,
    settings: greedy(maxNewTokens),
    forcedIds: [],
    useCache: true,
  });
  const branch = {
    promptIds: result.promptTokens.map((token) => token.id),
    ids: result.tokens.map((token) => token.id),
    forced: 0,
  };
  return { result, branch };
}

/** Every head's row of the step's last query sums to 1, over past + 1 keys for a cached step. */
function expectRowsSumToOne(data: Float32Array, dims: number[], keys: number): void {
  const [, heads = 0, queries = 0] = dims;
  for (let head = 0; head < heads; head++) {
    const row = attentionRow(data, dims, 0, head, queries - 1, keys);
    expect(row).toHaveLength(keys);
    expect(Math.abs(row.reduce((sum, weight) => sum + weight, 0) - 1)).toBeLessThan(1e-5);
    expect(row.every((weight) => weight >= 0)).toBe(true);
  }
}

describe('the glass box on a token of tiny-bible-gpt (WASM)', () => {
  const location = repoModelLocation('tiny-bible-gpt');
  let service: GenerationService;

  beforeAll(async () => {
    service = nodeGenerationService();
    await service.load(location, 'wasm');
  }, 60_000);

  it("shows where a cached step looks: per layer [1, heads, 1, past + 1], each head's row summing to 1", async () => {
    const { branch } = await generated(service, 'And the LORD said', 8);
    const plan = stepPlan(branch, 5)!;
    const past = pastLength(plan);
    expect(past).toBe(branch.promptIds.length + 4);
    const answer = await service.stepAttention(location.key, 'wasm', plan);
    if (!answer.ok) throw new Error(answer.reason);
    // One attention value per layer of the 4-layer model, found by structure.
    expect(answer.layers).toHaveLength(4);
    expect(answer.step.pastLength).toBe(past);
    expect(answer.step.keyTokens).toHaveLength(past + 1);
    expect(answer.step.fedTokens).toHaveLength(1);
    for (const { tensor } of answer.layers) {
      expect(tensor.dims).toEqual([1, 4, 1, past + 1]);
      expectRowsSumToOne(tensor.data, tensor.dims, past + 1);
    }
  });

  it("shows the prefill's attention for the first token: the prompt's square, its last row summing to 1", async () => {
    const { branch } = await generated(service, 'In the beginning', 3);
    const answer = await service.stepAttention(location.key, 'wasm', stepPlan(branch, 0)!);
    if (!answer.ok) throw new Error(answer.reason);
    const prompt = branch.promptIds.length;
    expect(answer.step.pastLength).toBe(0);
    for (const { tensor } of answer.layers) {
      expect(tensor.dims).toEqual([1, 4, prompt, prompt]);
      expectRowsSumToOne(tensor.data, tensor.dims, prompt);
    }
  });

  it('looks inside the step that produced a token: its captured logits are the ones the token was picked from', async () => {
    const { result, branch } = await generated(service, 'Blessed are the', 6);
    for (const index of [0, 4]) {
      const plan = stepPlan(branch, index)!;
      const step = await service.prepareStep(location.key, 'wasm', plan);
      const capture = await service.captureRun('text-generation', location.key, 'wasm');
      expect(capture.captureId.startsWith('generation-capture-')).toBe(true);
      // The step's own feeds: one token on a cache of `past` tokens (the prefill: the whole prompt).
      const cached = index > 0;
      expect(capture.inputShapes?.input_ids).toEqual([1, cached ? 1 : branch.promptIds.length]);
      expect(capture.inputShapes?.['past_key_values.0.key']?.[2]).toBe(cached ? step.pastLength : 0);
      expect(capture.attention).toHaveLength(4);
      const logits = await service.capturedTensor(capture.captureId, 'logits');
      const vocab = logits.dims[logits.dims.length - 1]!;
      const probabilities = softmax(logits.data.subarray(logits.data.length - vocab));
      const token = result.tokens[index]!;
      for (const candidate of token.before) {
        expect(Math.abs(probabilities[candidate.id]! - candidate.probability)).toBeLessThan(1e-6);
      }
      await service.releaseCapture(capture.captureId);
    }
  });

  it('takes turns when the attention of one token and Look inside another are asked at once', async () => {
    const { branch } = await generated(service, 'And God said', 6);
    const [attention, step] = await Promise.all([
      service.stepAttention(location.key, 'wasm', stepPlan(branch, 2)!),
      service.prepareStep(location.key, 'wasm', stepPlan(branch, 5)!),
    ]);
    expect(attention.ok).toBe(true);
    expect(step.pastLength).toBe(branch.promptIds.length + 4);
  });

  it('refuses a step of a model that is not the one loaded', async () => {
    const { branch } = await generated(service, 'And', 2);
    await expect(service.stepAttention('embedded:other', 'wasm', stepPlan(branch, 1)!)).rejects.toThrow(
      /not loaded/,
    );
  });
});

describe('the glass box on the Llama-shaped hub model (RoPE, grouped-query attention)', () => {
  let server: HubServer;
  beforeAll(async () => {
    server = await startHubServer({ root: REPO_ROOT });
  });
  afterAll(async () => {
    await server.close();
  });

  it('finds its attention by structure: all 4 query heads over past + 1 keys, though the cache has 2', async () => {
    const service = nodeGenerationService(globalThis.fetch.bind(globalThis));
    const location = hubLocation(server.url, 'glassbox/tiny-random-llama', 'main', 'fp32');
    const loaded = await service.load(location, 'wasm');
    expect(loaded.info.kvHeads).toBe(2);
    const { result, branch } = await generated(service, 'hello world', 5);
    const plan = stepPlan(branch, 3)!;
    const answer = await service.stepAttention(location.key, 'wasm', plan);
    if (!answer.ok) throw new Error(answer.reason);
    expect(answer.layers).toHaveLength(2);
    const past = pastLength(plan);
    for (const { tensor } of answer.layers) {
      expect(tensor.dims).toEqual([1, 4, 1, past + 1]);
      expectRowsSumToOne(tensor.data, tensor.dims, past + 1);
    }
    await service.prepareStep(location.key, 'wasm', plan);
    const capture = await service.captureRun('text-generation', location.key, 'wasm', { names: ['logits'] });
    const logits = await service.capturedTensor(capture.captureId, 'logits');
    const top = result.tokens[3]!.before[0]!;
    expect(Math.abs(softmax(logits.data)[top.id]! - top.probability)).toBeLessThan(1e-6);
  });
});
