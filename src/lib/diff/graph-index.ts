// What the diff needs to know about one graph: who produces each value, which values are weights or graph
// inputs, and each node's display name.
import type { OnnxGraph, OnnxTensor } from '../onnx/model-types.ts';

export interface Producer {
  node: number;
  output: number;
}

export interface GraphIndex {
  graph: OnnxGraph;
  producers: Map<string, Producer>;
  weights: Map<string, OnnxTensor>;
  inputs: Set<string>;
}

export function indexGraph(graph: OnnxGraph): GraphIndex {
  const producers = new Map<string, Producer>();
  graph.nodes.forEach((node, index) =>
    node.outputs.forEach((name, output) => {
      if (name !== '') producers.set(name, { node: index, output });
    }),
  );
  const weights = new Map(graph.initializers.map((tensor) => [tensor.name, tensor]));
  // A graph input with an initializer of the same name is a weight with a default (IR < 4 style).
  const inputs = new Set(graph.inputs.map((info) => info.name).filter((name) => !weights.has(name)));
  return { graph, producers, weights, inputs };
}

/** The node's name, or "#index" for a node without one (ONNX allows it). */
export function nodeLabel(index: GraphIndex, node: number): string {
  const name = index.graph.nodes[node]?.name ?? '';
  return name === '' ? `#${node}` : name;
}

/** Where an input value comes from, in this graph's own terms. */
export type Source =
  | { kind: 'none' }
  | { kind: 'node'; node: number; output: number }
  | { kind: 'weight'; name: string }
  | { kind: 'input'; name: string }
  | { kind: 'unknown'; name: string };

export function sourceOf(index: GraphIndex, value: string | undefined): Source {
  if (value === undefined || value === '') return { kind: 'none' };
  if (index.weights.has(value)) return { kind: 'weight', name: value };
  const producer = index.producers.get(value);
  if (producer) return { kind: 'node', ...producer };
  if (index.inputs.has(value)) return { kind: 'input', name: value };
  // An outer-scope value or a dangling name: named, never guessed.
  return { kind: 'unknown', name: value };
}

/** The source as a sentence fragment: "output 0 of /layer.0/Add", "weight bias", "graph input ids". */
export function describeSource(index: GraphIndex, source: Source): string | null {
  switch (source.kind) {
    case 'none':
      return null;
    case 'node':
      return `output ${source.output} of ${nodeLabel(index, source.node)}`;
    case 'weight':
      return `weight ${source.name}`;
    case 'input':
      return `graph input ${source.name}`;
    case 'unknown':
      return `value ${source.name}`;
  }
}
