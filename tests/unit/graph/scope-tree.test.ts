import { describe, expect, it } from 'vitest';
import {
  buildScopeTree,
  parametersByScope,
  scopeAncestry,
  scopeSegments,
} from '../../../src/lib/graph/index.ts';
import { decoded } from './graph-builders.ts';
import { bertNodeNames, chainFromNames, yoloNodeNames } from './scoped-models.ts';

describe('scope segments', () => {
  it('split exporter names into module paths', () => {
    const segments = (name: string, outputs: string[] = []) => scopeSegments({ name, outputs });
    expect(segments('/bert/encoder/layer.0/attention/self/query/MatMul')).toEqual([
      'bert',
      'encoder',
      'layer.0',
      'attention',
      'self',
      'query',
    ]);
    expect(segments('/model.2/cv1/conv/Conv')).toEqual(['model.2', 'cv1', 'conv']);
    expect(segments('StatefulPartitionedCall/model/conv1/Conv2D')).toEqual([
      'StatefulPartitionedCall',
      'model',
      'conv1',
    ]);
    expect(segments('Conv_0')).toEqual([]);
    expect(segments('', ['/encoder/Add_output_0'])).toEqual(['encoder']);
    expect(scopeAncestry('/a/b/c')).toEqual(['/a', '/a/b', '/a/b/c']);
  });
});

describe('buildScopeTree', () => {
  it('groups BERT-like names into bert/{embeddings,encoder/layer.N,pooler} and classifier', () => {
    const { ir } = decoded(chainFromNames(bertNodeNames(2)));
    const tree = buildScopeTree(ir);
    expect(tree.root.children.map((s) => s.path)).toEqual(['/bert', '/classifier']);
    expect(tree.byPath.get('/bert')?.children.map((s) => s.name)).toEqual([
      'embeddings',
      'encoder',
      'pooler',
    ]);
    expect(tree.byPath.get('/bert/encoder')?.children.map((s) => s.name)).toEqual(['layer.0', 'layer.1']);
    expect(tree.byPath.get('/bert/encoder/layer.1')?.totalNodeCount).toBe(14);
    expect(tree.byPath.get('/bert/encoder/layer.0/attention/self')?.nodeIds).toHaveLength(3);
    expect(tree.root.totalNodeCount).toBe(ir.nodes.length);
    expect(tree.scopeOfNode.get('n0')).toBe('/bert/embeddings/word_embeddings');
  });

  it('attributes each initializer to its readers and sums parameters up the tree', () => {
    const { ir } = decoded(chainFromNames(bertNodeNames(2)));
    const tree = buildScopeTree(ir);
    // 16 per weight: 1 embedding + 6 MatMul weights per layer + 2 Gemm.
    expect(tree.root.parameterCount).toBe(16 * (1 + 6 * 2 + 2));
    expect(tree.byPath.get('/bert/encoder/layer.0')?.parameterCount).toBe(16 * 6);
    expect(tree.byPath.get('/bert/encoder/layer.0/attention/self/query')?.parameterCount).toBe(16);
    expect(parametersByScope(tree, 1)).toEqual([
      { path: '/bert', parameterCount: 16 * 14, parameterBytes: 64 * 14 },
      { path: '/classifier', parameterCount: 16, parameterBytes: 64 },
    ]);
    expect(parametersByScope(tree, 3).map((row) => row.path)).toEqual([
      '/bert/encoder/layer.0',
      '/bert/encoder/layer.1',
      '/bert/embeddings/word_embeddings',
      '/bert/pooler/dense',
      '/classifier',
    ]);
  });

  it('groups YOLO-like names into model.N blocks with C2f bottlenecks', () => {
    const { ir } = decoded(chainFromNames(yoloNodeNames()));
    const tree = buildScopeTree(ir);
    expect(tree.root.children.map((s) => s.name)).toEqual([
      'model.0',
      'model.1',
      'model.2',
      'model.3',
      'model.4',
    ]);
    expect(tree.byPath.get('/model.4')?.children.map((s) => s.name)).toEqual(['cv1', 'm.0', 'm.1', 'cv2']);
    expect(tree.byPath.get('/model.4')?.nodeIds).toHaveLength(2);
    expect(tree.byPath.get('/model.4/m.1')?.totalNodeCount).toBe(7);
  });

  it('puts unscoped nodes at the root', () => {
    const { ir } = decoded(chainFromNames(['Conv_0', 'Relu_1']));
    const tree = buildScopeTree(ir);
    expect(tree.root.children).toEqual([]);
    expect(tree.root.nodeIds).toEqual(['n0', 'n1']);
  });
});
