// Result files as a class would hand them in: valid lab exports from several devices (cores, GPU
// adapter, browser) and models, plus the malformed ones a teacher will get (not JSON, another file,
// a stale version, a broken field, an empty file, a duplicate). Built from the unit fixture, which goes
// through the lab's own assembly code, so every "valid" file passes the real schema.
import { sampleResult } from '../unit/bench/result-fixture.ts';
import type { BenchResult, WebGpuEnvironment } from '../../src/lib/bench/result-types.ts';

export interface ResultFile {
  name: string;
  text: string;
  /** Why it must be refused; absent for a valid file. */
  bad?: string;
}

const SWIFTSHADER: WebGpuEnvironment = {
  available: true,
  vendor: 'google',
  architecture: 'swiftshader',
  description: '',
  isFallbackAdapter: true,
  isSoftware: true,
  features: [],
  limits: {},
};
const NVIDIA: WebGpuEnvironment = {
  available: true,
  vendor: 'nvidia',
  architecture: 'ampere',
  description: 'NVIDIA GeForce RTX 3060',
  isFallbackAdapter: false,
  isSoftware: false,
  features: ['shader-f16'],
  limits: {},
};
const NO_GPU: WebGpuEnvironment = { available: false, reason: 'No WebGPU in this browser.' };

export const CLASS_DEVICES = [
  {
    cores: 8,
    webgpu: NVIDIA,
    ua: 'Mozilla/5.0 (Windows NT 10.0) Chrome/156.0.0.0 Safari/537.36',
    gpuMs: 0.5,
  },
  {
    cores: 4,
    webgpu: SWIFTSHADER,
    ua: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.0.0 Safari/537.36',
    gpuMs: 300,
  },
  {
    cores: 2,
    webgpu: NO_GPU,
    ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
    gpuMs: null,
  },
] as const;

const MODELS = [
  { id: 'tiny-sentiment-bert', name: 'Tiny sentiment BERT', sha: 'ab', ms: 4 },
  { id: 'nanodet', name: 'NanoDet', sha: 'cd', ms: 120 },
] as const;

/** A valid result of one participant: device d, model m, with medians scaled by the device's cores. */
export function participantResult(index: number, d: number, m: number): BenchResult {
  const device = CLASS_DEVICES[d % CLASS_DEVICES.length]!;
  const model = MODELS[m % MODELS.length]!;
  const base = sampleResult();
  const one = model.ms * (1 + (index % 3) * 0.1);
  const many = one / Math.min(4, device.cores / 2 + 1);
  const backends = base.backends
    .filter((b) => device.webgpu.available || b.backend !== 'webgpu')
    .map((b) => {
      const median =
        b.key === 'wasm-1' ? one : b.backend === 'wasm' ? many : (device.gpuMs ?? 1) * (model.ms / 4);
      const threads = b.backend === 'wasm' && b.key !== 'wasm-1' ? Math.min(4, device.cores) : b.threadsUsed;
      const stats = b.stats ? { ...b.stats, medianMs: median, minMs: median * 0.9, meanMs: median } : null;
      return { ...b, threadsRequested: threads ?? b.threadsRequested, threadsUsed: threads, stats };
    });
  return {
    ...base,
    id: `class-${index}`,
    model: { ...base.model, id: model.id, name: model.name, sha256: model.sha.repeat(32) },
    environment: {
      ...base.environment,
      hardwareConcurrency: device.cores,
      userAgent: device.ua,
      webgpu: device.webgpu,
    },
    backends,
    comparisons: [],
    correctness: [],
  };
}

/** count files: most valid (cycling devices and models), with malformed ones among them. */
export function classResultFiles(count = 30): ResultFile[] {
  const files: ResultFile[] = [];
  for (let i = 0; i < count; i++) {
    const result = participantResult(i, i % 3, Math.floor(i / 3) % 2);
    files.push({ name: `participant-${String(i + 1).padStart(2, '0')}.json`, text: JSON.stringify(result) });
  }
  // Replace a few with what goes wrong in a real room, each at a known place.
  const bad: Array<[number, string, string]> = [
    [4, '{"schema": "glassbox-bench-result", "version": 1, ', 'is not JSON'],
    [9, JSON.stringify({ hello: 'a model card, not a result' }), 'is not a Glassbox benchmark result'],
    [14, JSON.stringify({ ...participantResult(14, 0, 0), version: 2 }), 'is a version 2 result'],
    [
      19,
      JSON.stringify({ ...participantResult(19, 1, 1), durationMs: -5 }),
      'does not match the lab’s result format: $.durationMs: below 0',
    ],
    [24, '', 'is empty'],
    [29, JSON.stringify(participantResult(0, 0, 0)), 'is the same result as participant-01.json'],
  ];
  for (const [at, text, why] of bad) {
    if (at < count)
      files[at] = { name: `participant-${String(at + 1).padStart(2, '0')}.json`, text, bad: why };
  }
  return files;
}
