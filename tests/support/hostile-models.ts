// Small hostile models built in memory (no binary fixture), each the smallest file that shows one attack:
// a graph that lists the same output twice, and values whose size ONNX Runtime learns only at run time.
import { dataTypeCode, encodeModel } from '../../src/lib/onnx/index.ts';
import { info, raw } from './onnx-messages.ts';
import { readFileSync } from 'node:fs';

const FLOAT = dataTypeCode('float32');
const INT64 = dataTypeCode('int64');

/** y = relu(x), x and y of shape [1, 4]; the graph's output list names y twice (ORT accepts it). */
export function buildDuplicateOutputModel(): Uint8Array {
  return encodeModel({
    ir_version: 8,
    producer_name: 'glassbox-tests',
    producer_version: '1.0',
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name: 'duplicate-output',
      node: [{ op_type: 'Relu', input: ['x'], output: ['y'], name: 'relu' }],
      input: [info('x', FLOAT, [1, 4])],
      output: [info('y', FLOAT, [1, 4]), info('y', FLOAT, [1, 4])],
    },
  });
}

/** How many intermediate values of size side × side × 4 bytes the unknown-size model computes. */
export const UNKNOWN_SIZE_VALUES = 6;

/**
 * y = sum of six [side, side] float32 values, from an input x of shape [1]. The values' shape is computed
 * from x's value (side = x·0 + side, cast to int64, then Expand), so ONNX Runtime cannot tell their size
 * before the run; whatever x holds, each value is side² · 4 bytes (side 4096: 64 MiB each).
 */
export function buildUnknownSizeModel(side: number): Uint8Array {
  const node = [
    { op_type: 'Mul', input: ['x', 'zero'], output: ['x0'], name: '/size/Mul' },
    { op_type: 'Add', input: ['x0', 'side'], output: ['sidef'], name: '/size/Add' },
    {
      op_type: 'Cast',
      input: ['sidef'],
      output: ['sidei'],
      name: '/size/Cast',
      attribute: [{ name: 'to', type: 2, i: INT64 }],
    },
    {
      op_type: 'Concat',
      input: ['sidei', 'sidei'],
      output: ['shape'],
      name: '/size/Concat',
      attribute: [{ name: 'axis', type: 2, i: 0 }],
    },
    { op_type: 'Expand', input: ['x', 'shape'], output: ['v0'], name: '/big/Expand' },
  ];
  for (let i = 1; i < UNKNOWN_SIZE_VALUES; i++) {
    node.push({ op_type: 'Add', input: [`v${i - 1}`, 'one'], output: [`v${i}`], name: `/big/Add${i}` });
  }
  node.push({
    op_type: 'ReduceSum',
    input: [`v${UNKNOWN_SIZE_VALUES - 1}`],
    output: ['y'],
    name: '/out/ReduceSum',
    attribute: [{ name: 'keepdims', type: 2, i: 0 }],
  });
  return encodeModel({
    ir_version: 8,
    producer_name: 'glassbox-tests',
    producer_version: '1.0',
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name: 'unknown-size',
      node,
      initializer: [
        raw('zero', FLOAT, [1], new Float32Array([0])),
        raw('one', FLOAT, [1], new Float32Array([1])),
        raw('side', FLOAT, [1], new Float32Array([side])),
      ],
      input: [info('x', FLOAT, [1])],
      output: [info('y', FLOAT, [])],
    },
  });
}

/**
 * Side of the unknown-size repo's values: 4100² float32 = 67.2 MB each (403 MB for the six), just over the
 * page's smallest budget choice (64 MiB) and three to a chunk under its default (256 MiB).
 */
export const UNKNOWN_SIZE_REPO_SIDE = 4100;
/** Trips of the slow-loop repo's Loop: about 3 s a run on this machine (7 µs a trip in Node). */
export const SLOW_LOOP_TRIPS = 400_000;

const encodeJson = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value, null, 2));

/**
 * The hub server's hostile repos: glassbox/duplicate-labels (the tiny BERT with id2label naming both
 * classes "positive"), glassbox/duplicate-output, glassbox/unknown-size, glassbox/slow-loop, glassbox/hostile-names and glassbox/many-outputs (the models here).
 */
export function addHostileRepos(
  repos: Map<string, { files: Map<string, string | Uint8Array> }>,
  bert: ReadonlyMap<string, string | Uint8Array>,
  owner: string,
): void {
  const bertConfigSource = bert.get('config.json');
  const bertConfig = JSON.parse(
    typeof bertConfigSource === 'string'
      ? readFileSync(bertConfigSource, 'utf8')
      : new TextDecoder().decode(bertConfigSource),
  ) as Record<string, unknown>;
  const duplicateLabels = {
    ...bertConfig,
    id2label: { 0: 'positive', 1: 'positive' },
    label2id: { positive: 1 },
  };
  repos.set(`${owner}/duplicate-labels`, {
    files: new Map([...bert, ['config.json', encodeJson(duplicateLabels)]]),
  });
  const config = encodeJson({ model_type: 'glassbox-test' });
  for (const [name, model] of [
    ['duplicate-output', buildDuplicateOutputModel()],
    ['unknown-size', buildUnknownSizeModel(UNKNOWN_SIZE_REPO_SIDE)],
    ['slow-loop', buildSlowLoopModel(SLOW_LOOP_TRIPS)],
    ['hostile-names', buildHostileNamesModel()],
    ['many-outputs', buildManyOutputsModel(MANY_OUTPUTS)],
  ] as const) {
    repos.set(`${owner}/${name}`, {
      files: new Map([
        ['config.json', config],
        ['onnx/model.onnx', model],
      ]),
    });
  }
}

const BOOL = dataTypeCode('bool');
const STRING = dataTypeCode('string');

/** The hostile-names model's value with a huge batch axis, named with a right-to-left override and a BEL. */
export const WIDE_VALUE = 'wide\u202eyfi\u0007';
/** Its string value (never captured; no graph output reads it), named with NUL, BEL and ESC. */
export const TEXT_VALUE = 'text\u0000\u0007\u001b';

/**
 * Values named with invisible characters, one of shape [200000, 1, 2, 2] (3.2 MB: the channel viewer reads
 * axis 0 as the batch), one of strings; y = the sum of the wide one, x of shape [1].
 */
export function buildHostileNamesModel(): Uint8Array {
  return encodeModel({
    ir_version: 8,
    producer_name: 'glassbox-tests',
    producer_version: '1.0',
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name: 'hostile-names',
      node: [
        { op_type: 'Expand', input: ['x', 'wide_shape'], output: [WIDE_VALUE], name: '/wide/Expand' },
        {
          op_type: 'ReduceSum',
          input: [WIDE_VALUE],
          output: ['y'],
          name: '/out/ReduceSum',
          attribute: [{ name: 'keepdims', type: 2, i: 0 }],
        },
        {
          op_type: 'Cast',
          input: ['x'],
          output: [TEXT_VALUE],
          name: '/text/Cast',
          attribute: [{ name: 'to', type: 2, i: STRING }],
        },
      ],
      initializer: [raw('wide_shape', INT64, [4], new BigInt64Array([200_000n, 1n, 2n, 2n]))],
      input: [info('x', FLOAT, [1])],
      output: [info('y', FLOAT, [])],
    },
  });
}

/**
 * y = x + trips, counted by a Loop of `trips` iterations: a run that ends, slowly enough (seconds) that a
 * test can press Stop while a capture of it replays the run. x has shape [1].
 */
export function buildSlowLoopModel(trips: number): Uint8Array {
  return encodeModel({
    ir_version: 8,
    producer_name: 'glassbox-tests',
    producer_version: '1.0',
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name: 'slow-loop',
      node: [
        {
          op_type: 'Loop',
          input: ['trips', 'keep_going', 'x'],
          output: ['y'],
          name: 'count',
          attribute: [
            {
              name: 'body',
              type: 5,
              g: {
                name: 'step',
                node: [
                  { op_type: 'Identity', input: ['cond_in'], output: ['cond_out'], name: 'keep' },
                  { op_type: 'Add', input: ['v_in', 'one'], output: ['v_out'], name: 'add' },
                ],
                initializer: [raw('one', FLOAT, [1], new Float32Array([1]))],
                input: [info('i', INT64, []), info('cond_in', BOOL, []), info('v_in', FLOAT, [1])],
                output: [info('cond_out', BOOL, []), info('v_out', FLOAT, [1])],
              },
            },
          ],
        },
        { op_type: 'Relu', input: ['y'], output: ['z'], name: 'relu' },
      ],
      initializer: [
        raw('trips', INT64, [], new BigInt64Array([BigInt(trips)])),
        raw('keep_going', BOOL, [], new Uint8Array([1])),
      ],
      input: [info('x', FLOAT, [1])],
      output: [info('z', FLOAT, [1])],
    },
  });
}

/** Outputs of the many-outputs repo. */
export const MANY_OUTPUTS = 5000;

/** y0 … y{count-1}, each x + 0 (its own Identity), x of shape [1]: a graph with count outputs. */
export function buildManyOutputsModel(count: number): Uint8Array {
  const names = Array.from({ length: count }, (_, i) => `y${i}`);
  return encodeModel({
    ir_version: 8,
    producer_name: 'glassbox-tests',
    producer_version: '1.0',
    opset_import: [{ domain: '', version: 13 }],
    graph: {
      name: 'many-outputs',
      node: names.map((name) => ({ op_type: 'Identity', input: ['x'], output: [name], name: `/${name}` })),
      input: [info('x', FLOAT, [1])],
      output: names.map((name) => info(name, FLOAT, [1])),
    },
  });
}
