// The graph IR: Glassbox's own view of a model graph, separate from the protobuf-shaped OnnxModel.
// Plain data (arrays, Maps, strings), so it crosses a worker boundary by structured clone.

import type { OnnxAttributeKind, OnnxDataType, TensorSummary } from '../onnx/index.ts';
import type { OpCategory } from './op-categories.ts';

/** A dimension: a fixed size, a symbolic name shared across values ('batch'), or unknown. */
export type IRDim = number | string | null;

export type IRValueKind =
  | 'input'
  | 'output'
  | 'initializer'
  | 'intermediate'
  /** Inside a subgraph: a value the subgraph reads from an enclosing graph. */
  | 'outer-scope';

export interface IRValue {
  name: string;
  dtype: OnnxDataType;
  /** undefined = rank unknown; [] = scalar. */
  shape: IRDim[] | undefined;
  kind: IRValueKind;
  /** The node that outputs this value, if any. */
  producer: string | undefined;
  /** Nodes that read it, including nodes whose subgraphs read it. */
  consumers: string[];
  /** For initializers: dtype, shape, element count and bytes, without touching the data. */
  tensor?: TensorSummary;
}

export interface IRAttribute {
  name: string;
  kind: OnnxAttributeKind;
  /** Display text: "[1, 1, 1, 1]", "0.5", "\"NOTSET\"", "float32[64, 3, 3, 3]", "graph then (5 nodes)". */
  text: string;
}

export interface IRSubgraph {
  /** The attribute that holds it: then_branch, else_branch, body. */
  attribute: string;
  graph: GraphIR;
}

export interface IRNode {
  /** Unique within the model: "n12", or "n3/then_branch/n0" inside a subgraph. */
  id: string;
  name: string;
  opType: string;
  domain: string;
  category: OpCategory;
  attributes: IRAttribute[];
  /** Value names; omitted optional inputs ('') are dropped. */
  inputs: string[];
  outputs: string[];
  /** Values of enclosing graphs that this node's subgraphs read (how If/Loop bodies see outer values). */
  implicitInputs: string[];
  subgraphs: IRSubgraph[];
}

/** A data dependency from the node that produces `value` to a node that reads it. */
export interface IREdge {
  id: string;
  source: string;
  target: string;
  value: string;
}

export interface GraphIR {
  name: string;
  /** In file order (ONNX requires topological order; validateGraph checks it). */
  nodes: IRNode[];
  values: ReadonlyMap<string, IRValue>;
  edges: IREdge[];
  /** Graph inputs that are not initializers. */
  inputs: string[];
  outputs: string[];
}
