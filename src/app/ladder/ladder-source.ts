// The LadderSource of the page: the text view's inference worker, which holds the model and its last run.
// Measuring is a run (Stop and the time limit end it); fetching a made variant's bytes is a call.
import type { LadderSource, LadderSubject } from './precision-ladder.svelte.ts';
import type { TextPlayground } from '../text/text-playground.svelte.ts';
import { splitInputLines } from '../../lib/tasks/text-classification/input-lines.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';
import { fetchHubVariants } from '../models/hub-variants.svelte.ts';
import { hubLadderFiles, hubRepoOf } from './hub-ladder-files.ts';
import type { HubVariantFile } from '../../contracts/ladder.ts';
import type { ModelLocation } from '../../lib/sources/model-location.ts';

export function workbenchLadderSource(workbench: Workbench): LadderSource {
  const runtime = () => workbench.runtimeFor('text-classification');
  return {
    measure: (modelKey, backend, spec, examples, options) =>
      runtime().run((service) => service.measureVariant(modelKey, backend, spec, [...examples], options)),
    madeBytes: (modelKey, id) => runtime().call((service) => service.madeVariantBytes(modelKey, id)),
    hubFiles: listHubLadderFiles,
    prepareReport: (request) => runtime().call((service) => service.prepareReport(request)),
  };
}

/** The other dtype files of a hub model's repo, with their listed sizes; [] for any other source. */
export async function listHubLadderFiles(location: ModelLocation): Promise<HubVariantFile[]> {
  const of = hubRepoOf(location);
  if (!of) return [];
  return hubLadderFiles(await fetchHubVariants(of.hubUrl, of.repo, of.revision), of);
}

/** The text view's last run and its examples (the lines in its box). */
export function textLadderSubject(text: TextPlayground): LadderSubject {
  return {
    target: text.runTarget,
    examples: splitInputLines(text.text).lines.map((line) => line.text),
  };
}

/** Saves bytes as a file the browser downloads. */
export function saveBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // Revoked later, not at once: the download may not have started reading the blob yet.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
