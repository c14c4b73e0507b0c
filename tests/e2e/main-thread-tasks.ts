// The longest task of the page's main thread while an action runs, by the CPU time it used (Chromium's
// trace: a RunTask event's thread duration), not by its wall time. On a quiet machine the two are the
// same; on a busy one a task waits for a core and its wall time grows: measured here on 2 shared cores
// at load 21, a 300 ms busy loop used 116 ms of CPU. A long-task check on wall time (PerformanceObserver
// 'longtask') then fails for the machine, not for the page; CPU time still catches work done on the
// main thread that belongs in a worker.
import type { Browser, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * The task event's name: 'ThreadControllerImpl::RunTask' in 'toplevel' alone (Chromium 156); 'RunTask'
 * when other categories are traced too, with the same durations.
 */
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

export interface LongestTask {
  /** CPU time of the main-thread task that used the most, in ms. */
  cpuMs: number;
  /** Its wall time, in ms (for the report). */
  wallMs: number;
  /** How many main-thread tasks the trace holds: 0 means nothing was measured. */
  tasks: number;
}

export async function longestMainThreadTask(
  browser: Browser,
  page: Page,
  action: () => Promise<void>,
): Promise<LongestTask> {
  // 'toplevel' holds an event per task of every thread, with its thread time (tdur, in µs).
  await browser.startTracing(page, { categories: ['toplevel'] });
  let trace: Buffer;
  try {
    await action();
  } finally {
    // Stopped whether the action threw or not: a trace left running blocks the next one.
    trace = await browser.stopTracing();
  }
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  // The renderers' main threads (workers and the compositor have threads of their own).
  const mainThreads = new Set(
    events
      .filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
      .map((event) => `${event.pid}:${event.tid}`),
  );
  const tasks = events.filter(
    (event) =>
      TASK_EVENTS.has(event.name) &&
      event.ph === 'X' &&
      event.tdur !== undefined &&
      mainThreads.has(`${event.pid}:${event.tid}`),
  );
  const longest = tasks.reduce<TraceEvent | null>(
    (best, event) => ((event.tdur ?? 0) > (best?.tdur ?? -1) ? event : best),
    null,
  );
  return {
    cpuMs: (longest?.tdur ?? 0) / 1000,
    wallMs: (longest?.dur ?? 0) / 1000,
    tasks: tasks.length,
  };
}
