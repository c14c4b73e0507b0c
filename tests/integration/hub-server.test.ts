// The local hub stand-in (tests/support/hub-server.ts) answers like huggingface.co: files, tree listings,
// X-Error-Code errors, the fault repos, the external-data model (run here with onnxruntime-web), the
// /files/ static paths, offline mode and the control routes the e2e tests use.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildExternalDataModel } from '../support/external-data-model.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';

const MODEL = 'models/tiny-sentiment-bert';
const disk = (path: string): Buffer => readFileSync(resolve(REPO_ROOT, MODEL, path));
const sha = (algorithm: 'sha1' | 'sha256', bytes: Uint8Array): string =>
  createHash(algorithm).update(bytes).digest('hex');
const configBytes = disk('config.json');
const modelBytes = disk('onnx/model.onnx');
const external = buildExternalDataModel();

let hub: HubServer;
const get = (path: string, init?: RequestInit): Promise<Response> => fetch(`${hub.url}${path}`, init);
const bytesOf = async (response: Response): Promise<Uint8Array> =>
  new Uint8Array(await response.arrayBuffer());
const resolveUrl = (repo: string, path: string, revision = 'main'): string =>
  `/glassbox/${repo}/resolve/${revision}/${path}`;

beforeAll(async () => {
  hub = await startHubServer({ root: REPO_ROOT });
});
afterAll(async () => {
  await hub.close();
});
beforeEach(() => {
  hub.setOffline(false);
});

async function expectHubError(path: string, status: number, code: string, body?: string): Promise<Response> {
  const response = await get(path);
  expect(response.status, path).toBe(status);
  expect(response.headers.get('x-error-code'), path).toBe(code);
  const text = await response.text();
  if (body !== undefined) expect(text).toBe(body);
  return response;
}

describe('resolve and tree', () => {
  it('serves config.json with the hub headers', async () => {
    expect(hub.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await get(resolveUrl('tiny-sentiment-bert', 'config.json'));
    expect(response.status).toBe(200);
    const headers = response.headers;
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('access-control-expose-headers')).toBe(
      'X-Error-Code, X-Error-Message, Content-Length, ETag, X-Repo-Commit',
    );
    expect(headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(headers.get('cache-control')).toBe('no-cache');
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('content-length')).toBe(String(configBytes.byteLength));
    expect(headers.get('etag')).toBe(`"${sha('sha1', configBytes)}"`);
    expect(headers.get('x-repo-commit')).toMatch(/^[0-9a-f]{40}$/);
    expect(Buffer.from(await bytesOf(response)).equals(configBytes)).toBe(true);
  });

  it('serves onnx/model.onnx byte for byte, with the sha256 ETag of an LFS file; HEAD sends no body', async () => {
    const response = await get(resolveUrl('tiny-sentiment-bert', 'onnx/model.onnx'));
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('etag')).toBe(`"${sha('sha256', modelBytes)}"`);
    expect(sha('sha256', await bytesOf(response))).toBe(sha('sha256', modelBytes));

    const head = await get(resolveUrl('tiny-sentiment-bert', 'onnx/model.onnx'), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(modelBytes.byteLength));
    expect((await bytesOf(head)).byteLength).toBe(0);
  });

  it('lists a folder like the tree API, with lfs for .onnx files', async () => {
    const onnx = await get('/api/models/glassbox/tiny-sentiment-bert/tree/main/onnx');
    expect(onnx.headers.get('content-type')).toBe('application/json');
    expect(await onnx.json()).toEqual([
      {
        type: 'file',
        oid: sha('sha1', modelBytes),
        size: modelBytes.byteLength,
        path: 'onnx/model.onnx',
        lfs: { oid: sha('sha256', modelBytes), size: modelBytes.byteLength, pointerSize: 134 },
      },
    ]);
    const root = (await (await get('/api/models/glassbox/tiny-sentiment-bert/tree/main')).json()) as {
      type: string;
      path: string;
      size: number;
      lfs?: unknown;
    }[];
    expect(root.find((entry) => entry.path === 'onnx')).toMatchObject({ type: 'directory', size: 0 });
    const config = root.find((entry) => entry.path === 'config.json');
    expect(config).toMatchObject({ type: 'file', size: configBytes.byteLength });
    expect(config?.lfs).toBeUndefined();
    expect(root.some((entry) => entry.path.startsWith('onnx/'))).toBe(false);
  });

  it('answers RevisionNotFound, EntryNotFound and RepoNotFound', async () => {
    await expectHubError(resolveUrl('tiny-sentiment-bert', 'config.json', 'v2'), 404, 'RevisionNotFound');
    const missing = await expectHubError(
      resolveUrl('tiny-sentiment-bert', 'nope.json'),
      404,
      'EntryNotFound',
      'Entry not found',
    );
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
    await expectHubError('/api/models/glassbox/tiny-sentiment-bert/tree/main/nope', 404, 'EntryNotFound');
    await expectHubError(
      resolveUrl('no-such-model', 'config.json'),
      404,
      'RepoNotFound',
      'Repository not found',
    );
    await expectHubError('/someone/else/resolve/main/config.json', 404, 'RepoNotFound');
  });

  it('answers CORS preflights', async () => {
    const response = await get(resolveUrl('tiny-sentiment-bert', 'config.json'), { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
    expect(response.headers.get('access-control-allow-headers')).toBe('*');
  });
});

describe('fault repos', () => {
  it('answers a private repo with 401 and a gated one with 403', async () => {
    for (const path of [
      resolveUrl('private-model', 'config.json'),
      '/api/models/glassbox/private-model/tree/main',
    ]) {
      const response = await expectHubError(path, 401, 'RepoNotFound');
      expect(response.headers.get('x-error-message')).toBe('Invalid credentials in Authorization header');
    }
    const gated = await expectHubError(resolveUrl('gated-model', 'config.json'), 403, 'GatedRepo');
    expect(gated.headers.get('x-error-message')).toBe(
      'Access to model glassbox/gated-model is restricted. You must have access to it and be authenticated to access it. Please log in.',
    );
  });

  it('serves no-cors files without any CORS or CORP header', async () => {
    for (const init of [{}, { method: 'OPTIONS' }]) {
      const response = await get(resolveUrl('no-cors', 'config.json'), init);
      expect(response.ok).toBe(true);
      const names = [...response.headers.keys()];
      expect(names.filter((name) => name.startsWith('access-control-'))).toEqual([]);
      expect(names).not.toContain('cross-origin-resource-policy');
      await response.arrayBuffer();
    }
  });

  it('serves an HTML login page for every html-page file', async () => {
    const response = await get(resolveUrl('html-page', 'onnx/model.onnx'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('<form');
  });

  it.each(['truncated', 'dropped'])('%s: the body announces the full size, then breaks off', async (repo) => {
    const response = await get(resolveUrl(repo, 'onnx/model.onnx'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(modelBytes.byteLength));
    await expect(response.arrayBuffer()).rejects.toThrow();
    // Only the model file is broken.
    expect(Buffer.from(await bytesOf(await get(resolveUrl(repo, 'config.json')))).equals(configBytes)).toBe(
      true,
    );
  });

  it('slow-model streams the whole model in paced chunks', async () => {
    const started = performance.now();
    const response = await get(resolveUrl('slow-model', 'onnx/model.onnx'));
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(first.value!.byteLength).toBeLessThanOrEqual(64 * 1024);
    await reader.cancel();

    const whole = await bytesOf(await get(resolveUrl('slow-model', 'onnx/model.onnx')));
    expect(sha('sha256', whole)).toBe(sha('sha256', modelBytes));
    const chunks = Math.ceil(modelBytes.byteLength / (64 * 1024));
    expect(performance.now() - started).toBeGreaterThan((chunks - 1) * 40 * 0.9);
  });
});

describe('external data', () => {
  const options = { executionProviders: ['wasm'] };
  ort.env.wasm.numThreads = 1;

  async function run(session: ort.InferenceSession): Promise<number[]> {
    const x = new ort.Tensor('float32', Float32Array.from(external.expected.input), [1, 4]);
    const { y } = await session.run({ x });
    return Array.from(y!.data as Float32Array);
  }

  it('serves the model and its weights file, and ORT runs them together', async () => {
    const model = await bytesOf(await get(resolveUrl('external-data', 'onnx/model.onnx')));
    const data = await bytesOf(await get(resolveUrl('external-data', 'onnx/model.onnx_data')));
    expect(Buffer.from(model).equals(external.model)).toBe(true);
    expect(Buffer.from(data).equals(external.data)).toBe(true);
    expect(external.location).toBe('model.onnx_data');
    expect(await (await get(resolveUrl('external-data', 'config.json'))).json()).toEqual({
      model_type: 'glassbox-test',
    });
    const tree = (await (await get('/api/models/glassbox/external-data/tree/main/onnx')).json()) as {
      path: string;
      lfs?: { size: number };
    }[];
    expect(tree.map((entry) => [entry.path, entry.lfs?.size])).toEqual([
      ['onnx/model.onnx', model.byteLength],
      ['onnx/model.onnx_data', data.byteLength],
    ]);

    const session = await ort.InferenceSession.create(model, {
      ...options,
      externalData: [{ path: external.location, data }],
    });
    expect(await run(session)).toEqual(external.expected.output);
    await session.release();
  });

  it('fails to create a session without the weights file, which external-data-missing lacks', async () => {
    await expect(ort.InferenceSession.create(external.model, options)).rejects.toThrow(/external data/);
    const model = await bytesOf(await get(resolveUrl('external-data-missing', 'onnx/model.onnx')));
    expect(Buffer.from(model).equals(external.model)).toBe(true);
    await expectHubError(resolveUrl('external-data-missing', 'onnx/model.onnx_data'), 404, 'EntryNotFound');
  });
});

describe('static files, offline mode and request log', () => {
  it('serves /files/ paths', async () => {
    const config = await get('/files/tiny-sentiment-bert/config.json');
    expect(config.headers.get('access-control-allow-origin')).toBe('*');
    expect(Buffer.from(await bytesOf(config)).equals(configBytes)).toBe(true);
    const model = await bytesOf(await get('/files/external-data/model.onnx'));
    expect(Buffer.from(model).equals(external.model)).toBe(true);
    const data = await bytesOf(await get('/files/external-data/model.onnx_data'));
    expect(Buffer.from(data).equals(external.data)).toBe(true);
    expect((await get('/files/tiny-sentiment-bert/nope.json')).status).toBe(404);
    expect((await get('/files/recipes/tiny-sentiment-bert/train.py')).status).toBe(404);
  });

  it('drops every connection while offline', async () => {
    hub.setOffline(true);
    await expect(get(resolveUrl('tiny-sentiment-bert', 'config.json'))).rejects.toThrow();
    hub.setOffline(false);
    expect((await get(resolveUrl('tiny-sentiment-bert', 'config.json'))).status).toBe(200);
  });

  it('records request paths', async () => {
    hub.clearRequests();
    const paths = [
      resolveUrl('tiny-sentiment-bert', 'config.json'),
      '/api/models/glassbox/gated-model/tree/main?x=1',
    ];
    for (const path of paths) await (await get(path)).arrayBuffer();
    expect(hub.requests).toEqual(paths);
  });

  it('lets another process go offline, read and clear the log over /__control/', async () => {
    const control = (action: string, method = 'POST'): Promise<Response> =>
      get(`/__control/${action}`, { method });
    expect((await control('clear')).status).toBe(204);
    expect((await control('offline')).status).toBe(204);
    await expect(get(resolveUrl('tiny-sentiment-bert', 'config.json'))).rejects.toThrow();
    const log = await control('requests', 'GET');
    expect(log.headers.get('access-control-allow-origin')).toBe('*');
    expect(await log.json()).toEqual([resolveUrl('tiny-sentiment-bert', 'config.json')]);
    expect((await control('online')).status).toBe(204);
    expect((await get(resolveUrl('tiny-sentiment-bert', 'config.json'))).status).toBe(200);
    expect((await control('clear')).status).toBe(204);
    expect(await (await control('requests', 'GET')).json()).toEqual([]);
  });
});
