// The glass box of a generated token with a fake playground and worker: the token maps to the step (and the
// branch, backend and model) that produced it, the attention is asked of that step and clamped to what
// the model has, a model without attention gets its sentence, an answer for a token no longer chosen is
// dropped, another model's text is refused with a sentence, and Look inside replays the step first. The
// page's capture source sends the generation task's captures to the generation worker.
import { describe, expect, it } from 'vitest';
import type { GenerationClient } from '../../../src/app/generate/generation-client.ts';
import { withGenerationCaptures } from '../../../src/app/generate/generation-capture-source.ts';
import type { Branch, GenerationPlayground } from '../../../src/app/generate/generation-playground.svelte.ts';
import type { CaptureSource, RunCapture, RunTarget } from '../../../src/app/inspector/run-capture.svelte.ts';
import { TokenGlassBox } from '../../../src/app/generate/token-glass-box.svelte.ts';
import type { StepAttentionAnswer } from '../../../src/contracts/generation.ts';
import type { CaptureResult } from '../../../src/lib/capture/capture-types.ts';
import type { StepPlan } from '../../../src/lib/tasks/text-generation/step-replay.ts';

function branch(id: number, ids: number[], forced: number, backend: 'wasm' | 'webgpu' = 'wasm'): Branch {
  return {
    id,
    promptTokens: [1, 2].map((token) => ({ id: token, text: `p${token}` })),
    tokens: ids.map((token, index) => ({ index, id: token, text: `t${token}` })),
    forced,
    running: false,
    backend,
    modelKey: 'embedded:gpt',
  } as unknown as Branch;
}

function fake(answer: StepAttentionAnswer) {
  const calls: Array<{ method: string; modelKey: string; backend: string; plan: StepPlan }> = [];
  let release: () => void = () => {};
  let hold = false;
  const service = {
    async stepAttention(modelKey: string, backend: string, plan: StepPlan) {
      calls.push({ method: 'stepAttention', modelKey, backend, plan });
      if (hold) {
        hold = false;
        await new Promise<void>((resolve) => (release = resolve));
      }
      return answer;
    },
    async prepareStep(modelKey: string, backend: string, plan: StepPlan) {
      calls.push({ method: 'prepareStep', modelKey, backend, plan });
      return { pastLength: 0, fedTokens: [], keyTokens: [] };
    },
  };
  const playground = {
    // Branch 1 continued from token 1 with another candidate (forced: 2), on WebGPU.
    branches: [branch(1, [10, 11, 12], 0), branch(2, [10, 20, 21], 2, 'webgpu')],
    shown: 1,
    selectedToken: 2 as number | null,
    running: false,
    model: { location: { key: 'embedded:gpt' }, name: 'Tiny GPT', shared: null },
    get current() {
      return playground.branches[playground.shown];
    },
    client: { call: async <T>(task: (s: typeof service) => Promise<T>) => task(service) },
  };
  const looked: Array<RunTarget | null> = [];
  const runCapture = {
    async lookInside(target: RunTarget | null) {
      looked.push(target);
      await target?.settled?.();
      return true;
    },
  };
  const box = new TokenGlassBox(
    playground as unknown as GenerationPlayground,
    runCapture as unknown as RunCapture,
  );
  return {
    box,
    playground,
    calls,
    looked,
    holdNext: () => (hold = true),
    releaseHeld: () => release(),
  };
}

const ready = (layers: number, heads: number): StepAttentionAnswer => ({
  ok: true,
  backend: 'wasm',
  step: { pastLength: 3, fedTokens: ['t10'], keyTokens: ['p1', 'p2', 't10', 't20'] },
  layers: Array.from({ length: layers }, (_, i) => ({
    site: { node: `n${i}`, value: `v${i}`, label: `layer ${i}` },
    tensor: {
      name: `v${i}`,
      dtype: 'float32',
      dims: [1, heads, 1, 4],
      data: new Float32Array(heads * 4).fill(0.25),
      fullShape: [1, heads, 1, 4],
      sliceStart: null,
    },
  })),
  captureMs: 1,
});

describe('TokenGlassBox', () => {
  it("asks the worker for the step of the branch's own token, on its backend and model", async () => {
    const { box, calls } = fake(ready(2, 4));
    expect(box.chosen?.producer.id).toBe(2);
    box.layer = 5;
    box.head = 9;
    await box.showAttention();
    expect(calls).toEqual([
      {
        method: 'stepAttention',
        modelKey: 'embedded:gpt',
        backend: 'webgpu',
        plan: { prefill: [1, 2, 10, 20], between: [], fed: null },
      },
    ]);
    expect(box.attention.kind).toBe('ready');
    // Clamped to the 2 layers and 4 heads the step has.
    expect(box.layer).toBe(1);
    expect(box.head).toBe(3);
  });

  it('maps a forced token to the earlier branch that picked it, and Look inside replays that step', async () => {
    const { box, playground, calls, looked } = fake(ready(1, 1));
    playground.selectedToken = 1;
    expect(box.chosen?.producer.id).toBe(1);
    await box.lookInside();
    expect(looked[0]?.backend).toBe('wasm');
    expect(looked[0]?.task).toBe('text-generation');
    expect(looked[0]?.model.location.key).toBe('embedded:gpt');
    expect(calls).toEqual([
      {
        method: 'prepareStep',
        modelKey: 'embedded:gpt',
        backend: 'wasm',
        plan: { prefill: [1, 2], between: [], fed: 10 },
      },
    ]);
  });

  it('says so when the model has no attention it can find', async () => {
    const { box } = fake({ ok: false, reason: 'No attention was found in Tiny GPT.' });
    await box.showAttention();
    expect(box.attention).toEqual({
      kind: 'none',
      key: '2:2',
      reason: 'No attention was found in Tiny GPT.',
    });
  });

  it('drops an answer for a token that is no longer chosen', async () => {
    const { box, playground, holdNext, releaseHeld } = fake(ready(1, 1));
    holdNext();
    const first = box.showAttention();
    // Another token is picked meanwhile (the view then asks for its step), before the first answer.
    playground.selectedToken = 0;
    await box.showAttention();
    expect(box.attention).toMatchObject({ kind: 'ready', key: '2:0' });
    releaseHeld();
    await first;
    expect(box.attention).toMatchObject({ kind: 'ready', key: '2:0', token: 't10' });
  });

  it("refuses another model's text with a sentence, and asks nothing", async () => {
    const { box, playground, calls } = fake(ready(1, 1));
    playground.model = { location: { key: 'embedded:other' }, name: 'Other', shared: null };
    expect(box.problem).toMatch(/another model/);
    expect(box.target).toBeNull();
    await box.showAttention();
    expect(calls).toEqual([]);
  });

  it('has no step while a generation runs', () => {
    const { box, playground } = fake(ready(1, 1));
    playground.running = true;
    expect(box.chosen).toBeNull();
  });
});

describe('withGenerationCaptures', () => {
  it("sends the generation task's captures to the generation worker, and calls on a capture to its maker", async () => {
    const log: string[] = [];
    const source = (who: string, id: string): CaptureSource => ({
      captureRun: async (task) => {
        log.push(`${who} capture ${task}`);
        return { captureId: id } as CaptureResult;
      },
      capturedTensor: async (captureId, name) => {
        log.push(`${who} tensor ${captureId} ${name}`);
        return {} as never;
      },
      compareCaptures: async (a) => {
        log.push(`${who} compare ${a}`);
        return {} as never;
      },
      profileRun: async (task) => {
        log.push(`${who} profile ${task}`);
        return [];
      },
      releaseCapture: async (captureId) => {
        log.push(`${who} release ${captureId}`);
      },
      stopRuns: (task) => log.push(`${who} stop ${task}`),
    });
    const worker = source('generation', 'generation-capture-1');
    const client = {
      call: <T>(task: (service: CaptureSource) => Promise<T>) => task(worker),
      stop: () => log.push('generation worker ended'),
    } as unknown as GenerationClient;
    const routed = withGenerationCaptures(source('inference', 'capture-1'), client);
    await routed.captureRun('text-generation', 'k', 'wasm');
    await routed.captureRun('text-classification', 'k', 'wasm');
    await routed.capturedTensor('generation-capture-1', 'logits');
    await routed.capturedTensor('capture-1', 'x');
    await routed.profileRun('text-generation', 'k', 'wasm');
    await routed.releaseCapture('generation-capture-1');
    await routed.releaseCapture('capture-1');
    routed.stopRuns?.('text-generation');
    routed.stopRuns?.('object-detection');
    expect(log).toEqual([
      'generation capture text-generation',
      'inference capture text-classification',
      'generation tensor generation-capture-1 logits',
      'inference tensor capture-1 x',
      'generation profile text-generation',
      'generation release generation-capture-1',
      'inference release capture-1',
      'generation worker ended',
      'inference stop object-detection',
    ]);
  });
});
