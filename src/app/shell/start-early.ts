// Runs before the rest of the app's code (main.ts imports it first): on a page that opens on the text
// view with its default model, the text view's inference worker starts right away, in parallel with the
// page's own start-up, instead of after the app has mounted (docs/benchmark.md, "Page open → first result").
import { startInferenceWorkerEarly } from '../workbench/inference-client.ts';

/** The text view is the page's default; a link with anything more (a model, a lesson) may show another. */
export function opensOnDefaultTextView(search: string): boolean {
  const params = new URLSearchParams(search);
  return [...params.keys()].every((key) => key === 'task') && (params.get('task') ?? 'text') === 'text';
}

if (typeof location !== 'undefined' && opensOnDefaultTextView(location.search)) {
  // Named as the text view's ViewRuntime names its worker, so that view takes this one over.
  startInferenceWorkerEarly('glassbox-inference-text');
}
