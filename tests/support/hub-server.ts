// A local stand-in for huggingface.co, for tests on a machine without internet: the hub's URL scheme
// (/{owner}/{name}/resolve/{revision}/{path}, /api/models/{owner}/{name}/tree/{revision}/{path}), its
// headers and X-Error-Code answers, and fault repos that fail the ways real downloads fail. Repos
// glassbox/<id> serve <root>/models/<id>/; /files/<id>/<path> serves the same files as plain static URLs.
// Repos <owner>/<name> serve <root>/tests/fixtures/hub/<owner>/<name>/ (test-only models, e.g. the tiny
// random causal LMs of models/recipes/tiny-random-causal-lms).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { setTimeout as delay } from 'node:timers/promises';
import { buildEndlessLoopModel } from './endless-loop-model.ts';
import { buildExternalDataModel } from './external-data-model.ts';
import { addHostileRepos } from './hostile-models.ts';
import { nanEmbeddingGpt2, withThrowingChatTemplate } from './altered-causal-lm.ts';

export interface HubServer {
  /** e.g. http://127.0.0.1:4320, no trailing slash. */
  url: string;
  close(): Promise<void>;
  /** Every request's path (with query), in order; control routes are left out. */
  requests: string[];
  clearRequests(): void;
  /** While offline, every request's socket is destroyed without a response, like a dropped network. */
  setOffline(offline: boolean): void;
}

export const HUB_OWNER = 'glassbox';

type Fault =
  | 'private'
  | 'gated'
  | 'no-cors'
  | 'html-page'
  | 'truncated'
  | 'dropped'
  | 'slow'
  | 'gzip'
  | 'gzip-truncated'
  | 'config-fails';

/** A file's bytes: an absolute path on disk (read on first use) or bytes built in memory. */
type Source = string | Uint8Array;

interface Repo {
  files: Map<string, Source>;
  fault?: Fault;
  /** Sizes the tree listing claims instead of the files' own (a model listed as gigabytes, served tiny). */
  listedSizes?: ReadonlyMap<string, number>;
}

interface StoredFile {
  bytes: Uint8Array;
  sha1: string;
  sha256: string;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'X-Error-Code, X-Error-Message, Content-Length, ETag, X-Repo-Commit',
  // The app's page is cross-origin isolated (COEP require-corp), which refuses cross-origin
  // responses without this header even when CORS allows them.
  'Cross-Origin-Resource-Policy': 'cross-origin',
};
const PREFLIGHT = { 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': '*' };
/** Each serves tiny-sentiment-bert's files, except for its fault. */
const FAULT_REPOS: Record<string, Fault> = {
  'private-model': 'private',
  'gated-model': 'gated',
  'no-cors': 'no-cors',
  'html-page': 'html-page',
  truncated: 'truncated',
  dropped: 'dropped',
  'slow-model': 'slow',
  /** Every file gzip-compressed (Content-Encoding: gzip), as compressing proxies and mirrors serve them. */
  'gzip-model': 'gzip',
  /** The same, with the model's compressed body cut off halfway. */
  'gzip-truncated': 'gzip-truncated',
  /** config.json answers 500 at once while tokenizer.json is still streaming (slowly) into the cache. */
  'config-fails': 'config-fails',
};
const SLOW_CHUNK = 64 * 1024;
const SLOW_PAUSE_MS = 40;
/** What the hub answers for a private repo without a token, and for a gated one. */
const DENIED = {
  private: { status: 401, code: 'RepoNotFound', message: 'Invalid credentials in Authorization header' },
  gated: {
    status: 403,
    code: 'GatedRepo',
    message: `Access to model ${HUB_OWNER}/gated-model is restricted. You must have access to it and be authenticated to access it. Please log in.`,
  },
} as const;
const LOGIN_PAGE =
  '<!doctype html><html><head><title>Log in</title></head><body><form action="/login">' +
  '<input name="username"><input name="password" type="password"><button>Log in</button></form></body></html>';

const isLfs = (path: string): boolean => path.endsWith('.onnx') || path.endsWith('.onnx_data');
const hex = (algorithm: string, data: Uint8Array | string): string =>
  createHash(algorithm).update(data).digest('hex');

/** Every file under folder, keyed by its '/'-separated path relative to folder. */
function folderFiles(folder: string): Map<string, Source> {
  const files = new Map<string, Source>();
  for (const relative of readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort()) {
    const absolute = join(folder, relative);
    if (statSync(absolute).isFile()) files.set(relative.split(sep).join('/'), absolute);
  }
  return files;
}

/** The hub repos (keyed "owner/name") and the /files/ folders (keyed by id). */
function buildRepos(
  root: string,
  extraRepos: Readonly<Record<string, string>> = {},
): { repos: Map<string, Repo>; folders: Map<string, Map<string, Source>> } {
  const repos = new Map<string, Repo>();
  const folders = new Map<string, Map<string, Source>>();
  const modelsDir = join(root, 'models');
  for (const id of readdirSync(modelsDir).sort()) {
    if (id === 'recipes' || !existsSync(join(modelsDir, id, 'onnx/model.onnx'))) continue;
    const files = folderFiles(join(modelsDir, id));
    repos.set(`${HUB_OWNER}/${id}`, { files });
    folders.set(id, files);
  }
  addFixtureRepos(repos, join(root, 'tests', 'fixtures', 'hub'));
  for (const [repo, folder] of Object.entries(extraRepos)) repos.set(repo, { files: folderFiles(folder) });
  const base = folders.get('tiny-sentiment-bert');
  if (!base) throw new Error(`hub server: no ${modelsDir}/tiny-sentiment-bert (the fault repos serve it)`);
  for (const [name, fault] of Object.entries(FAULT_REPOS))
    repos.set(`${HUB_OWNER}/${name}`, { files: base, fault });
  addExternalData(repos, folders);
  addEndlessLoops(repos);
  addHostileRepos(repos, base, HUB_OWNER);
  addAlteredCausalLms(repos);
  return { repos, folders };
}

/** What the listing claims for glassbox/huge-causal-lm and glassbox/too-large-causal-lm (served tiny). */
export const LISTED_HUGE_BYTES = 2.5 * 1024 ** 3;
export const LISTED_TOO_LARGE_BYTES = 5 * 1024 ** 3;

/**
 * glassbox/tiny-random-gpt2-nan (token 142 embeds as NaN: greedy from the reference prompt stops at step
 * 4), glassbox/tiny-random-llama-bad-template (its chat template throws), and glassbox/huge-causal-lm and
 * glassbox/too-large-causal-lm (tiny-random-gpt2 whose listing claims 2.5 GB and 5 GB), from the fixtures.
 */
function addAlteredCausalLms(repos: Map<string, Repo>): void {
  const gpt2 = repos.get(`${HUB_OWNER}/tiny-random-gpt2`)?.files;
  const llama = repos.get(`${HUB_OWNER}/tiny-random-llama`)?.files;
  const llamaConfig = llama?.get('tokenizer_config.json');
  if (!gpt2 || typeof llamaConfig !== 'string') return;
  repos.set(`${HUB_OWNER}/tiny-random-gpt2-nan`, {
    files: new Map([...gpt2, ['onnx/model.onnx', nanEmbeddingGpt2()]]),
  });
  for (const [name, bytes] of [
    ['huge-causal-lm', LISTED_HUGE_BYTES],
    ['too-large-causal-lm', LISTED_TOO_LARGE_BYTES],
  ] as const)
    repos.set(`${HUB_OWNER}/${name}`, { files: gpt2, listedSizes: new Map([['onnx/model.onnx', bytes]]) });
  repos.set(`${HUB_OWNER}/tiny-random-llama-bad-template`, {
    files: new Map([
      ...(llama ?? []),
      ['tokenizer_config.json', withThrowingChatTemplate(readFileSync(llamaConfig, 'utf8'))],
    ]),
  });
}

/** Each folder tests/fixtures/hub/<owner>/<name>/ as the repo <owner>/<name>. */
function addFixtureRepos(repos: Map<string, Repo>, fixturesDir: string): void {
  if (!existsSync(fixturesDir)) return;
  for (const owner of readdirSync(fixturesDir).sort()) {
    if (!statSync(join(fixturesDir, owner)).isDirectory()) continue;
    for (const name of readdirSync(join(fixturesDir, owner)).sort())
      repos.set(`${owner}/${name}`, { files: folderFiles(join(fixturesDir, owner, name)) });
  }
}

/**
 * Repos whose model names its weights file so that a naive resolve would leave the repo's folder for
 * /files/external-data/model.onnx_data on this server (served there, so an escape would succeed).
 */
export const ESCAPING_LOCATIONS: Readonly<Record<string, string>> = {
  'escape-backslash': '\\files\\external-data\\model.onnx_data',
  'escape-tab': '\t/files/external-data/model.onnx_data',
  'escape-dots': `${'%2e%2e/'.repeat(5)}files/external-data/model.onnx_data`,
};

/** glassbox/external-data (model + weights file), glassbox/external-data-missing, the escape-* repos and /files/external-data/. */
function addExternalData(repos: Map<string, Repo>, folders: Map<string, Map<string, Source>>): void {
  const { model, data, location } = buildExternalDataModel();
  const config = new TextEncoder().encode(JSON.stringify({ model_type: 'glassbox-test' }, null, 2));
  const files = new Map<string, Source>([
    ['config.json', config],
    ['onnx/model.onnx', model],
  ]);
  repos.set(`${HUB_OWNER}/external-data-missing`, { files });
  repos.set(`${HUB_OWNER}/external-data`, { files: new Map([...files, [`onnx/${location}`, data]]) });
  for (const [name, hostile] of Object.entries(ESCAPING_LOCATIONS)) {
    const escaping = buildExternalDataModel(hostile).model;
    repos.set(`${HUB_OWNER}/${name}`, { files: new Map([...files, ['onnx/model.onnx', escaping]]) });
  }
  folders.set(
    'external-data',
    new Map([
      ['model.onnx', model],
      [location, data],
    ]),
  );
}

/** glassbox/endless-loop (never ends once x > 0) and glassbox/endless-warm-up (never ends at all). */
function addEndlessLoops(repos: Map<string, Repo>): void {
  const config = new TextEncoder().encode(JSON.stringify({ model_type: 'glassbox-test' }, null, 2));
  for (const [name, startsWhen] of [
    ['endless-loop', 'x-positive'],
    ['endless-warm-up', 'always'],
  ] as const) {
    const files = new Map<string, Source>([
      ['config.json', config],
      ['onnx/model.onnx', buildEndlessLoopModel(startsWhen)],
    ]);
    repos.set(`${HUB_OWNER}/${name}`, { files });
  }
}

/** Reads and hashes each file once: tree listings and ETags need the digests on every request. */
function fileCache(): (source: Source) => Promise<StoredFile> {
  const cache = new Map<Source, Promise<StoredFile>>();
  return (source) => {
    let file = cache.get(source);
    if (!file) {
      file = (typeof source === 'string' ? readFile(source) : Promise.resolve(source)).then((bytes) => ({
        bytes,
        sha1: hex('sha1', bytes),
        sha256: hex('sha256', bytes),
      }));
      cache.set(source, file);
    }
    return file;
  };
}

function baseHeaders(cors: boolean): Record<string, string> {
  // no-cache: the browser revalidates instead of answering from its HTTP cache, so every fetch the app
  // makes reaches this server and shows up in `requests`.
  return { ...(cors ? CORS_HEADERS : {}), 'Cache-Control': 'no-cache' };
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body = ''): void {
  const bytes = Buffer.from(body);
  res.writeHead(status, { ...headers, 'Content-Length': String(bytes.byteLength) });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

function sendJson(res: ServerResponse, headers: Record<string, string>, value: unknown): void {
  send(res, 200, { ...headers, 'Content-Type': 'application/json' }, JSON.stringify(value));
}

function sendError(res: ServerResponse, status: number, code: string, message: string, cors = true): void {
  const headers = { ...baseHeaders(cors), 'Content-Type': 'text/plain; charset=utf-8' };
  send(res, status, { ...headers, 'X-Error-Code': code, 'X-Error-Message': message }, message);
}

/** Writes part of the body, then drops the connection once it is flushed: the client sees a short body. */
function cutOff(req: IncomingMessage, res: ServerResponse, bytes: Uint8Array, fraction: number): void {
  res.write(bytes.subarray(0, Math.floor(bytes.byteLength * fraction)), () => req.socket.destroy());
}

/** Chunks with pauses, so a browser test can watch progress and cancel; stops when the client goes. */
async function streamSlowly(res: ServerResponse, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.byteLength; offset += SLOW_CHUNK) {
    if (offset > 0) await delay(SLOW_PAUSE_MS);
    if (res.destroyed) return;
    res.write(bytes.subarray(offset, offset + SLOW_CHUNK));
  }
  res.end();
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  file: StoredFile,
  extra: { cors: boolean; commit?: string; fault?: Fault },
): Promise<void> {
  const gzip = extra.fault === 'gzip' || extra.fault === 'gzip-truncated';
  const body = gzip ? gzipSync(file.bytes) : file.bytes;
  const headers: Record<string, string> = {
    ...baseHeaders(extra.cors),
    'Content-Type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    'Content-Length': String(body.byteLength),
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    ETag: `"${isLfs(path) ? file.sha256 : file.sha1}"`,
    ...(extra.commit ? { 'X-Repo-Commit': extra.commit } : {}),
  };
  res.writeHead(200, headers);
  if (req.method === 'HEAD') return void res.end();
  const model = path === 'onnx/model.onnx';
  if (model && extra.fault === 'truncated') return cutOff(req, res, file.bytes, 1 / 2);
  if (model && extra.fault === 'dropped') return cutOff(req, res, file.bytes, 1 / 3);
  if (model && extra.fault === 'slow') return streamSlowly(res, file.bytes);
  if (path === 'tokenizer.json' && extra.fault === 'config-fails') return streamSlowly(res, file.bytes);
  if (model && extra.fault === 'gzip-truncated') return cutOff(req, res, body, 1 / 2);
  res.end(body);
}

interface TreeEntry {
  type: 'file' | 'directory';
  oid: string;
  size: number;
  path: string;
  lfs?: { oid: string; size: number; pointerSize: number };
}

/** The entries directly in folder ('' = repo root), or all below it when recursive; null: no such folder. */
async function treeEntries(
  repo: Repo,
  folder: string,
  recursive: boolean,
  fileOf: (source: Source) => Promise<StoredFile>,
): Promise<TreeEntry[] | null> {
  const prefix = folder === '' ? '' : `${folder}/`;
  const inFolder = (path: string): boolean =>
    path.startsWith(prefix) && (recursive || !path.slice(prefix.length).includes('/'));
  const directories = new Set<string>();
  for (const path of repo.files.keys()) {
    const parts = path.split('/');
    for (let depth = 1; depth < parts.length; depth++) directories.add(parts.slice(0, depth).join('/'));
  }
  if (folder !== '' && !directories.has(folder)) return null;
  const entries = [...directories]
    .filter(inFolder)
    .map((path): TreeEntry => ({ type: 'directory', oid: hex('sha1', `tree:${path}`), size: 0, path }));
  for (const [path, source] of repo.files) {
    if (!inFolder(path)) continue;
    const { bytes, sha1, sha256 } = await fileOf(source);
    const size = repo.listedSizes?.get(path) ?? bytes.byteLength;
    entries.push({
      type: 'file',
      oid: sha1,
      size,
      path,
      ...(isLfs(path) ? { lfs: { oid: sha256, size, pointerSize: 134 } } : {}),
    });
  }
  return entries;
}

/**
 * extraRepos: more repos ("owner/name" → a folder in the hub layout), e.g. the benchmark's synthetic
 * language model built into tmp/.
 */
export async function startHubServer(options: {
  root: string;
  port?: number;
  extraRepos?: Readonly<Record<string, string>>;
}): Promise<HubServer> {
  const { repos, folders } = buildRepos(options.root, options.extraRepos);
  const fileOf = fileCache();
  const requests: string[] = [];
  let offline = false;

  /** /__control/*: lets tests in another process (the e2e browser tests) drive the server over HTTP. */
  function control(req: IncomingMessage, res: ServerResponse, action: string | undefined): void {
    const cors = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' };
    switch (`${req.method ?? ''} ${action ?? ''}`) {
      case 'POST offline':
      case 'POST online':
        offline = action === 'offline';
        return send(res, 204, cors);
      case 'POST clear':
        requests.length = 0;
        return send(res, 204, cors);
      case 'GET requests':
        return sendJson(res, cors, requests);
      default:
        if (req.method === 'OPTIONS')
          return send(res, 204, { ...cors, 'Access-Control-Allow-Methods': 'GET, POST' });
        return send(res, 404, cors, 'Unknown control route');
    }
  }

  async function hubFile(req: IncomingMessage, res: ServerResponse, parts: string[]): Promise<void> {
    const api = parts[0] === 'api';
    const [owner, name, , revision, ...rest] = api ? parts.slice(2) : parts;
    const repo = repos.get(`${owner}/${name}`);
    const path = rest.join('/');
    if (!repo) return sendError(res, 404, 'RepoNotFound', 'Repository not found');
    const cors = repo.fault !== 'no-cors';
    if (req.method === 'OPTIONS') return send(res, 204, { ...baseHeaders(cors), ...(cors ? PREFLIGHT : {}) });
    if (repo.fault === 'private' || repo.fault === 'gated') {
      const { status, code, message } = DENIED[repo.fault];
      return sendError(res, status, code, message);
    }
    if (revision !== 'main')
      return sendError(res, 404, 'RevisionNotFound', `Invalid rev id: ${revision}`, cors);
    if (api) {
      const recursive = new URL(req.url ?? '/', 'http://hub').searchParams.get('recursive') === 'true';
      const entries = await treeEntries(repo, path, recursive, fileOf);
      if (!entries) return sendError(res, 404, 'EntryNotFound', 'Entry not found', cors);
      return sendJson(res, baseHeaders(cors), entries);
    }
    if (repo.fault === 'html-page')
      return send(res, 200, { ...baseHeaders(cors), 'Content-Type': 'text/html' }, LOGIN_PAGE);
    if (repo.fault === 'config-fails' && path === 'config.json')
      return sendError(res, 500, 'InternalError', 'Internal Error', cors);
    const source = repo.files.get(path);
    if (source === undefined) return sendError(res, 404, 'EntryNotFound', 'Entry not found', cors);
    const commit = hex('sha1', `${owner}/${name}`);
    await sendFile(req, res, path, await fileOf(source), {
      cors,
      commit,
      ...(repo.fault ? { fault: repo.fault } : {}),
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'http://hub').pathname;
    const parts = pathname.split('/').slice(1).map(decodeURIComponent);
    if (parts[0] === '__control') return control(req, res, parts[1]);
    requests.push(req.url ?? '/');
    if (offline) return void req.socket.destroy();
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method ?? ''))
      return send(res, 405, baseHeaders(true), 'Method not allowed');
    const isResolve = parts.length >= 5 && parts[2] === 'resolve';
    const isTree = parts.length >= 6 && parts[0] === 'api' && parts[1] === 'models' && parts[4] === 'tree';
    if (isResolve || isTree) return hubFile(req, res, parts);
    if (req.method === 'OPTIONS') return send(res, 204, { ...baseHeaders(true), ...PREFLIGHT });
    const filePath = parts.slice(2).join('/');
    const source = parts[0] === 'files' ? folders.get(parts[1] ?? '')?.get(filePath) : undefined;
    if (source !== undefined) return sendFile(req, res, filePath, await fileOf(source), { cors: true });
    send(res, 404, { ...baseHeaders(true), 'Content-Type': 'text/plain; charset=utf-8' }, 'Not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, baseHeaders(true), String(error));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    clearRequests: () => void (requests.length = 0),
    setOffline: (value) => void (offline = value),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections (Node's fetch, browsers) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
