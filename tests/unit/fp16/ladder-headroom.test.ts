// The ladder's fp16 headroom figure: nodes past float16's range (65,504) and below its smallest normal
// (2^-14) counted from a reference run's summaries, the first and the worst named, constants left out,
// the fp16 variant's float32-kept ops said, and the least headroom per block.
import { describe, expect, it } from 'vitest';
import type { CapturedValueSummary } from '../../../src/lib/capture/capture-types.ts';
import {
  formatHeadroom,
  headroomByBlock,
  headroomSentence,
  keptFlagged,
  ladderHeadroom,
} from '../../../src/lib/fp16/ladder-headroom.ts';

function summary(
  name: string,
  producer: string,
  index: number,
  opType: string,
  maxAbs: number,
): CapturedValueSummary {
  return {
    name,
    producer,
    producerIndex: index,
    producerOpType: opType,
    dtype: 'float32',
    shape: [4],
    elementCount: 4,
    bytes: 16,
    min: -maxAbs,
    max: maxAbs,
    mean: 0,
    std: 0,
    meanAbs: 0,
    zeroShare: 0,
    nanCount: 0,
    infCount: 0,
    histogram: { min: -maxAbs, max: maxAbs, counts: [] },
    kept: true,
  };
}

const values = [
  summary('eps', '/c/Constant', 0, 'Constant', 1e-12),
  summary('mask', '/c/Constant_1', 1, 'Constant', 3.4e38),
  summary('a', '/l0/MatMul', 2, 'MatMul', 12),
  summary('b', '/l0/Pow', 3, 'Pow', 65504),
  summary('c', '/l0/Mul', 4, 'Mul', 65510),
  summary('d', '/l1/Exp', 5, 'Exp', 1e6),
  summary('e', '/l1/Div', 6, 'Div', 3e-5),
  summary('f', '/l1/Resize', 7, 'Resize', 2),
  summary('z', '/l1/Zero', 8, 'Mul', 0),
];

describe('ladderHeadroom', () => {
  it('counts computed nodes past the range and below the smallest normal, leaving constants out', () => {
    const headroom = ladderHeadroom(values);
    expect(headroom.constants).toBe(2);
    expect(headroom.nodes.map((n) => n.node)).not.toContain('/c/Constant');
    // 65,504 itself fits; 65,510 saturates to 65,504; 1e6 overflows.
    expect(headroom.exceeding).toBe(2);
    expect(headroom.firstExceeding).toBe('/l0/Mul');
    expect(headroom.worst).toMatchObject({ node: '/l1/Exp', opType: 'Exp' });
    expect(headroom.worst?.headroomBits).toBeCloseTo(Math.log2(65504 / 1e6), 9);
    // Without kept tensors: a node whose every non-zero |x| is under 2^-14; all zeros is not "below".
    expect(headroom.belowNormal).toBe(1);
    expect(headroom.nodes.find((n) => n.node === '/l1/Div')?.belowNormal).toBe(true);
    expect(headroom.nodes.find((n) => n.node === '/l1/Zero')?.belowNormal).toBe(false);
  });

  it('uses the subnormal share when the tensors are kept', () => {
    const tensors = new Map([
      ['a', [1e-5, 1, 2, 3]],
      ['e', [1e-3, 1e-3, 1e-3, 3e-5]],
    ]);
    const headroom = ladderHeadroom(values, tensors);
    expect(headroom.nodes.find((n) => n.node === '/l0/MatMul')).toMatchObject({
      subnormalShare: 0.25,
      belowNormal: true,
    });
    expect(headroom.nodes.find((n) => n.node === '/l1/Div')?.subnormalShare).toBe(0.25);
    expect(headroom.belowNormal).toBe(2);
  });

  it('says which nodes the real fp16 variant keeps in float32', () => {
    const headroom = ladderHeadroom(values);
    expect(headroom.nodes.filter((n) => n.keptFloat32).map((n) => n.node)).toEqual(['/l1/Resize']);
    expect(
      ladderHeadroom(values, undefined, ['Exp']).nodes.find((n) => n.node === '/l1/Exp')?.keptFloat32,
    ).toBe(true);
  });

  it('has no figure to name on a run without float values', () => {
    expect(ladderHeadroom([])).toMatchObject({
      exceeding: 0,
      belowNormal: 0,
      firstExceeding: null,
      worst: null,
    });
  });
});

describe('formatHeadroom', () => {
  it.each([
    [{ headroomBits: -3.9, flags: ['overflow'] as const }, 'overflows'],
    [{ headroomBits: -0.0001, flags: ['saturates'] as const }, 'saturates at 65,504'],
    [{ headroomBits: 12.34, flags: [] as const }, '12.3 bits'],
    [{ headroomBits: Infinity, flags: [] as const }, 'all zero'],
  ])('%j → %s', (node, text) => {
    expect(formatHeadroom({ ...node, flags: [...node.flags] })).toBe(text);
  });
});

describe('headroomByBlock', () => {
  it('keeps the tightest node of each block and its ancestors', () => {
    const nodes = [
      { producerIndex: 2, headroomBits: 12, flags: [] },
      { producerIndex: 3, headroomBits: 2, flags: [] },
      { producerIndex: 5, headroomBits: -4, flags: ['overflow' as const] },
      { producerIndex: 9, headroomBits: 1, flags: [] },
    ];
    const scopes = new Map([
      [2, '/enc/l0'],
      [3, '/enc/l0'],
      [5, '/enc/l1'],
      [9, ''],
    ]);
    const blocks = headroomByBlock(nodes, scopes);
    expect(blocks.get('/enc/l0')?.headroomBits).toBe(2);
    expect(blocks.get('/enc/l1')?.headroomBits).toBe(-4);
    expect(blocks.get('/enc')?.headroomBits).toBe(-4);
    expect(blocks.get('')?.headroomBits).toBe(1);
  });
});

describe('headroomSentence and keptFlagged', () => {
  it('gives the counts, the first past the range and the least room', () => {
    expect(headroomSentence(ladderHeadroom(values))).toBe(
      "2 nodes exceed fp16's range (65,504), 1 falls below its smallest normal (6.1e-5), of 7 computed. " +
        'The first past the range: /l0/Mul. The least room: /l1/Exp (Exp), 3.9 bits past the top.',
    );
    expect(headroomSentence(ladderHeadroom(values.slice(2, 3)))).toBe(
      "0 nodes exceed fp16's range (65,504), 0 fall below its smallest normal (6.1e-5), of 1 computed. " +
        'The least room: /l0/MatMul (MatMul), 12.4 bits under the top.',
    );
  });

  it('names flagged nodes the fp16 variant keeps in float32', () => {
    expect(keptFlagged(ladderHeadroom(values, undefined, ['Exp', 'MatMul'])).map((n) => n.node)).toEqual([
      '/l1/Exp',
    ]);
  });
});
