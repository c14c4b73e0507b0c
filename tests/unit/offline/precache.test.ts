// The offline app cache's rules: which requests the service worker answers, its cache's name per build,
// and which caches an update deletes (never the saved hub models' store).
import { describe, expect, it } from 'vitest';
import { MODEL_CACHE_NAME } from '../../../src/lib/loading/offline-save.ts';
import {
  APP_SHELL,
  appCacheName,
  precacheAnswer,
  staleAppCaches,
} from '../../../src/lib/offline/precache.ts';

const SCOPE = 'https://glassbox.example/app/';
const FILES = new Set([
  'index.html',
  'assets/index-Bs5.js',
  'assets/ort-wasm-simd-threaded.jsep-MDY.wasm',
  'models/tiny-sentiment-bert/onnx/model.onnx',
  'samples/shapes 1.png',
]);

function path(url: string, mode = 'cors', method = 'GET'): string | null {
  const answer = precacheAnswer({ url, method, mode }, SCOPE, FILES);
  return answer?.kind === 'file' ? answer.path : answer ? `absent:${answer.path}` : null;
}

describe('which requests the service worker answers', () => {
  it('answers a precached file of this build, cache first', () => {
    expect(path(`${SCOPE}assets/index-Bs5.js`)).toBe('assets/index-Bs5.js');
    expect(path(`${SCOPE}models/tiny-sentiment-bert/onnx/model.onnx`)).toBe(
      'models/tiny-sentiment-bert/onnx/model.onnx',
    );
    expect(path(`${SCOPE}samples/shapes%201.png`, 'no-cors')).toBe('samples/shapes 1.png');
  });

  it('answers a page load of the app with any query (a lesson link) with the app shell', () => {
    expect(path(`${SCOPE}?lesson=tiny-bert-reads`, 'navigate')).toBe(APP_SHELL);
    expect(path(SCOPE, 'navigate')).toBe(APP_SHELL);
    expect(path(`${SCOPE}index.html?task=bench`, 'navigate')).toBe(APP_SHELL);
    // A navigation to a model file is not a page of the app.
    expect(path(`${SCOPE}models/tiny-sentiment-bert/config.json`, 'navigate')).toBeNull();
  });

  it('never answers another origin: the hub, a model server, the same host on another port', () => {
    expect(path('https://huggingface.co/Xenova/bert/resolve/main/onnx/model.onnx')).toBeNull();
    expect(path('https://glassbox.example:8443/app/assets/index-Bs5.js')).toBeNull();
    expect(path('http://glassbox.example/app/assets/index-Bs5.js')).toBeNull();
  });

  it('says 404, as the server does, for a file an embedded model folder does not have', () => {
    // The loader asks for optional files (preprocessor_config.json); offline only the build can answer.
    expect(path(`${SCOPE}models/tiny-sentiment-bert/preprocessor_config.json`)).toBe(
      'absent:models/tiny-sentiment-bert/preprocessor_config.json',
    );
  });

  it('leaves files not in this build, other methods and paths outside its scope to the network', () => {
    expect(path(`${SCOPE}models/some-mirror/onnx/model.onnx`)).toBeNull();
    expect(path(`${SCOPE}models/other.onnx`)).toBeNull();
    expect(path(`${SCOPE}assets/index-Bs5.js`, 'cors', 'POST')).toBeNull();
    expect(path('https://glassbox.example/other/assets/index-Bs5.js')).toBeNull();
    expect(path(`${SCOPE}%E0%A4%A`)).toBeNull();
    expect(path('not a url')).toBeNull();
  });
});

describe('the cache of one build', () => {
  it('is named by the build version and deletes only older app caches', () => {
    expect(appCacheName('abc')).toBe('glassbox-app-abc');
    const names = ['glassbox-app-old1', 'glassbox-app-abc', MODEL_CACHE_NAME, 'someone-else'];
    expect(staleAppCaches(names, 'abc')).toEqual(['glassbox-app-old1']);
    expect(MODEL_CACHE_NAME.startsWith('glassbox-app-')).toBe(false);
  });
});
