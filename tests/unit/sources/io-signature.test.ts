import { describe, expect, it } from 'vitest';
import { dataTypeCode, decodeModel } from '../../../src/lib/onnx/index.ts';
import { ioSignatureOf } from '../../../src/lib/sources/io-signature.ts';
import { convReluModel, encode, FLOAT, floatTensor, INT64, node, valueInfo } from '../onnx/model-builders.ts';

describe('ioSignatureOf', () => {
  it('reads names, element types and dims; weights listed as inputs are left out', () => {
    expect(ioSignatureOf(decodeModel(convReluModel()))).toEqual({
      inputs: [{ name: 'input', dtype: 'float32', shape: ['N', 3, 8, 8] }],
      outputs: [{ name: 'output', dtype: 'float32', shape: ['N', 4, 8, 8] }],
    });
  });

  it('marks unknown dims with ? and gives no shape as []', () => {
    const bytes = encode({
      name: 'g',
      node: [node('Identity', ['ids'], ['out'])],
      initializer: [floatTensor('w', [1], [1])],
      input: [
        {
          name: 'ids',
          type: {
            tensor_type: { elem_type: INT64, shape: { dim: [{ dim_param: 'batch' }, {}, { dim_value: 7 }] } },
          },
        },
        valueInfo('w', FLOAT, [1]),
        valueInfo('mask', dataTypeCode('bool')),
        valueInfo('half', dataTypeCode('float16'), []),
      ],
      output: [
        valueInfo('out', INT64, ['batch', 'seq']),
        { name: 'seq', type: { sequence_type: { elem_type: { tensor_type: { elem_type: FLOAT } } } } },
        {
          name: 'map',
          type: {
            map_type: { key_type: dataTypeCode('string'), value_type: { tensor_type: { elem_type: FLOAT } } },
          },
        },
        {
          name: 'opt',
          type: { optional_type: { elem_type: { tensor_type: { elem_type: dataTypeCode('uint8') } } } },
        },
        {
          name: 'sparse',
          type: { sparse_tensor_type: { elem_type: FLOAT, shape: { dim: [{ dim_value: 4 }] } } },
        },
        { name: 'untyped' },
      ],
    });
    expect(ioSignatureOf(decodeModel(bytes))).toEqual({
      inputs: [
        { name: 'ids', dtype: 'int64', shape: ['batch', '?', 7] },
        { name: 'mask', dtype: 'bool', shape: [] },
        { name: 'half', dtype: 'float16', shape: [] },
      ],
      outputs: [
        { name: 'out', dtype: 'int64', shape: ['batch', 'seq'] },
        { name: 'seq', dtype: 'sequence<float32>', shape: [] },
        { name: 'map', dtype: 'map<string, float32>', shape: [] },
        { name: 'opt', dtype: 'optional<uint8>', shape: [] },
        { name: 'sparse', dtype: 'sparse<float32>', shape: [4] },
        { name: 'untyped', dtype: 'unknown', shape: [] },
      ],
    });
  });
});
