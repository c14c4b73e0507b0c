// Small rules the inspector applies: which paint goes on which view, which values are summarised without
// being asked, and the page's share of the open timings.
import { tick } from 'svelte';
import type { GraphView, NodeDetails, OpenTimings } from '../../contracts/inspector.ts';

/**
 * Values up to this many elements are summarised (a weight's statistics) or fetched (a captured value)
 * as soon as their node is selected; bigger ones wait for a click. One limit for both panels.
 */
export const AUTO_STATS_ELEMENTS = 4_000_000;

/** The view with this paint (or none); a paint is only ever applied to the view it was made for. */
export function withOverlay(
  view: GraphView,
  paintedFor: Pick<GraphView, 'expanded' | 'constantsShown'>,
  paint: GraphView['overlay'],
): GraphView {
  if (view.expanded.join('\n') !== paintedFor.expanded.join('\n')) return view;
  if (view.constantsShown !== paintedFor.constantsShown) return view;
  const next = { ...view };
  delete next.overlay;
  if (paint) next.overlay = paint;
  return next;
}

export function sumOf(timings: OpenTimings): number {
  return timings.readMs + timings.decodeMs + timings.analyseMs + timings.layoutMs;
}

/** Resolves with performance.now() just after the browser has painted the current DOM. */
export async function afterNextPaint(): Promise<number> {
  await tick();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()))));
}

/** Initializer inputs and Constant values small enough to summarise without being asked. */
export function weightsToSummarise(details: NodeDetails): string[] {
  if (details.kind !== 'op') return [];
  // A consumer lists its Constants' values in one line; the Constant's own panel has the statistics.
  return [...details.inputs.filter((input) => input.constant === undefined), ...details.outputs]
    .filter(
      (input) =>
        input.tensor &&
        input.tensor.storage !== 'external' &&
        input.tensor.elementCount <= AUTO_STATS_ELEMENTS,
    )
    .map((input) => input.name);
}
