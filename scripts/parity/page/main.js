// The transformers.js side of the parity benchmark (scripts/parity.ts): pipeline('text-classification')
// on the embedded tiny BERT, offline (local model folder, no CDN), on the page's thread as transformers.js
// runs it, with the WASM thread count given in ?threads=. Plain JavaScript: this folder's dependencies are
// installed on demand, so the app's type check never sees them.
import { env, pipeline } from '@huggingface/transformers';

const params = new URLSearchParams(location.search);
const threads = Number(params.get('threads') ?? '1');
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = '/models/';
env.useBrowserCache = false;
// transformers.js points ONNX Runtime at a CDN; unset, ORT finds its .wasm next to its module (bundled).
env.backends.onnx.wasm.wasmPaths = undefined;
env.backends.onnx.wasm.numThreads = threads;

const status = document.getElementById('status');
try {
  const classifier = await pipeline('text-classification', 'tiny-sentiment-bert', {
    device: 'wasm',
    dtype: 'fp32',
  });
  window.parity = {
    threads: env.backends.onnx.wasm.numThreads,
    ortVersion: env.backends.onnx.versions?.web ?? 'unknown',
    /** One call as an app would make it: the sentence in, every label's score out; ms on this page. */
    async classify(text) {
      const started = performance.now();
      const output = await classifier(text, { top_k: null });
      return { ms: performance.now() - started, output };
    },
  };
  status.textContent = 'ready';
} catch (error) {
  status.textContent = `failed: ${error instanceof Error ? error.message : String(error)}`;
  window.parityError = status.textContent;
}
