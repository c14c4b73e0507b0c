// What the inspector says about ORT's fused kernels: the summary under Time per node and a node's line.
import { describe, expect, it } from 'vitest';
import type { FusedGroup, FusedReport } from '../../../src/lib/capture/fused-ops.ts';
import {
  fusedGroupsByNode,
  fusedNodeSentence,
  fusedSummaryLines,
} from '../../../src/lib/capture/fused-text.ts';

const group = (kernel: string, opType: string, ms: number, ids: string[]): FusedGroup => ({
  kernel,
  opType,
  ms,
  nodeIds: ids,
  nodeNames: ids.map((id) => `/ln/${id}`),
  how: 'name',
});

const NORM = group('/ln/Mul/LayerNormFusion/', 'LayerNormalization', 0.4, ['n1', 'n2', 'n3']);
const GELU = group('BiasGelu', 'BiasGelu', 0.2, ['n4', 'n5']);

function report(extra: Partial<FusedReport> = {}): FusedReport {
  return {
    groups: [NORM, GELU, { ...NORM, kernel: 'x/LayerNormFusion/', nodeIds: ['n6'] }],
    unmapped: [],
    removed: 0,
    fusedMs: 1,
    mappedMs: 1,
    unmappedMs: 0,
    sharedNameMs: 0,
    totalMs: 4,
    ...extra,
  };
}

describe('fusedSummaryLines', () => {
  it('says how much time ran fused, by op, and that all of it maps back', () => {
    expect(fusedSummaryLines(report())).toEqual([
      'ONNX Runtime fused nodes into 3 kernels (LayerNormalization ×2, BiasGelu): 1.00 ms of 4.00 ms (25 %).',
      'All of it mapped back to 6 graph nodes: each kernel’s time is on its group’s last node.',
    ]);
  });

  it('names what could not be mapped, and why when several places fit', () => {
    const lines = fusedSummaryLines(
      report({
        groups: [NORM],
        unmapped: [
          { kernel: 'BiasGelu_token_1', opType: 'BiasGelu', ms: 0.25, why: 'ambiguous' },
          { kernel: '<img src=x>', opType: 'Mystery', ms: 0.05, why: 'not-found' },
        ],
        fusedMs: 0.7,
        mappedMs: 0.4,
        unmappedMs: 0.3,
      }),
    );
    expect(lines[1]).toBe(
      '0.40 ms mapped back to 3 graph nodes: each kernel’s time is on its group’s last node. Not mapped ' +
        '(0.30 ms): BiasGelu_token_1 (BiasGelu, fits several places), <img src=x> (Mystery).',
    );
  });

  it('says when nothing maps back, and separates shared names and removed nodes from fusion', () => {
    const lines = fusedSummaryLines(
      report({
        groups: [],
        unmapped: [
          { kernel: 'Gelu_1', opType: 'Gelu', ms: 0.1, why: 'not-found' },
          { kernel: 'same', opType: 'Relu', ms: 0.5, why: 'shared-name' },
        ],
        removed: 56,
        fusedMs: 0.1,
        mappedMs: 0,
        unmappedMs: 0.1,
        sharedNameMs: 0.5,
      }),
    );
    expect(lines).toEqual([
      'ONNX Runtime fused nodes into 1 kernel (Gelu): 0.10 ms of 4.00 ms (3 %).',
      'None could be mapped back to the graph. Not mapped (0.10 ms): Gelu_1 (Gelu).',
      '1 timed name belongs to several nodes, so 0.50 ms is on no box: same.',
      '56 nodes did not run at all: ONNX Runtime folded or removed them before running.',
    ]);
  });

  it('lists the first few names of a long list, and how many more', () => {
    const unmapped = Array.from({ length: 1000 }, (_, i) => ({
      kernel: `k${i}`,
      opType: 'Gelu',
      ms: 0.001,
      why: 'not-found' as const,
    }));
    const [, line] = fusedSummaryLines(report({ groups: [], unmapped, unmappedMs: 1, fusedMs: 1 }));
    expect(line).toMatch(/k7 \(Gelu\) and 992 more\.$/);
    expect(line).not.toContain('k8 ');
  });

  it('is empty when ORT fused and removed nothing', () => {
    expect(fusedSummaryLines(report({ groups: [], fusedMs: 0, mappedMs: 0 }))).toEqual([]);
  });
});

describe('a node’s fused kernel', () => {
  it('the group’s last node carries the time; the others say where it is', () => {
    const byNode = fusedGroupsByNode(report());
    expect(byNode.get('n2')).toBe(NORM);
    expect(fusedGroupsByNode(null).size).toBe(0);
    expect(fusedNodeSentence(NORM, 'n3')).toBe(
      'This node ran as one fused kernel (LayerNormalization, 0.40 ms) with 3 nodes; the kernel’s time is shown on this node.',
    );
    expect(fusedNodeSentence(NORM, 'n1')).toBe(
      'Fused into LayerNormalization by ONNX Runtime: this node ran as one fused kernel (LayerNormalization, 0.40 ms) with 3 nodes; the kernel’s time is shown on /ln/n3.',
    );
  });
});
