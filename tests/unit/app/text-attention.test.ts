// The attention panel's state machine with a fake text playground and worker: nothing is captured until
// asked, the text is classified first when the last run was of other text, only attention is asked for,
// a model without attention gets its sentence, the capture goes stale when the text changes, a lesson's
// layer and head are clamped to what the model has, and the worker's copy is released.
import { describe, expect, it } from 'vitest';
import { TextAttention } from '../../../src/app/text/text-attention.svelte.ts';
import type { TextPlayground } from '../../../src/app/text/text-playground.svelte.ts';
import type { CaptureOptions, CaptureResult } from '../../../src/lib/capture/capture-types.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';

interface Fake {
  playground: TextPlayground;
  calls: string[];
  options: CaptureOptions[];
}

/** A playground whose worker answers with `sites` attention layers of [1, 2, 3, 3] (or throws). */
function fake(sites: number, fail = false): Fake {
  const calls: string[] = [];
  const options: CaptureOptions[] = [];
  const tokens = ['[CLS]', 'good', '[SEP]'];
  const service = {
    async captureRun(_task: string, _key: string, _backend: string, given: CaptureOptions) {
      calls.push('capture');
      options.push(given);
      if (fail) throw new GlassboxError({ code: 'capture-failed', message: 'It broke.', remedy: 'Retry.' });
      return {
        captureId: 'capture-1',
        input: { kind: 'text', lines: [playground.text], tokens: [tokens] },
        attention: Array.from({ length: sites }, (_, i) => ({
          node: `softmax-${i}`,
          value: `probs-${i}`,
          label: `layer ${i}`,
        })),
      } as unknown as CaptureResult;
    },
    async capturedTensor(_id: string, name: string) {
      calls.push(`tensor ${name}`);
      return { name, dims: [1, 2, 3, 3], data: new Float32Array(18).fill(1 / 3) };
    },
    async releaseCapture(id: string) {
      calls.push(`release ${id}`);
    },
  };
  const run = async <T>(task: (s: typeof service) => Promise<T>) => task(service);
  const playground = {
    text: 'good',
    model: { name: 'Tiny BERT', location: { key: 'tiny' } },
    slot: { loaded: { backend: 'wasm' } },
    runStatus: { kind: 'done', run: { backend: 'wasm', lines: [{ text: 'other' }] } },
    runtime: { run, call: run },
    async run() {
      calls.push('classify');
      playground.runStatus = { kind: 'done', run: { backend: 'wasm', lines: [{ text: playground.text }] } };
    },
  };
  return { playground: playground as unknown as TextPlayground, calls, options };
}

describe('TextAttention', () => {
  it('captures nothing until shown, then classifies the new text and captures only the attention', async () => {
    const { playground, calls, options } = fake(2);
    const attention = new TextAttention(playground);
    expect(attention.status.kind).toBe('closed');
    expect(calls).toEqual([]);
    await attention.show();
    expect(calls).toEqual(['classify', 'capture', 'tensor probs-0', 'tensor probs-1', 'release capture-1']);
    expect(options).toEqual([{ attentionOnly: true }]);
    expect(attention.attention?.layers.map((layer) => layer.site.label)).toEqual(['layer 0', 'layer 1']);
    expect(attention.attention?.tokens).toEqual([['[CLS]', 'good', '[SEP]']]);
    expect(attention.stale).toBe(false);
  });

  it('opens at a lesson’s layer and head, clamped to the layers and heads the model has', async () => {
    const { playground, calls } = fake(2);
    const attention = new TextAttention(playground);
    await attention.show({ layer: 1, head: 0 });
    expect([attention.layer, attention.head]).toEqual([1, 0]);
    await attention.show({ layer: 9, head: 7 });
    expect([attention.layer, attention.head]).toEqual([1, 1]);
    await attention.show({ layer: 0, head: 'mean' });
    expect([attention.layer, attention.head]).toEqual([0, 'mean']);
    // Shown again for the same text: no second capture.
    expect(calls.filter((call) => call === 'capture')).toHaveLength(1);
  });

  it('goes stale when the text changes, and captures again when shown', async () => {
    const { playground, calls } = fake(2);
    const attention = new TextAttention(playground);
    await attention.show();
    playground.text = 'bad';
    expect(attention.stale).toBe(true);
    await attention.show();
    expect(attention.stale).toBe(false);
    expect(attention.attention?.text).toBe('bad');
    expect(calls.filter((call) => call === 'classify')).toHaveLength(2);
  });

  it('says so for a model without attention it can find, and releases the capture', async () => {
    const { playground, calls } = fake(0);
    const attention = new TextAttention(playground);
    await attention.show();
    expect(attention.status).toEqual({ kind: 'none', modelName: 'Tiny BERT' });
    expect(calls.at(-1)).toBe('release capture-1');
  });

  it('keeps the worker’s error as a sentence', async () => {
    const { playground } = fake(2, true);
    const attention = new TextAttention(playground);
    await attention.show();
    expect(attention.status).toMatchObject({
      kind: 'failed',
      error: { code: 'capture-failed', message: 'It broke.' },
    });
  });
});
