import { describe, expect, it } from 'vitest';
import { probeWebGpu, type GpuAdapterLike } from '../../../src/lib/runtime/webgpu-probe.ts';

function adapter(info: GpuAdapterLike['info'], features: string[] = []): GpuAdapterLike {
  return { features: new Set(features), limits: { maxBufferSize: 1 << 30 }, info };
}

describe('probeWebGpu', () => {
  it('explains a missing navigator.gpu, and an insecure context', async () => {
    const noGpu = await probeWebGpu(undefined, true);
    if (noGpu.available) throw new Error('expected unavailable');
    expect(noGpu.reason).toContain('navigator.gpu');
    const insecure = await probeWebGpu(undefined, false);
    if (insecure.available) throw new Error('expected unavailable');
    expect(insecure.reason).toContain('secure context');
  });

  it('explains a browser that offers no adapter', async () => {
    const status = await probeWebGpu({ requestAdapter: async () => null }, true);
    if (status.available) throw new Error('expected unavailable');
    expect(status.reason).toContain('no GPU adapter');
  });

  it('explains an adapter request that throws', async () => {
    const status = await probeWebGpu({ requestAdapter: () => Promise.reject(new Error('boom')) }, true);
    if (status.available) throw new Error('expected unavailable');
    expect(status.reason).toContain('boom');
  });

  it('flags SwiftShader as a software adapter and lists features', async () => {
    const status = await probeWebGpu(
      {
        requestAdapter: async () =>
          adapter({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true }, [
            'timestamp-query',
          ]),
      },
      true,
    );
    if (!status.available) throw new Error('expected available');
    expect(status.adapter).toMatchObject({
      vendor: 'google',
      isSoftware: true,
      features: ['timestamp-query'],
      maxBufferSize: 1 << 30,
    });
  });

  it('does not flag a hardware adapter', async () => {
    const status = await probeWebGpu(
      { requestAdapter: async () => adapter({ vendor: 'nvidia', architecture: 'hopper' }, ['shader-f16']) },
      true,
    );
    if (!status.available) throw new Error('expected available');
    expect(status.adapter.isSoftware).toBe(false);
  });
});
