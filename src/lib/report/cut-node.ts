// A standalone ONNX model of one node, cut out of a full model: the node as it is (op, domain,
// attributes), its weights embedded as initializers (read from external data files when the model keeps
// them there), a Constant producer's value embedded too, and every other input a graph input to be fed
// with the captured value. Its outputs keep their names. Running it on the captured inputs reproduces the
// node's output without the full model: the heart of a bug report a runtime team can act on.
import { dataTypeCode, type OnnxDataType } from '../onnx/data-types.ts';
import type { ModelMessage, NodeMessage, TensorMessage, ValueInfoMessage } from '../onnx/proto-messages.ts';

export interface TensorType {
  /** ORT's element type name: float32, int64, bool, … */
  type: string;
  dims: number[];
}

export interface CutNode {
  model: ModelMessage;
  /** The graph inputs to feed (node inputs that are neither weights nor constants), in node order. */
  feeds: string[];
  /** Node inputs embedded as initializers. */
  embedded: string[];
  outputs: string[];
  /** Set when the cut may not stand alone: a node with subgraphs can read values of the enclosing graph. */
  note?: string;
}

export interface ExternalFile {
  path: string;
  data: Uint8Array;
}

export class CutNodeError extends Error {}

function valueInfo(name: string, tensor: TensorType | undefined): ValueInfoMessage {
  if (!tensor) return { name };
  return {
    name,
    type: {
      tensor_type: {
        elem_type: dataTypeCode(tensor.type as OnnxDataType),
        shape: { dim: tensor.dims.map((dim) => ({ dim_value: dim })) },
      },
    },
  };
}

/** The initializer with its bytes inside: external data is copied in from its file. */
function inlined(tensor: TensorMessage, files: readonly ExternalFile[]): TensorMessage {
  if (tensor.data_location !== 1) return tensor;
  const field = (key: string) => tensor.external_data?.find((entry) => entry.key === key)?.value ?? undefined;
  const location = field('location');
  const file = files.find((candidate) => candidate.path === location);
  if (!file) {
    throw new CutNodeError(
      `The weight ${tensor.name ?? ''} is stored in ${location ?? 'an external file'}, which is not loaded.`,
    );
  }
  const offset = Number(field('offset') ?? 0);
  const length = field('length') === undefined ? file.data.length - offset : Number(field('length'));
  const copy: TensorMessage = { ...tensor, raw_data: file.data.subarray(offset, offset + length) };
  delete copy.external_data;
  delete copy.data_location;
  return copy;
}

/**
 * Cuts node `nodeIndex` of `message` (a model decoded with its weights inline) into a model of its own.
 * `types` gives the captured type and shape of its inputs and outputs (the outputs' are optional).
 */
export function cutNodeModel(
  message: ModelMessage,
  nodeIndex: number,
  types: ReadonlyMap<string, TensorType>,
  externalFiles: readonly ExternalFile[] = [],
): CutNode {
  const graph = message.graph ?? {};
  const nodes = graph.node ?? [];
  const node: NodeMessage | undefined = nodes[nodeIndex];
  if (!node) throw new CutNodeError(`The model has no node number ${nodeIndex}.`);
  const initializers = new Map((graph.initializer ?? []).map((tensor) => [tensor.name ?? '', tensor]));
  const constants = new Map<string, TensorMessage>();
  for (const candidate of nodes) {
    const value = candidate.attribute?.find((attribute) => attribute.name === 'value')?.t;
    const output = candidate.output?.[0];
    if (candidate.op_type === 'Constant' && (candidate.domain ?? '') === '' && value && output)
      constants.set(output, value);
  }
  const feeds: string[] = [];
  const embedded: string[] = [];
  const initializer: TensorMessage[] = [];
  const input: ValueInfoMessage[] = [];
  for (const name of node.input ?? []) {
    if (name === '' || feeds.includes(name) || embedded.includes(name)) continue;
    const weight = initializers.get(name);
    const constant = constants.get(name);
    if (weight || constant) {
      initializer.push(weight ? inlined(weight, externalFiles) : { ...constant, name });
      embedded.push(name);
      continue;
    }
    const type = types.get(name);
    if (!type) throw new CutNodeError(`The input ${name} of the node was not captured, so it cannot be fed.`);
    feeds.push(name);
    input.push(valueInfo(name, type));
  }
  const outputs = (node.output ?? []).filter((name) => name !== '');
  const subgraphs = (node.attribute ?? []).some(
    (attribute) => attribute.g || (attribute.graphs?.length ?? 0) > 0,
  );
  return {
    ...(subgraphs
      ? {
          note:
            'The node has subgraphs (If, Loop or Scan bodies): values they read from the enclosing graph are ' +
            'not in the cut model, which then does not load on its own.',
        }
      : {}),
    model: {
      ir_version: message.ir_version ?? 8,
      opset_import: message.opset_import ?? [],
      producer_name: 'glassbox-report',
      producer_version: '1',
      functions: message.functions ?? [],
      graph: {
        name: `cut_${node.name || node.op_type || 'node'}`,
        node: [node],
        input,
        output: outputs.map((name) => valueInfo(name, types.get(name))),
        initializer,
      },
    },
    feeds,
    embedded,
    outputs,
  };
}
