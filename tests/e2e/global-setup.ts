// Serves the production build (vite preview, with the same COOP/COEP headers as dev) for the e2e tests.
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import { readBuildStamp } from '../../scripts/build-stamp.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The local Hugging Face hub stand-in (tests/support/hub-server.ts), e.g. http://127.0.0.1:4320. */
    hubUrl: string;
  }
}

let server: PreviewServer | undefined;
let hub: HubServer | undefined;

/** Where the broken model folders live in the build (served by `vite preview` like any static file). */
export const FIXTURE_MODELS = {
  /** config and tokenizer present, onnx/model.onnx absent: the server's SPA fallback answers index.html. */
  missingModelFile: '/e2e-fixtures/missing-model/',
  /** Everything present, but onnx/model.onnx holds bytes that are not ONNX. */
  corruptModelFile: '/e2e-fixtures/corrupt-model/',
} as const;

/** Model folders with one thing wrong, so the error paths run against a real server, not interception. */
function writeBrokenModelFolders(root: string): void {
  const source = resolve(root, 'models/tiny-sentiment-bert');
  for (const base of Object.values(FIXTURE_MODELS)) {
    const folder = resolve(root, 'dist', `.${base}`, 'tiny-sentiment-bert');
    mkdirSync(resolve(folder, 'onnx'), { recursive: true });
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) {
      copyFileSync(resolve(source, file), resolve(folder, file));
    }
  }
  const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251));
  writeFileSync(
    resolve(root, 'dist', `.${FIXTURE_MODELS.corruptModelFile}`, 'tiny-sentiment-bert/onnx/model.onnx'),
    garbage,
  );
}

export async function setup(project: TestProject): Promise<void> {
  const root = resolve(import.meta.dirname, '../..');
  if (!existsSync(resolve(root, 'dist/index.html'))) {
    throw new Error('dist/ is missing: run `vite build` before the e2e tests (npm run test:e2e does).');
  }
  // A development build has no service worker and runs Svelte's development checks: not what users get.
  if (readBuildStamp(resolve(root, 'dist'))?.production === false) {
    throw new Error('dist/ is a development build: run `vite build` (production) before the e2e tests.');
  }
  writeBrokenModelFolders(root);
  server = await preview({ root, logLevel: 'warn', preview: { port: 4319, strictPort: false, open: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseUrl', url);
  // The tests run in other processes, so they reach the hub only over HTTP (its /__control/ routes
  // switch it offline and read its request log).
  hub = await startHubServer({ root, port: 4320 }).catch(() => startHubServer({ root }));
  project.provide('hubUrl', hub.url);
}

export async function teardown(): Promise<void> {
  await Promise.all([server?.close(), hub?.close()]);
}
