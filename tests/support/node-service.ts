// The inference service as Node tests run it: files from this repository, no GPU, one WASM thread.
import { InferenceService } from '../../workers/inference/inference-service.ts';
import { fileFetch } from './file-fetch.ts';

export function nodeInferenceService(): InferenceService {
  return new InferenceService({
    fetch: fileFetch(),
    gpu: undefined,
    crossOriginIsolated: false,
    hardwareConcurrency: 1,
    isSecureContext: true,
  });
}
