// The class results board: many participants' lab results, grouped by device (CPU cores, GPU adapter,
// browser) and model, with the three medians that answer "is WebGPU faster here?": WASM on 1 thread,
// WASM on several threads, and WebGPU. A software adapter's WebGPU (SwiftShader and the like) is marked,
// because its figure times a CPU, not a GPU. Pure: the page and the tests feed it checked results.
import { percentile } from './statistics.ts';
import type { BackendResult, BenchResult } from './result-types.ts';

/** One device as the board tells devices apart. */
export interface BoardDevice {
  key: string;
  cores: number;
  /** "NVIDIA ampere", "google swiftshader", or "no WebGPU". */
  gpu: string;
  /** The adapter is a software rasteriser: its WebGPU times say nothing about a GPU. */
  softwareGpu: boolean;
  /** "Chrome 156", "Firefox 140", or "unknown browser". */
  browser: string;
}

/** One median of the board: the median of the participants' medians when several ran the same thing. */
export interface BoardCell {
  medianMs: number;
  /** How many results gave a figure for this cell. */
  results: number;
  /** Threads ONNX Runtime used (the largest seen, for the several-threads column). */
  threads: number;
}

export interface BoardRow {
  device: BoardDevice;
  modelKey: string;
  modelName: string;
  wasm1: BoardCell | null;
  wasmN: BoardCell | null;
  webgpu: BoardCell | null;
  /** Results behind this row. */
  results: number;
  /** Configurations that were asked for and did not give a figure ("WebGPU failed in 2 results"). */
  notes: string[];
}

export interface ClassBoard {
  rows: BoardRow[];
  devices: BoardDevice[];
  models: Array<{ key: string; name: string }>;
}

/** Browser and major version from a user agent; the order matters (Edge and Opera also say Chrome). */
export function browserOf(userAgent: string): string {
  const patterns: Array<[RegExp, string]> = [
    [/Edg\/(\d+)/, 'Edge'],
    [/OPR\/(\d+)/, 'Opera'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/(?:Headless)?Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
    [/Version\/(\d+)[\d.]* .*Safari\//, 'Safari'],
  ];
  for (const [pattern, name] of patterns) {
    const match = pattern.exec(userAgent);
    if (match) return `${name} ${match[1]}`;
  }
  return 'unknown browser';
}

export function deviceOf(result: BenchResult): BoardDevice {
  const env = result.environment;
  const webgpu = env.webgpu;
  const gpu = webgpu.available
    ? [webgpu.vendor, webgpu.architecture].filter(Boolean).join(' ') ||
      webgpu.description ||
      'unnamed adapter'
    : 'no WebGPU';
  const softwareGpu = webgpu.available && webgpu.isSoftware;
  const browser = browserOf(env.userAgent);
  const cores = env.hardwareConcurrency;
  return { key: JSON.stringify([cores, gpu, softwareGpu, browser]), cores, gpu, softwareGpu, browser };
}

/** A model is its id and its file's hash: two files under one id are two rows. */
function modelKeyOf(result: BenchResult): string {
  return `${result.model.id}@${result.model.sha256}`;
}

function okMedian(backend: BackendResult | undefined): number | null {
  return backend && backend.status === 'ok' && backend.stats ? backend.stats.medianMs : null;
}

/** The three backends the board compares, from one result (plain configurations only, no variants). */
export function boardFigures(result: BenchResult): {
  wasm1: { medianMs: number; threads: number } | null;
  wasmN: { medianMs: number; threads: number } | null;
  webgpu: { medianMs: number; threads: number } | null;
  missing: string[];
} {
  const plain = result.backends.filter((b) => b.key === 'webgpu' || /^wasm-\d+$/.test(b.key));
  const one = plain.find((b) => b.key === 'wasm-1');
  // Several threads: the plain WASM configuration that really ran on the most threads (a page that is
  // not cross-origin isolated asks for 4 and gets 1: that is not a several-threads figure).
  const many = plain
    .filter((b) => b.backend === 'wasm' && (b.threadsUsed ?? b.threadsRequested) > 1)
    .sort((a, b) => (b.threadsUsed ?? b.threadsRequested) - (a.threadsUsed ?? a.threadsRequested))[0];
  const gpu = plain.find((b) => b.key === 'webgpu');
  const figure = (b: BackendResult | undefined) => {
    const median = okMedian(b);
    return b && median !== null ? { medianMs: median, threads: b.threadsUsed ?? b.threadsRequested } : null;
  };
  const missing = [one, many, gpu]
    .filter((b): b is BackendResult => b !== undefined && okMedian(b) === null)
    .map((b) => `${b.label} ${b.status}`);
  return { wasm1: figure(one), wasmN: figure(many), webgpu: figure(gpu), missing };
}

function cellOf(figures: Array<{ medianMs: number; threads: number } | null>): BoardCell | null {
  const present = figures.filter((f): f is { medianMs: number; threads: number } => f !== null);
  if (present.length === 0) return null;
  return {
    medianMs: percentile(
      present.map((f) => f.medianMs),
      50,
    ),
    results: present.length,
    threads: Math.max(...present.map((f) => f.threads)),
  };
}

function countNotes(notes: string[]): string[] {
  const counts = new Map<string, number>();
  for (const note of notes) counts.set(note, (counts.get(note) ?? 0) + 1);
  return [...counts].map(([note, n]) => (n === 1 ? `${note} in 1 result` : `${note} in ${n} results`));
}

/** Groups checked results into one row per device and model, devices then models in a stable order. */
export function buildClassBoard(results: readonly BenchResult[]): ClassBoard {
  const groups = new Map<
    string,
    { device: BoardDevice; modelKey: string; modelName: string; items: BenchResult[] }
  >();
  const modelNames = new Map<string, string>();
  for (const result of results) {
    const device = deviceOf(result);
    const modelKey = modelKeyOf(result);
    if (!modelNames.has(modelKey)) modelNames.set(modelKey, result.model.name);
    const key = `${device.key}\u0000${modelKey}`;
    const group = groups.get(key) ?? { device, modelKey, modelName: result.model.name, items: [] };
    group.items.push(result);
    groups.set(key, group);
  }
  // Two files of one model id with different hashes get the hash's start, so the rows can be told apart.
  const idCount = new Map<string, number>();
  for (const key of modelNames.keys()) {
    const id = key.slice(0, key.lastIndexOf('@'));
    idCount.set(id, (idCount.get(id) ?? 0) + 1);
  }
  const displayName = (key: string): string => {
    const id = key.slice(0, key.lastIndexOf('@'));
    const name = modelNames.get(key) ?? id;
    return (idCount.get(id) ?? 0) > 1
      ? `${name} (${key.slice(key.lastIndexOf('@') + 1, key.lastIndexOf('@') + 9)})`
      : name;
  };
  const rows: BoardRow[] = [...groups.values()].map((group) => {
    const figures = group.items.map(boardFigures);
    return {
      device: group.device,
      modelKey: group.modelKey,
      modelName: displayName(group.modelKey),
      wasm1: cellOf(figures.map((f) => f.wasm1)),
      wasmN: cellOf(figures.map((f) => f.wasmN)),
      webgpu: cellOf(figures.map((f) => f.webgpu)),
      results: group.items.length,
      notes: countNotes(figures.flatMap((f) => f.missing)),
    };
  });
  rows.sort(
    (a, b) =>
      compareDevices(a.device, b.device) ||
      a.modelName.localeCompare(b.modelName) ||
      a.modelKey.localeCompare(b.modelKey),
  );
  const devices: BoardDevice[] = [];
  for (const row of rows) if (!devices.some((d) => d.key === row.device.key)) devices.push(row.device);
  const models = [...modelNames.keys()]
    .map((key) => ({ key, name: displayName(key) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
  return { rows, devices, models };
}

/** Hardware GPUs first, then software adapters, then none; then more cores first; then browser. */
function compareDevices(a: BoardDevice, b: BoardDevice): number {
  const rank = (d: BoardDevice) => (d.gpu === 'no WebGPU' ? 2 : d.softwareGpu ? 1 : 0);
  return (
    rank(a) - rank(b) || b.cores - a.cores || a.gpu.localeCompare(b.gpu) || a.browser.localeCompare(b.browser)
  );
}

/** WebGPU against the faster WASM column: above 1 means WebGPU is faster. null when either is missing. */
export function webgpuSpeedup(row: BoardRow): number | null {
  const wasm = [row.wasm1, row.wasmN].filter((c): c is BoardCell => c !== null);
  if (!row.webgpu || wasm.length === 0 || row.webgpu.medianMs <= 0) return null;
  return Math.min(...wasm.map((c) => c.medianMs)) / row.webgpu.medianMs;
}
