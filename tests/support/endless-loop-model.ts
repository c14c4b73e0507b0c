// Models that never finish a run, built in memory (no binary fixture): a Loop whose trip count is
// INT64_MAX and whose condition, once true, stays true, so ONNX Runtime loops until its worker is ended.
import { dataTypeCode, encodeModel } from '../../src/lib/onnx/index.ts';
import type { GraphMessage } from '../../src/lib/onnx/index.ts';
import { info, raw } from './onnx-messages.ts';

const FLOAT = dataTypeCode('float32');
const INT64 = dataTypeCode('int64');
const BOOL = dataTypeCode('bool');

/**
 * y = x + n, where n counts the loop's iterations: the Loop runs while its condition holds, up to
 * INT64_MAX times, and its body passes the condition through unchanged.
 *
 * startsWhen 'x-positive': the condition is x > 0, so the view's warm-up (zeros) returns at once and a run
 * with the tensor view's default fill (random in [0, 1)) never ends. 'always': the condition is true, so
 * even the warm-up never ends (a model that hangs while loading).
 */
export function buildEndlessLoopModel(startsWhen: 'x-positive' | 'always'): Uint8Array {
  const body: GraphMessage = {
    name: 'forever',
    node: [
      { op_type: 'Identity', input: ['cond_in'], output: ['cond_out'], name: 'keep_going' },
      { op_type: 'Add', input: ['v_in', 'one'], output: ['v_out'], name: 'count' },
    ],
    initializer: [raw('one', FLOAT, [1], new Float32Array([1]))],
    input: [info('i', INT64, []), info('cond_in', BOOL, []), info('v_in', FLOAT, [1])],
    output: [info('cond_out', BOOL, []), info('v_out', FLOAT, [1])],
  };
  const condition =
    startsWhen === 'always'
      ? [{ op_type: 'Identity', input: ['always_true'], output: ['start'], name: 'start' }]
      : [
          { op_type: 'Greater', input: ['x', 'zero'], output: ['positive'], name: 'is_positive' },
          { op_type: 'Squeeze', input: ['positive'], output: ['start'], name: 'start' },
        ];
  return encodeModel({
    ir_version: 8,
    producer_name: 'glassbox-tests',
    producer_version: '1.0',
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name: `endless-loop-${startsWhen}`,
      node: [
        ...condition,
        {
          op_type: 'Loop',
          input: ['max_trips', 'start', 'x'],
          output: ['y'],
          name: 'endless',
          attribute: [{ name: 'body', type: 5, g: body }],
        },
      ],
      initializer: [
        raw('max_trips', INT64, [], new BigInt64Array([0x7fff_ffff_ffff_ffffn])),
        startsWhen === 'always'
          ? raw('always_true', BOOL, [], new Uint8Array([1]))
          : raw('zero', FLOAT, [1], new Float32Array([0])),
      ],
      input: [info('x', FLOAT, [1])],
      output: [info('y', FLOAT, [1])],
    },
  });
}
