// Test helpers: build a graph message, encode and decode it, and return the model with its IR.

import {
  decodeModel,
  type GraphMessage,
  type ModelMessage,
  type OnnxModel,
} from '../../../src/lib/onnx/index.ts';
import { buildGraphIR, type GraphIR } from '../../../src/lib/graph/index.ts';
import { encode, FLOAT, node, valueInfo } from '../onnx/model-builders.ts';

export function decoded(
  graph: GraphMessage,
  extra: Partial<ModelMessage> = {},
): { model: OnnxModel; ir: GraphIR } {
  const model = decodeModel(encode(graph, extra));
  return { model, ir: buildGraphIR(model) };
}

/** A chain of Relu nodes named by `names` (scope paths), from graph input "x" to output "y". */
export function namedChain(names: readonly string[], opTypes?: readonly string[]): GraphMessage {
  return {
    node: names.map((name, i) =>
      node(opTypes?.[i] ?? 'Relu', [i === 0 ? 'x' : `v${i - 1}`], [i === names.length - 1 ? 'y' : `v${i}`], {
        name,
      }),
    ),
    input: [valueInfo('x', FLOAT, ['batch', 4])],
    output: [valueInfo('y', FLOAT, ['batch', 4])],
  };
}
