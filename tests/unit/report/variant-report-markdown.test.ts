// The issue text of a report on two variants (the precision ladder): it names both variants (hostile
// file names kept inside code spans), the other's own name and op for the value, the SNR verdict — the
// first node under the threshold, or the worst when none is — and one execution provider for both.
import { describe, expect, it } from 'vitest';
import { reportMarkdown } from '../../../src/lib/report/report-markdown.ts';
import type { ReportFacts } from '../../../src/lib/report/report-types.ts';

function facts(past: boolean): ReportFacts {
  return {
    createdAt: '2026-12-07T17:00:00.000Z',
    source: {
      kind: 'hub',
      label: 'glassbox/m',
      hubId: 'glassbox/m',
      revision: 'main',
      file: 'onnx/model.onnx',
      sha256: 'ab'.repeat(32),
      bytes: 10,
    },
    environment: {
      ortVersion: '1.30.0',
      reference: 'wasm',
      other: 'wasm',
      adapter: null,
      userAgent: 'Chrome',
      platform: 'Linux',
    },
    node: {
      name: '/enc/MatMul',
      opType: 'MatMul',
      domain: '',
      index: 7,
      attributes: [],
      inputs: ['x', 'w'],
      outputs: ['h'],
    },
    divergence: {
      value: 'h',
      maxAbsDiff: 0.5,
      maxRelDiff: 0.25,
      tolerance: { atol: 1e-4, rtol: 1e-3 },
      divergent: past,
      worst: { index: 2, reference: 2, other: 2.5 },
      head: { reference: [1, 2], other: [1, 2.5] },
    },
    variants: {
      reference: 'float32 (as loaded)',
      other: 'evil`\n### q4.onnx',
      otherValue: 'h_q',
      otherOpType: 'MatMulNBits',
      snrDb: 12.25,
      thresholdDb: 20,
      past,
      otherSha256: 'cd'.repeat(32),
      otherBytes: 5,
    },
    modelInputs: [],
    cut: { path: 'node/model.onnx', feeds: [], embedded: [], expected: { reference: [], variant: [] } },
  };
}

describe('the issue text of two variants', () => {
  it('names both variants, the other’s value and op, and the first node under the threshold', () => {
    const text = reportMarkdown(facts(true));
    expect(text.split('\n')[0]).toBe(
      "# [Web] two variants of one model disagree (`evil'\uFFFD### q4.onnx` against `float32 (as loaded)`, wasm) on MatMul node `/enc/MatMul`",
    );
    expect(text).not.toMatch(/^### q4/m);
    expect(text).toContain('falls under 20 dB: 12.25 dB');
    expect(text).toContain('this value is `h_q`, computed by op `MatMulNBits`');
    expect(text).toContain(`sha256 \`${'cd'.repeat(32)}\``);
    expect(text).toContain('flat index 2: `float32 (as loaded)` 2,');
    expect(text).toContain("'wasm'/'cpu' (WebAssembly CPU), for both variants");
    for (const field of [
      'Describe the issue',
      'To reproduce',
      'Urgency',
      'ONNX Runtime Version or Commit ID',
    ])
      expect(text).toContain(`### ${field}`);
  });

  it('says when the node is the worst and none fell under the threshold', () => {
    expect(reportMarkdown(facts(false))).toContain(
      'has the lowest signal-to-noise ratio of the run, 12.25 dB; no computed value fell under 20 dB',
    );
  });
});
