// "The current input" for a benchmark: the text in the text playground for a text model, the image open
// in the detection playground for a detector; or a synthetic input of the model's shapes.
import type { OpenLanguageModel } from './generation-lab.svelte.ts';
import type { BenchInputKind } from '../../lib/bench/plan.ts';
import type { CatalogEntry } from '../../lib/catalog/model-catalog.ts';
import { GlassboxError } from '../../lib/errors.ts';
import { taskRow } from '../../lib/tasks/registry.ts';
import { splitInputLines } from '../../lib/tasks/text-classification/input-lines.ts';
import type { BenchInput } from '../../contracts/bench.ts';

/** Where the lab reads the current input from: the playgrounds' text and image. */
export interface BenchSources {
  currentText(): string | null;
  currentImage(): { name: string; url: string } | null;
  /** The language model open in the Generate view, offered for a generation benchmark. */
  openLanguageModel?(): OpenLanguageModel | null;
}

export async function resolveBenchInput(
  kind: BenchInputKind,
  model: CatalogEntry,
  sources: BenchSources,
): Promise<BenchInput> {
  if (kind === 'synthetic') return { kind: 'synthetic' };
  if (taskRow(model.task).benchInput === 'text') {
    const texts = splitInputLines(sources.currentText() ?? '').lines.map((line) => line.text);
    if (texts.length === 0) {
      throw new GlassboxError({
        code: 'empty-input',
        message: 'The text playground is empty, so there is no current text to benchmark with.',
        remedy: 'Type a sentence in “Classify text”, or choose the synthetic input.',
      });
    }
    return { kind: 'text', texts };
  }
  const image = sources.currentImage();
  if (!image) {
    throw new GlassboxError({
      code: 'empty-input',
      message: 'No image is open, so there is no current image to benchmark with.',
      remedy: 'Open an image in “Detect objects”, or choose the synthetic input.',
    });
  }
  // The image is a blob: URL of this page; the worker gets the Blob itself.
  const response = await fetch(image.url);
  return { kind: 'image', image: await response.blob(), name: image.name };
}
