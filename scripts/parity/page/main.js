// The transformers.js side of the parity benchmarks (scripts/parity.ts, scripts/parity-generation.ts):
// pipeline('text-classification') on the embedded tiny BERT, or with ?task=text-generation
// pipeline('text-generation') on the embedded tiny GPT, offline (local model folder, no CDN), on the page's
// thread as transformers.js runs it, with the WASM thread count given in ?threads=. Plain JavaScript: this
// folder's dependencies are installed on demand, so the app's type check never sees them.
import { env, pipeline } from '@huggingface/transformers';

const params = new URLSearchParams(location.search);
const threads = Number(params.get('threads') ?? '1');
const task = params.get('task') ?? 'text-classification';
env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = '/models/';
env.useBrowserCache = false;
// transformers.js points ONNX Runtime at a CDN; unset, ORT finds its .wasm next to its module (bundled).
env.backends.onnx.wasm.wasmPaths = undefined;
env.backends.onnx.wasm.numThreads = threads;

const status = document.getElementById('status');
const facts = () => ({
  threads: env.backends.onnx.wasm.numThreads,
  ortVersion: env.backends.onnx.versions?.web ?? 'unknown',
});

async function classification() {
  const classifier = await pipeline('text-classification', 'tiny-sentiment-bert', {
    device: 'wasm',
    dtype: 'fp32',
  });
  return {
    ...facts(),
    /** One call as an app would make it: the sentence in, every label's score out; ms on this page. */
    async classify(text) {
      const started = performance.now();
      const output = await classifier(text, { top_k: null });
      return { ms: performance.now() - started, output };
    },
  };
}

async function generation() {
  const generator = await pipeline('text-generation', 'tiny-bible-gpt', { device: 'wasm', dtype: 'fp32' });
  return {
    ...facts(),
    /**
     * One greedy pipeline call for maxNewTokens; ms on this page, the new token ids (a streamer records
     * them: its first put is the prompt), and the time of the first new token from the call's start.
     */
    async generate(prompt, maxNewTokens) {
      const ids = [];
      let promptTokens = null;
      let firstTokenMs = null;
      const started = performance.now();
      const streamer = {
        put(value) {
          if (promptTokens === null) {
            promptTokens = value[0].length;
            return;
          }
          firstTokenMs ??= performance.now() - started;
          for (const row of value) ids.push(Number(row[0]));
        },
        end() {},
      };
      const output = await generator(prompt, {
        max_new_tokens: maxNewTokens,
        do_sample: false,
        return_full_text: false,
        streamer,
      });
      return {
        ms: performance.now() - started,
        ids,
        promptTokens,
        firstTokenMs,
        text: output[0].generated_text,
      };
    },
  };
}

try {
  window.parity = task === 'text-generation' ? await generation() : await classification();
  status.textContent = 'ready';
} catch (error) {
  status.textContent = `failed: ${error instanceof Error ? error.message : String(error)}`;
  window.parityError = status.textContent;
}
