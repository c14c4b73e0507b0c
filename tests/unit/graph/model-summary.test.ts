import { describe, expect, it } from 'vitest';
import { summarizeTensor } from '../../../src/lib/onnx/index.ts';
import { summarizeModel } from '../../../src/lib/graph/index.ts';
import { FLOAT, floatTensor, node, rawTensor, valueInfo } from '../onnx/model-builders.ts';
import { decoded } from './graph-builders.ts';
import { bertNodeNames, chainFromNames } from './scoped-models.ts';

describe('summarizeModel', () => {
  it('reports metadata, signature, counts and parameters equal to the sum of initializer sizes', () => {
    const { model, ir } = decoded(
      {
        node: [
          node('MatMul', ['x', 'W'], ['h'], { name: '/fc1/MatMul' }),
          node('Add', ['h', 'b'], ['h2'], { name: '/fc1/Add' }),
          node('Relu', ['h2'], ['h3'], { name: '/act/Relu' }),
          node('MatMul', ['h3', 'W2'], ['y'], { name: '/fc2/MatMul' }),
        ],
        initializer: [
          floatTensor('W', [4, 8], new Array(32).fill(1)),
          floatTensor('b', [8], new Array(8).fill(0)),
          rawTensor('W2', 'float16', [8, 2], new Uint16Array(16)),
        ],
        input: [valueInfo('x', FLOAT, ['batch', 4])],
        output: [valueInfo('y', FLOAT, ['batch', 2])],
      },
      {
        metadata_props: [{ key: 'license', value: 'MIT' }],
        producer_name: 'pytorch',
        producer_version: '2.1',
      },
    );
    const summary = summarizeModel(model, ir);
    const expectedParameters = model.graph.initializers.reduce(
      (sum, t) => sum + summarizeTensor(t).elementCount,
      0,
    );
    expect(summary.parameterCount).toBe(expectedParameters);
    expect(summary.parameterCount).toBe(32 + 8 + 16);
    expect(summary.parameterBytes).toBe(32 * 4 + 8 * 4 + 16 * 2);
    expect(summary).toMatchObject({
      irVersion: 8,
      opsetImports: [{ domain: '', version: 17 }],
      producerName: 'pytorch',
      producerVersion: '2.1',
      metadataProps: [{ key: 'license', value: 'MIT' }],
      inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 4] }],
      outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 2] }],
      nodeCount: 4,
      nodeCountWithSubgraphs: 4,
      initializerCount: 3,
      externalDataFiles: [],
    });
    expect(summary.opHistogram).toEqual([
      { opType: 'MatMul', domain: '', count: 2 },
      { opType: 'Add', domain: '', count: 1 },
      { opType: 'Relu', domain: '', count: 1 },
    ]);
    expect(summary.categoryHistogram).toMatchObject({ linear: 2, elementwise: 1, activation: 1, conv: 0 });
    expect(summary.parametersByScope).toEqual([
      { path: '/fc1', parameterCount: 40, parameterBytes: 160 },
      { path: '/fc2', parameterCount: 16, parameterBytes: 32 },
    ]);
  });

  it('sums parameters per top-level block of a BERT-like model', () => {
    const { model, ir } = decoded(chainFromNames(bertNodeNames(2)));
    const summary = summarizeModel(model, ir);
    expect(summary.parameterCount).toBe(16 * 15);
    expect(summary.parametersByScope.map((row) => [row.path, row.parameterCount])).toEqual([
      ['/bert', 16 * 14],
      ['/classifier', 16],
    ]);
  });

  it('lists the files external-data initializers need', () => {
    const external = (name: string, file: string) => ({
      name,
      data_type: FLOAT,
      dims: [2],
      data_location: 1,
      external_data: [{ key: 'location', value: file }],
    });
    const { model, ir } = decoded({
      node: [node('Add', ['a', 'b'], ['y'])],
      initializer: [external('a', 'weights.bin'), external('b', 'weights.bin')],
      output: [valueInfo('y', FLOAT, [2])],
    });
    expect(summarizeModel(model, ir)).toMatchObject({
      externalDataFiles: ['weights.bin'],
      parameterCount: 4,
      parameterBytes: 16,
    });
  });
});
