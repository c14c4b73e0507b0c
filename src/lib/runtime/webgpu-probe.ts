// Finds out whether WebGPU can run here, and if not, why — before ONNX Runtime is asked to use it.
// Takes navigator.gpu as an argument (structural types below), so Node tests can pass fakes.

export interface GpuAdapterInfoLike {
  vendor?: string;
  architecture?: string;
  description?: string;
  device?: string;
  isFallbackAdapter?: boolean;
}

export interface GpuAdapterLike {
  readonly features:
    ReadonlySet<string> | { has(name: string): boolean; forEach(cb: (v: string) => void): void };
  readonly limits: Record<string, unknown> | object;
  readonly info?: GpuAdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
}

export interface GpuLike {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<GpuAdapterLike | null>;
}

export interface WebGpuAdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
  /** A software rasteriser (SwiftShader, llvmpipe, WARP): correct results, meaningless speed. */
  isSoftware: boolean;
  features: string[];
  maxBufferSize: number | null;
  maxStorageBufferBindingSize: number | null;
}

export type WebGpuStatus =
  { available: true; adapter: WebGpuAdapterSummary } | { available: false; reason: string; remedy: string };

const SOFTWARE_ADAPTERS = /swiftshader|llvmpipe|lavapipe|softpipe|warp|basic render/i;

function numericLimit(limits: object, name: string): number | null {
  const value = (limits as Record<string, unknown>)[name];
  return typeof value === 'number' ? value : null;
}

export function summarizeAdapter(adapter: GpuAdapterLike): WebGpuAdapterSummary {
  const info = adapter.info ?? {};
  const features: string[] = [];
  adapter.features.forEach((feature) => features.push(feature));
  const vendor = info.vendor ?? '';
  const architecture = info.architecture ?? '';
  const description = info.description ?? '';
  const isFallbackAdapter = info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
  return {
    vendor,
    architecture,
    description,
    isFallbackAdapter,
    isSoftware: isFallbackAdapter || SOFTWARE_ADAPTERS.test(`${vendor} ${architecture} ${description}`),
    features: features.sort(),
    maxBufferSize: numericLimit(adapter.limits, 'maxBufferSize'),
    maxStorageBufferBindingSize: numericLimit(adapter.limits, 'maxStorageBufferBindingSize'),
  };
}

export async function probeWebGpu(gpu: GpuLike | undefined, isSecureContext: boolean): Promise<WebGpuStatus> {
  if (!gpu) {
    return {
      available: false,
      reason: isSecureContext
        ? 'This browser has no WebGPU (navigator.gpu is missing).'
        : 'WebGPU needs a secure context (https or localhost), and this page is not one.',
      remedy: isSecureContext
        ? 'Use WASM, or a browser with WebGPU enabled (Chrome/Edge 113+, or a flag such as --enable-unsafe-webgpu).'
        : 'Open the page over https or on localhost, or use WASM.',
    };
  }
  let adapter: GpuAdapterLike | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return {
      available: false,
      reason: `Asking the browser for a GPU adapter failed: ${error instanceof Error ? error.message : String(error)}`,
      remedy: 'Use WASM; check that hardware acceleration is on in the browser settings.',
    };
  }
  if (!adapter) {
    return {
      available: false,
      reason: 'The browser has WebGPU but offered no GPU adapter (the GPU may be blocklisted or disabled).',
      remedy: 'Use WASM; check chrome://gpu, or turn on hardware acceleration in the browser settings.',
    };
  }
  return { available: true, adapter: summarizeAdapter(adapter) };
}
