// The environment facts recorded with every result: WebGPU adapter (vendor, architecture, fallback or
// software, features, key limits) and WebAssembly SIMD. Takes the browser objects as arguments so Node
// tests pass fakes.
import { summarizeAdapter, type GpuAdapterLike, type WebGpuStatus } from '../runtime/webgpu-probe.ts';
import type { WebGpuEnvironment } from './result-types.ts';

/** Limits that decide whether, and how fast, a model runs on an adapter. */
export const KEY_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
] as const;

export function describeWebGpu(adapter: GpuAdapterLike): WebGpuEnvironment {
  const summary = summarizeAdapter(adapter);
  const limits: Record<string, number> = {};
  for (const name of KEY_LIMITS) {
    const value = (adapter.limits as Record<string, unknown>)[name];
    if (typeof value === 'number') limits[name] = value;
  }
  return {
    available: true,
    vendor: summary.vendor,
    architecture: summary.architecture,
    description: summary.description,
    isFallbackAdapter: summary.isFallbackAdapter,
    isSoftware: summary.isSoftware,
    features: summary.features,
    limits,
  };
}

export function unavailableWebGpu(status: Extract<WebGpuStatus, { available: false }>): WebGpuEnvironment {
  return { available: false, reason: status.reason };
}

/** The smallest module using a SIMD instruction (v128 const + i8x16.popcnt), as wasm-feature-detect does. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98,
  11,
]);

export function detectSimd(validate: (bytes: Uint8Array<ArrayBuffer>) => boolean): boolean {
  try {
    return validate(SIMD_PROBE);
  } catch {
    return false;
  }
}
