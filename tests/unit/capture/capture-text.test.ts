import { describe, expect, it } from 'vitest';
import { captureLookup } from '../../../src/lib/capture/capture-lookup.ts';
import {
  captureFacts,
  comparisonSentence,
  formatDiff,
  timingSentence,
} from '../../../src/lib/capture/capture-text.ts';
import type { BackendComparison, CaptureResult } from '../../../src/lib/capture/capture-types.ts';

const MB = 1024 * 1024;

function comparison(first: boolean): BackendComparison {
  const agree = {
    name: 'a',
    producer: '/l0/MatMul',
    producerIndex: 0,
    maxAbsDiff: 2e-7,
    maxRelDiff: 1e-6,
    divergent: false,
  };
  const diverge = {
    name: 'b',
    producer: '/l1/Softmax',
    producerIndex: 1,
    maxAbsDiff: 0.03,
    maxRelDiff: 0.5,
    divergent: true,
  };
  return {
    reference: { captureId: 'r', backend: 'wasm' },
    other: { captureId: 'o', backend: 'webgpu' },
    tolerance: { atol: 1e-4, rtol: 1e-3 },
    values: first ? [agree, diverge] : [agree],
    firstDivergent: first ? diverge : null,
  };
}

describe('capture sentences', () => {
  it('names the first divergent node with its numbers and the tolerance', () => {
    expect(comparisonSentence(comparison(true))).toBe(
      'WASM (CPU) and WebGPU first disagree at /l1/Softmax: value b, max abs diff 0.03, max rel diff 0.5, beyond the tolerance (|a − b| ≤ 1.00e-4 + 0.001·|a|). 1 of 2 values diverge.',
    );
  });

  it('says the backends agree, with the largest difference', () => {
    expect(comparisonSentence(comparison(false))).toBe(
      'WASM (CPU) and WebGPU agree within the tolerance (|a − b| ≤ 1.00e-4 + 0.001·|a|) on all 1 compared values; the largest difference is 2.00e-7.',
    );
  });

  it('states what was captured against the budget, and a split capture', () => {
    const capture = {
      values: new Array(245).fill(null),
      skipped: [{ name: 's', producer: 'p', reason: 'inside a Loop body' }],
      chunks: 3,
      budgetBytes: 256 * MB,
      totalBytes: 300 * MB,
      keptBytes: 12.5 * MB,
    } as unknown as CaptureResult;
    expect(captureFacts(capture)).toBe(
      '245 values captured, 1 skipped · 12.5 MB kept of a 256.0 MB budget (300.0 MB in all). The run did not fit the budget at once, so it was captured block by block in 3 runs.',
    );
  });

  it('sums node times, names the slowest, and counts CPU fallbacks on WebGPU only', () => {
    const nodes = [
      { node: 'a', opType: 'Conv', ms: 3, provider: 'JsExecutionProvider' },
      { node: 'b', opType: 'Shape', ms: 0.5, provider: 'CPUExecutionProvider' },
    ];
    expect(timingSentence(nodes, 'webgpu')).toBe(
      '3.50 ms in 2 kernels on WebGPU; slowest: a (3.00 ms). 1 node ran on a CPU fallback (marked CPU).',
    );
    expect(timingSentence(nodes, 'wasm')).toBe('3.50 ms in 2 kernels on WASM (CPU); slowest: a (3.00 ms).');
    expect(timingSentence([], 'wasm')).toBe('The profiler reported no node times on WASM (CPU).');
    expect(timingSentence(nodes.slice(0, 1), 'wasm')).toMatch(/ in 1 kernel on WASM/);
  });

  it('formats differences compactly', () => {
    expect([0, 0.0312345, 1.5e-7, Number.NaN, Number.POSITIVE_INFINITY, 123456].map(formatDiff)).toEqual([
      '0',
      '0.0312',
      '1.50e-7',
      'NaN',
      '+∞',
      '1.23e+5',
    ]);
  });
});

describe('captureLookup', () => {
  it('indexes values, skipped values, divergences and node times (summed per name), with fallbacks', () => {
    const lookup = captureLookup(
      { values: [], skipped: [{ name: 's', producer: 'p', reason: 'a sequence value' }] },
      comparison(true),
      {
        backend: 'webgpu',
        nodes: [
          { node: 'n', opType: 'Conv', ms: 1, provider: 'JsExecutionProvider' },
          { node: 'n', opType: 'Conv', ms: 2, provider: 'JsExecutionProvider' },
          { node: 'm', opType: 'Shape', ms: 1, provider: 'CPUExecutionProvider' },
        ],
      },
    );
    expect(lookup.skipped.get('s')?.reason).toBe('a sequence value');
    expect(lookup.divergences.get('b')?.divergent).toBe(true);
    expect(lookup.timings.get('n')?.ms).toBe(3);
    expect([...lookup.fallback]).toEqual(['m']);
  });
});
