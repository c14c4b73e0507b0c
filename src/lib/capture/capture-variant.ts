// Capture variants: the model's own graph with chosen intermediate values added as graph outputs, and its
// weights left where they are — each raw_data initializer becomes an external-data reference into the
// original file bytes, which ORT receives as an external-data file. The encoded variant is the graph only.
import { GlassboxError } from '../errors.ts';
import { encodeModel } from '../onnx/encode-model.ts';
import { createReader, onnxMessageType } from '../onnx/onnx-schema.ts';
import type { GraphMessage, ModelMessage, TypeMessage, ValueInfoMessage } from '../onnx/proto-messages.ts';
import { scopeSegments } from '../graph/scope-tree.ts';
import type { SkippedValue } from './capture-types.ts';

/** The external-data file name under which the variant reads the original model bytes. */
export const CAPTURE_SOURCE_LOCATION = 'glassbox-capture-source.onnx';

/** A value the variant can output, with the node that produces it. */
export interface CaptureCandidate {
  name: string;
  producer: string;
  producerIndex: number;
  producerOpType: string;
  /** The producer's name scope segments ("bert", "encoder", "layer.0", …). */
  scope: string[];
}

export interface CaptureSelection {
  candidates: CaptureCandidate[];
  skipped: SkippedValue[];
}

export interface SelectOptions {
  scope?: string | undefined;
  names?: readonly string[] | undefined;
}

/** The ModelProto message of a file ORT already accepted; raw_data fields stay views into bytes. */
export function decodeModelMessage(bytes: Uint8Array): ModelMessage {
  try {
    return onnxMessageType('ModelProto').decode(createReader(bytes)) as ModelMessage;
  } catch (error) {
    throw new GlassboxError({
      code: 'model-file-invalid',
      message: 'Glassbox could not read the model file to build its capture variant.',
      remedy: 'Check that the file is a complete .onnx export.',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

const STRING_ELEM_TYPE = 8;

/** Why a declared type cannot be captured, or null when it is a non-string tensor (or unknown). */
function typeProblem(type: TypeMessage | null | undefined): string | null {
  if (!type) return null;
  if (type.sequence_type) return 'it is a sequence, not a tensor';
  if (type.map_type) return 'it is a map, not a tensor';
  if (type.optional_type) return 'it is an optional value, not a tensor';
  if (type.sparse_tensor_type) return 'it is a sparse tensor';
  if (type.tensor_type?.elem_type === STRING_ELEM_TYPE)
    return 'it holds strings, which have no numeric summary';
  return null;
}

function inScope(segments: readonly string[], scope: string): boolean {
  const wanted = scope.split('/').filter((segment) => segment !== '');
  return wanted.every((segment, i) => segments[i] === segment);
}

/** Subgraph node outputs (If/Loop/Scan bodies): ONNX gives a main-graph output no way to reach them. */
function subgraphSkips(graph: GraphMessage): SkippedValue[] {
  const skipped: SkippedValue[] = [];
  for (const node of graph.node ?? []) {
    for (const attribute of node.attribute ?? []) {
      const bodies = [...(attribute.g ? [attribute.g] : []), ...(attribute.graphs ?? [])];
      for (const body of bodies) {
        const visit = (inner: GraphMessage): void => {
          for (const innerNode of inner.node ?? []) {
            for (const output of innerNode.output ?? []) {
              if (!output) continue;
              skipped.push({
                name: output,
                producer: innerNode.name ?? '',
                reason: `It is computed inside the ${node.op_type ?? ''} node ${node.name || '(unnamed)'}'s ${attribute.name ?? ''} subgraph, whose values the main graph cannot output.`,
              });
            }
            for (const a of innerNode.attribute ?? [])
              for (const g of [...(a.g ? [a.g] : []), ...(a.graphs ?? [])]) visit(g);
          }
        };
        visit(body);
      }
    }
  }
  return skipped;
}

/** The main graph's node outputs to capture (all, one scope, or the named ones), and those that cannot be. */
export function selectCaptureValues(graph: GraphMessage, options: SelectOptions = {}): CaptureSelection {
  const declared = new Map<string, ValueInfoMessage>();
  for (const info of [...(graph.value_info ?? []), ...(graph.output ?? [])])
    if (info.name) declared.set(info.name, info);
  const sources = new Set<string>([
    ...(graph.input ?? []).map((info) => info.name ?? ''),
    ...(graph.initializer ?? []).map((tensor) => tensor.name ?? ''),
  ]);
  const wanted = options.names ? new Set(options.names) : null;
  const candidates: CaptureCandidate[] = [];
  const skipped: SkippedValue[] = [];
  const seen = new Set<string>();
  (graph.node ?? []).forEach((node, index) => {
    const producer = node.name ?? '';
    const outputs = node.output ?? [];
    const scope = scopeSegments({ name: producer, outputs: outputs.filter((o) => o !== '') });
    if (options.scope !== undefined && !inScope(scope, options.scope)) return;
    outputs.forEach((name, k) => {
      if (wanted && !wanted.has(name)) return;
      if (name === '') {
        if (!wanted)
          skipped.push({
            name: '',
            producer,
            reason: `Output ${k} of ${node.op_type ?? 'the node'} ${producer || '(unnamed)'} has an empty name: the model does not produce it.`,
          });
        return;
      }
      if (seen.has(name)) return;
      seen.add(name);
      const problem = typeProblem(declared.get(name)?.type);
      if (problem) {
        skipped.push({ name, producer, reason: `${name} cannot be captured: ${problem}.` });
        return;
      }
      candidates.push({ name, producer, producerIndex: index, producerOpType: node.op_type ?? '', scope });
    });
  });
  if (!wanted) skipped.push(...subgraphSkips(graph));
  for (const name of wanted ?? []) {
    if (seen.has(name)) continue;
    const reason = sources.has(name)
      ? `${name} is a graph input or a weight: it is known before the run, not computed by it.`
      : (subgraphSkips(graph).find((s) => s.name === name)?.reason ??
        `${name} is not produced by any node of the main graph.`);
    skipped.push({ name, producer: '', reason });
  }
  return { candidates, skipped };
}

/**
 * Below this size an initializer stays inline: ORT's shape inference reads small constant inputs (Resize
 * sizes, Reshape shapes, Slice bounds) while loading, and refuses them as external tensors ("Cannot parse
 * data from external tensors", seen on NanoDet). Copying them costs nothing.
 */
export const INLINE_BELOW_BYTES = 1024;

/**
 * Rewrites every main-graph initializer whose raw_data is a view into `source` (and not tiny) as an
 * external-data reference (offset and length in `source`); the message changes in place. Initializers
 * already external keep their own references; other storage (float_data, …) stays inline. Returns how
 * many were moved.
 */
export function externalizeWeights(
  message: ModelMessage,
  source: Uint8Array,
  location = CAPTURE_SOURCE_LOCATION,
): number {
  let moved = 0;
  for (const tensor of message.graph?.initializer ?? []) {
    const raw = tensor.raw_data;
    if (!raw || raw.length < INLINE_BELOW_BYTES || raw.buffer !== source.buffer) continue;
    const offset = raw.byteOffset - source.byteOffset;
    if (offset < 0 || offset + raw.length > source.length) continue;
    tensor.raw_data = new Uint8Array(0);
    tensor.data_location = 1;
    tensor.external_data = [
      { key: 'location', value: location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(raw.length) },
    ];
    moved++;
  }
  return moved;
}

/**
 * Encodes the message with the model's own outputs plus `names` as graph outputs (typed where the model
 * declares a type; ORT infers the rest). The message is left as it was.
 */
export function encodeWithOutputs(message: ModelMessage, names: readonly string[]): Uint8Array {
  const graph = message.graph;
  if (!graph)
    throw new GlassboxError({
      code: 'model-file-invalid',
      message: 'The model has no graph.',
      remedy: 'Check the model file.',
    });
  const original = graph.output ?? [];
  const declared = new Map<string, ValueInfoMessage>();
  for (const info of graph.value_info ?? []) if (info.name) declared.set(info.name, info);
  const present = new Set(original.map((info) => info.name));
  const added = names.filter((name) => !present.has(name)).map((name) => declared.get(name) ?? { name });
  graph.output = [...original, ...added];
  try {
    return encodeModel(message);
  } finally {
    graph.output = original;
  }
}

/** Where the shape run puts value `name`'s shape: a name no model would use for its own values. */
export function shapeProbeName(name: string): string {
  return `glassbox.capture.shape_of/${name}`;
}

/**
 * Encodes the message with one extra node and output per name: Shape(name), an int64 vector. Running it
 * computes the values as the model's own run does (each freed once read) but hands back only their dims,
 * so the sizes ORT could not infer before the run are known before any value is fetched. The message is
 * left as it was.
 */
export function encodeWithShapeProbes(message: ModelMessage, names: readonly string[]): Uint8Array {
  const graph = message.graph;
  if (!graph) return encodeWithOutputs(message, []);
  const nodes = graph.node;
  const outputs = graph.output;
  graph.node = [
    ...(nodes ?? []),
    ...names.map((name) => ({
      op_type: 'Shape',
      input: [name],
      output: [shapeProbeName(name)],
      name: shapeProbeName(name),
    })),
  ];
  graph.output = names.map((name) => ({ name: shapeProbeName(name) }));
  try {
    return encodeModel(message);
  } finally {
    graph.node = nodes;
    graph.output = outputs;
  }
}
