import { describe, expect, it } from 'vitest';
import { adapterLimitProblem } from '../../../src/lib/bench/adapter-limits.ts';
import { unreliableReasons, type ReliabilityFacts } from '../../../src/lib/bench/reliability.ts';
import { summarizeLatencies } from '../../../src/lib/bench/statistics.ts';

const FACTS: ReliabilityFacts = {
  backend: 'wasm',
  threadsRequested: 2,
  threadsUsed: 2,
  stats: summarizeLatencies([10, 11, 12]),
  timerResolutionMs: 0.005,
  softwareAdapter: true,
  pageHidden: false,
  crossOriginIsolated: true,
};

describe('when timings are not meaningful', () => {
  it('finds nothing wrong with a clean WASM run', () => {
    expect(unreliableReasons(FACTS)).toEqual([]);
  });

  it('flags a software WebGPU adapter on WebGPU only', () => {
    expect(unreliableReasons({ ...FACTS, backend: 'webgpu' })[0]).toMatch(/^Software WebGPU adapter/);
  });

  it('flags a hidden tab, missing threads and a coarse timer', () => {
    const reasons = unreliableReasons({
      ...FACTS,
      pageHidden: true,
      threadsUsed: 1,
      crossOriginIsolated: false,
      timerResolutionMs: 1,
    });
    expect(reasons).toHaveLength(3);
    expect(reasons[0]).toMatch(/hidden/);
    expect(reasons[1]).toBe(
      'Asked for 2 WASM threads but ONNX Runtime used 1 (the page is not cross-origin isolated).',
    );
    expect(reasons[2]).toMatch(/under 20 timer steps/);
  });
});

describe('WebGPU adapter limits', () => {
  const limits = { maxBufferSize: 1000, maxStorageBufferBindingSize: 500 };
  it('let a model through when its largest weight fits', () => {
    expect(adapterLimitProblem({ largestTensorBytes: 500, largestTensorName: 'w' }, limits)).toBeNull();
    expect(
      adapterLimitProblem(
        { largestTensorBytes: 1e12, largestTensorName: 'w' },
        {
          maxBufferSize: null,
          maxStorageBufferBindingSize: null,
        },
      ),
    ).toBeNull();
  });

  it('say which weight and which limit when it does not', () => {
    expect(adapterLimitProblem({ largestTensorBytes: 501, largestTensorName: 'embeddings' }, limits)).toBe(
      "The weight embeddings needs 501 bytes in one GPU buffer, more than this adapter's maxStorageBufferBindingSize of 500 bytes.",
    );
  });
});
