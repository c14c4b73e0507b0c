// A tiny ONNX model whose only weight lives in a separate external-data file, the layout large hub
// exports use (onnx/model.onnx + onnx/model.onnx_data). Built in memory so no binary fixture is committed.
import { dataTypeCode, encodeModel } from '../../src/lib/onnx/index.ts';
import type { ValueInfoMessage } from '../../src/lib/onnx/index.ts';

export interface ExternalDataModel {
  /** The .onnx bytes: the graph, with `w` pointing into `location` instead of holding its bytes. */
  model: Uint8Array;
  /** The external-data file's bytes (the 4×3 float32 weight, little-endian). */
  data: Uint8Array;
  /** The file name the model names in external_data, relative to the model file. */
  location: string;
  /** An input for `x` and the exact `y` it gives (small integers, so float32 arithmetic is exact). */
  expected: { input: number[]; output: number[] };
}

const FLOAT = dataTypeCode('float32');
/** TensorProto.DataLocation.EXTERNAL */
const EXTERNAL = 1;

// y = x · w: [1, 2, 3, 4] · w = [9, 3, 10].
const WEIGHT = [
  [1, 0, -1],
  [2, 1, 0],
  [0, 3, 1],
  [1, -2, 2],
];
const INPUT = [1, 2, 3, 4];
const OUTPUT = [9, 3, 10];

function floatInfo(name: string, dims: number[]): ValueInfoMessage {
  return {
    name,
    type: { tensor_type: { elem_type: FLOAT, shape: { dim: dims.map((dim) => ({ dim_value: dim })) } } },
  };
}

/** location: the name the model gives its weights file (hostile spellings make the escape repos). */
export function buildExternalDataModel(location = 'model.onnx_data'): ExternalDataModel {
  const weights = new Float32Array(WEIGHT.flat());
  const data = new Uint8Array(weights.buffer.slice(0));
  const model = encodeModel({
    ir_version: 8,
    producer_name: 'glassbox-tests',
    producer_version: '1.0',
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name: 'external-data',
      node: [{ op_type: 'MatMul', input: ['x', 'w'], output: ['y'], name: 'matmul' }],
      initializer: [
        {
          name: 'w',
          data_type: FLOAT,
          dims: [4, 3],
          data_location: EXTERNAL,
          external_data: [
            { key: 'location', value: location },
            { key: 'offset', value: '0' },
            { key: 'length', value: String(data.byteLength) },
          ],
        },
      ],
      input: [floatInfo('x', [1, 4])],
      output: [floatInfo('y', [1, 3])],
    },
  });
  return { model, data, location, expected: { input: INPUT, output: OUTPUT } };
}
