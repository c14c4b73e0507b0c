import { describe, expect, it } from 'vitest';
import { buildScopeTree, findRepeatedBlocks } from '../../../src/lib/graph/index.ts';
import { decoded } from './graph-builders.ts';
import { bertNodeNames, chainFromNames, yoloNodeNames } from './scoped-models.ts';

describe('findRepeatedBlocks', () => {
  it('finds the identical BERT layers, and not their identical sub-scopes again', () => {
    const { ir } = decoded(chainFromNames(bertNodeNames(3)));
    const groups = findRepeatedBlocks(ir, buildScopeTree(ir));
    expect(groups).toHaveLength(1);
    expect(groups[0]?.memberPaths).toEqual([
      '/bert/encoder/layer.0',
      '/bert/encoder/layer.1',
      '/bert/encoder/layer.2',
    ]);
    expect(groups[0]?.nodesPerBlock).toBe(14);
    expect(groups[0]?.opTypes.slice(0, 3)).toEqual(['MatMul', 'MatMul', 'MatMul']);
  });

  it('finds repeated YOLO bottlenecks and conv blocks across different parents', () => {
    const { ir } = decoded(chainFromNames(yoloNodeNames()));
    const groups = findRepeatedBlocks(ir, buildScopeTree(ir));
    const memberLists = groups.map((group) => group.memberPaths);
    expect(memberLists).toContainEqual(['/model.2/m.0', '/model.4/m.0', '/model.4/m.1']);
    expect(memberLists).toContainEqual([
      '/model.0',
      '/model.1',
      '/model.2/cv1',
      '/model.2/cv2',
      '/model.3',
      '/model.4/cv1',
      '/model.4/cv2',
    ]);
  });

  it('does not report blocks whose op sequence differs', () => {
    const { ir } = decoded(
      chainFromNames(['/a/x/Relu', '/a/y/Sigmoid', '/a/z/Tanh', '/b/x/Relu', '/b/y/Tanh', '/b/z/Sigmoid']),
    );
    expect(findRepeatedBlocks(ir, buildScopeTree(ir))).toEqual([]);
  });
});
