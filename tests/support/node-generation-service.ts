// The text-generation service as Node tests run it: files from this repository (or a local hub), no GPU,
// one WASM thread; and the location of a model folder in the hub layout.
import { GenerationService } from '../../workers/generation/generation-service.ts';
import type { ModelLocation } from '../../src/lib/sources/model-location.ts';
import { folderFileUrls } from '../../src/lib/sources/model-location.ts';
import { fileFetch, REPO_ORIGIN } from './file-fetch.ts';

export function nodeGenerationService(fetch = fileFetch()): GenerationService {
  return new GenerationService({
    fetch,
    caches: null,
    isOnline: () => true,
    gpu: undefined,
    crossOriginIsolated: false,
    hardwareConcurrency: 1,
    isSecureContext: true,
  });
}

/** A model folder of this repository (models/<id>) as the worker loads it. */
export function repoModelLocation(id: string): ModelLocation {
  const file = (name: string): string => `${REPO_ORIGIN}models/${id}/${name}`;
  return {
    key: `embedded:${id}`,
    label: id,
    origin: 'embedded',
    files: { model: file('onnx/model.onnx'), ...folderFileUrls(file) },
    externalData: {},
    cache: false,
  };
}
