// The page's side of a result's environment: user agent, cores, cross-origin isolation and the WebGPU
// adapter as this browser offers it (the worker adds timer resolution, SIMD and the ORT version).
import { describeWebGpu, unavailableWebGpu } from '../../lib/bench/environment.ts';
import { probeWebGpu, type GpuAdapterLike, type GpuLike } from '../../lib/runtime/webgpu-probe.ts';
import type { PageEnvironment } from './bench-runner.ts';

export async function capturePageEnvironment(runner: 'app' | 'cli'): Promise<PageEnvironment> {
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  const status = await probeWebGpu(gpu, isSecureContext);
  let webgpu = status.available ? null : unavailableWebGpu(status);
  if (!webgpu && gpu) {
    // The probe summarizes; ask again for the adapter itself to read its full limits.
    const adapter: GpuAdapterLike | null = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    webgpu = adapter ? describeWebGpu(adapter) : { available: false, reason: 'The adapter went away.' };
  }
  return {
    runner,
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency || 1,
    crossOriginIsolated,
    webgpu: webgpu ?? { available: false, reason: 'No WebGPU.' },
    build: import.meta.env.PROD ? 'production' : 'development',
  };
}
