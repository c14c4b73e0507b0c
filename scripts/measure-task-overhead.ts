// Measures, per text task, what the task's own work adds over a bare ONNX Runtime session.run, in headless
// Chromium against the production build (docs/benchmark.md, "Text tasks: the view's call against bare
// ONNX Runtime"). Each view opens its model (fill-mask and embeddings: embedded; entities, question
// answering and zero-shot: the tiny random models of tests/fixtures/hub, from the local hub server) and its
// example input; then, in interleaved rounds with rotating order, on the page:
// - the task's worker call as the view makes it (comlink, tokenizer, tensors, session.run, post-processing:
//   decoding fillers, entity aggregation, span search, label scores, pooling and PCA; the result back),
// - a bare session.run on the same feeds in the same worker (timeRuns, timed there),
// - a no-op worker call (cancelExplanations): the page → worker → page hop alone.
// The call minus the hop minus the bare run is the task's own pre- and post-processing. Prints a Markdown
// table with medians and the ratio of medians with its 95 % bootstrap interval (src/lib/bench/overhead.ts).
// Usage: node scripts/run-ts.mjs scripts/measure-task-overhead.ts [--rounds N]
import type { Page } from 'playwright-core';
import { summarizeOverhead } from '../src/lib/bench/overhead.ts';
import { percentile } from '../src/lib/bench/statistics.ts';
import { BASE_FLAGS } from './chromium.ts';
import { argument, print } from './measure-overhead.ts';
import { loadAverage, openTaskPage, printTable, withTaskBench } from './task-bench-page.ts';

/** One text task as its view opens and calls it. */
interface TaskCase {
  name: string;
  /** The page's query: the view, and the model when it is not embedded. */
  query: string;
  model: string;
  /** The view's result, once its first run is on screen. */
  ready: string;
  /** window.glassbox's controller, and the registry task the bare run is timed for. */
  controller: 'fillMask' | 'entities' | 'answer' | 'zeroShot' | 'embeddings';
  task: string;
  /** An embedded model pinned to 1 WASM thread (the user's choice), else the thread count the view chose. */
  oneThread?: string;
}

const CASES: TaskCase[] = [
  {
    name: 'fill-mask',
    query: 'task=fill-mask',
    model: 'tiny-bible-bert (embedded)',
    ready: '[data-testid="fill-mask-results"]',
    controller: 'fillMask',
    task: 'fill-mask',
  },
  {
    name: 'fill-mask, 1 thread',
    query: 'task=fill-mask',
    model: 'tiny-bible-bert (embedded)',
    ready: '[data-testid="fill-mask-results"]',
    controller: 'fillMask',
    task: 'fill-mask',
    oneThread: 'embedded:tiny-bible-bert',
  },
  {
    name: 'entities',
    query: 'task=entities&model=glassbox/tiny-random-bert-ner',
    model: 'tiny-random-bert-ner (hub fixture)',
    ready: '[data-testid="entities-result"]',
    controller: 'entities',
    task: 'token-classification',
  },
  {
    name: 'question answering',
    query: 'task=answer&model=glassbox/tiny-random-bert-qa',
    model: 'tiny-random-bert-qa (hub fixture)',
    ready: '[data-testid="answer-result"]',
    controller: 'answer',
    task: 'question-answering',
  },
  {
    name: 'zero-shot (4 labels)',
    query: 'task=zero-shot&model=glassbox/tiny-random-nli-bert',
    model: 'tiny-random-nli-bert (hub fixture)',
    ready: '[data-testid="zero-shot-results"]',
    controller: 'zeroShot',
    task: 'zero-shot',
  },
  {
    name: 'embeddings (5 sentences)',
    query: 'task=embeddings',
    model: 'tiny-sentiment-bert encoder (embedded)',
    ready: '[data-testid="embeddings-results"]',
    controller: 'embeddings',
    task: 'sentence-embeddings',
  },
];

interface Rounds {
  bare: number[];
  call: number[];
  hop: number[];
  tokenize: number[];
  inference: number[];
  input: string;
}

/** Interleaved rounds of the task's call, a bare run and a no-op call, in rotating order. */
function rounds(page: Page, taskCase: TaskCase, count: number): Promise<Rounds> {
  return page.evaluate(
    async ({ count, controller, task }) => {
      type Run = { tokenizeMs?: number; inferenceMs: number };
      type Service = Record<string, (...args: unknown[]) => Promise<unknown>>;
      type View = {
        slot: { loaded: { info: { modelKey: string } } | null };
        runtime: { call<T>(work: (service: Service) => Promise<T>): Promise<T> };
        text: string;
        question: string;
        context: string;
        settings: unknown;
        parsedLabels: string[];
        template: string;
        multiLabel: boolean;
      };
      const view = (window as unknown as { glassbox: Record<string, View> }).glassbox[controller];
      if (!view) throw new Error(`no controller ${controller}`);
      const key = view.slot.loaded?.info.modelKey ?? '';
      const snapshot = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
      // Built on demand: each reads only its own view's fields.
      type Call = { input: string; run: (service: Service) => Promise<unknown> };
      const calls: Record<string, () => Call> = {
        fillMask: () => ({ input: view.text, run: (s) => s.fillMask!(key, 'wasm', view.text) }),
        entities: () => ({ input: view.text, run: (s) => s.recogniseEntities!(key, 'wasm', view.text) }),
        answer: () => ({
          input: `${view.question} | ${view.context}`,
          run: (s) => s.answerQuestion!(key, 'wasm', view.question, view.context, snapshot(view.settings)),
        }),
        zeroShot: () => ({
          input: `${view.text} | ${view.parsedLabels.join(', ')}`,
          run: (s) =>
            s.classifyZeroShot!(
              key,
              'wasm',
              view.text,
              [...view.parsedLabels],
              view.template,
              view.multiLabel,
            ),
        }),
        embeddings: () => ({
          input: view.text.split('\n').join(' | '),
          run: (s) => s.embedSentences!(key, 'wasm', view.text.split('\n')),
        }),
      };
      const chosen = calls[controller]?.();
      if (!chosen) throw new Error(`no call for ${controller}`);
      const out = { bare: [] as number[], call: [] as number[], hop: [] as number[] };
      const tokenize: number[] = [];
      const inference: number[] = [];
      const call = async (): Promise<void> => {
        const started = performance.now();
        const run = (await view.runtime.call((service) => chosen.run(service))) as Run;
        out.call.push(performance.now() - started);
        tokenize.push(run.tokenizeMs ?? NaN);
        inference.push(run.inferenceMs);
      };
      // The bare run times the feeds of the task's last call: the same input.
      const bare = async (): Promise<void> => {
        const times = (await view.runtime.call((service) =>
          service.timeRuns!(task, key, 'wasm', 1),
        )) as number[];
        out.bare.push(times[0] ?? NaN);
      };
      const hop = async (): Promise<void> => {
        const started = performance.now();
        await view.runtime.call((service) => service.cancelExplanations!());
        out.hop.push(performance.now() - started);
      };
      for (let i = 0; i < 10; i++) await call(); // warm-up: JIT, caches
      out.call.length = 0;
      tokenize.length = 0;
      inference.length = 0;
      const order = [call, bare, hop];
      for (let round = 0; round < count; round++) {
        for (let i = 0; i < order.length; i++) await order[(round + i) % order.length]!();
      }
      return { ...out, tokenize, inference, input: chosen.input };
    },
    { count, controller: taskCase.controller, task: taskCase.task },
  );
}

export async function main(args: string[]): Promise<number> {
  const count = Number(argument(args, '--rounds', '60'));
  await withTaskBench(args, BASE_FLAGS, async (context, baseUrl) => {
    const ms = (value: number | null | undefined): string => `${(value ?? NaN).toFixed(2)} ms`;
    const median = (values: readonly number[]): number => percentile(values, 50) ?? NaN;
    const rows: string[] = [];
    for (const taskCase of CASES) {
      const page = await openTaskPage(context, `${baseUrl}?${taskCase.query}`, taskCase.oneThread);
      await page.waitForSelector(taskCase.ready, { timeout: 180_000 });
      const result = await rounds(page, taskCase, count);
      const threads = await page.evaluate(
        (controller) =>
          (
            window as unknown as {
              glassbox: Record<string, { threads: { choice: { threads: number } | null } }>;
            }
          ).glassbox[controller]?.threads.choice?.threads ?? null,
        taskCase.controller,
      );
      await page.close();
      const overhead = summarizeOverhead('wasm', result.bare, result.call);
      const r = overhead.ratio;
      const own = median(result.call) - median(result.hop) - median(result.bare);
      rows.push(
        `| ${taskCase.name} | ${taskCase.model}, ${threads ?? '?'} thread${threads === 1 ? '' : 's'} | ${ms(overhead.pathMedianMs)} | ${ms(median(result.hop))} | ` +
          `${Number.isNaN(median(result.tokenize)) ? '–' : ms(median(result.tokenize))} | ${ms(median(result.inference))} | ` +
          `${ms(overhead.bareMedianMs)} | ${r ? `${r.ratio.toFixed(2)}× (${r.low.toFixed(2)}–${r.high.toFixed(2)})` : 'n/a'} | ${ms(own)} |`,
      );
      print(`${taskCase.name}: input "${result.input.slice(0, 120)}"`);
    }
    print(`load average after: ${loadAverage()}`);
    print(`${count} interleaved rounds per task, WASM, the thread count each view chose`);
    print('');
    printTable(
      '| task | model | worker call | no-op call (hop) | of it: tokenize | of it: session.run in the service | bare `session.run` | call / bare (95 % CI) | task’s own work ≈ call − hop − bare |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
      rows,
    );
  });
  return 0;
}
