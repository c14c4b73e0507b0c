// The text view's runs with a fake worker: a run in flight keeps the last finished one as Look inside's
// target, whose settled() waits for the run in flight (so a capture looks inside the run about to show);
// each finished run is counted (the results' data-run); a click during a run classifies the newest text
// once after it.
import { describe, expect, it } from 'vitest';
import { TextPlayground } from '../../../src/app/text/text-playground.svelte.ts';
import type { ShownModel } from '../../../src/app/workbench/shown-model.ts';
import type { Workbench } from '../../../src/app/workbench/workbench.svelte.ts';

const MODEL = {
  location: {
    key: 'embedded:tiny',
    label: 'Tiny',
    origin: 'embedded',
    files: { model: 'x' },
    externalData: {},
  },
  name: 'Tiny',
} as unknown as ShownModel;

/** A playground on a fake worker whose classify waits while held (hold() … open()). */
function setUp(): {
  playground: TextPlayground;
  classified: string[][];
  hold: () => void;
  open: () => void;
} {
  const classified: string[][] = [];
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => {};
  const service = {
    async classify(_id: string, backend: string, texts: string[]) {
      classified.push(texts);
      await gate;
      return {
        backend,
        tokenizeMs: 0,
        inferenceMs: 1,
        lines: texts.map((text) => ({ text, label: 'positive', logits: [], probabilities: [], tokens: [] })),
      };
    },
  };
  const runtime = {
    onEnded: () => undefined,
    run: <T>(task: (s: typeof service) => Promise<T>) => task(service),
    call: <T>(task: (s: typeof service) => Promise<T>) => task(service),
  };
  const playground = new TextPlayground({ views: { text: runtime } } as unknown as Workbench, MODEL);
  playground.slot.status = {
    kind: 'ready',
    loaded: { backend: 'wasm', info: { modelId: 'embedded:tiny' } } as never,
  };
  return {
    playground,
    classified,
    hold: () => {
      gate = new Promise((resolve) => (open = resolve));
    },
    open: () => {
      gate = Promise.resolve();
      open();
    },
  };
}

describe('TextPlayground runs', () => {
  it('keeps the last finished run as Look inside’s target while a fast one runs, and settles after it', async () => {
    const { playground, classified, hold, open } = setUp();
    playground.text = 'first';
    await playground.run();
    expect(playground.finishedRuns).toBe(1);
    expect(playground.runTarget?.viewLabel).toBe('Classify text');

    hold(); // from now on a run waits until open()
    playground.text = 'second';
    const running = playground.run();
    expect(playground.runStatus.kind).toBe('running');
    // The busy state is not shown for a run this short, and Look inside stays on the last finished run…
    expect(playground.busy.on).toBe(false);
    const target = playground.runTarget;
    expect(target).not.toBeNull();
    // …but a capture asked for now waits for the run in flight.
    let settled = false;
    const waiting = target?.settled?.().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    // Asked again meanwhile: the newest text runs once after the one in flight.
    playground.text = 'third';
    await playground.run();
    open();
    await running;
    await waiting;
    expect(settled).toBe(true);
    expect(classified).toEqual([['first'], ['second'], ['third']]);
    expect(playground.finishedRuns).toBe(2);
    expect(playground.lastDone?.run.lines[0]?.text).toBe('third');
  });
});
