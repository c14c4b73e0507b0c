// buildGraphIR: OnnxModel → GraphIR (values with kinds and shapes, nodes with formatted attributes,
// producer→consumer edges), recursing into If/Loop/Scan bodies. Never mutates the decoded model.

import {
  dimValue,
  summarizeTensor,
  type OnnxGraph,
  type OnnxModel,
  type OnnxType,
  type OnnxValueInfo,
} from '../onnx/index.ts';
import { formatAttribute } from './format-attribute.ts';
import type { GraphIR, IRDim, IREdge, IRNode, IRSubgraph, IRValue } from './graph-types.ts';
import { categorizeOp } from './op-categories.ts';

export function buildGraphIR(model: OnnxModel): GraphIR {
  return buildGraph(model.graph, '', new Set()).ir;
}

interface BuiltGraph {
  ir: GraphIR;
  /** Names this graph reads but does not define: they must come from an enclosing graph. */
  outerReferences: Set<string>;
}

function typeShape(type: OnnxType): Pick<IRValue, 'dtype' | 'shape'> {
  if (type.kind !== 'tensor' && type.kind !== 'sparse-tensor') return { dtype: 'unknown', shape: undefined };
  const shape = type.shape?.map((dim): IRDim => dimValue(dim));
  return { dtype: type.elemType, shape };
}

function newValue(name: string, kind: IRValue['kind']): IRValue {
  return { name, dtype: 'unknown', shape: undefined, kind, producer: undefined, consumers: [] };
}

function applyValueInfo(value: IRValue, info: OnnxValueInfo): void {
  const typed = typeShape(info.type);
  if (value.dtype === 'unknown') value.dtype = typed.dtype;
  if (value.shape === undefined) value.shape = typed.shape;
}

function buildGraph(graph: OnnxGraph, idPrefix: string, outerNames: ReadonlySet<string>): BuiltGraph {
  const values = new Map<string, IRValue>();
  const valueNamed = (name: string, kind: IRValue['kind']): IRValue => {
    let value = values.get(name);
    if (!value) {
      value = newValue(name, kind);
      values.set(name, value);
    }
    return value;
  };

  for (const tensor of graph.initializers) {
    const value = valueNamed(tensor.name, 'initializer');
    const summary = summarizeTensor(tensor);
    value.dtype = summary.dtype;
    value.shape = summary.shape;
    value.tensor = summary;
  }
  // Before IR 4, initializers were also listed as graph inputs: they stay initializers.
  const inputs: string[] = [];
  for (const info of graph.inputs) {
    const value = valueNamed(info.name, 'input');
    applyValueInfo(value, info);
    if (value.kind === 'input') inputs.push(info.name);
  }
  for (const info of graph.valueInfo) applyValueInfo(valueNamed(info.name, 'intermediate'), info);

  const definedHere = new Set<string>(values.keys());
  for (const node of graph.nodes) for (const output of node.outputs) if (output) definedHere.add(output);
  const visibleToSubgraphs = new Set([...outerNames, ...definedHere]);

  const nodes: IRNode[] = graph.nodes.map((node, index) => {
    const id = `${idPrefix}n${index}`;
    const subgraphs: IRSubgraph[] = [];
    const implicit = new Set<string>();
    for (const attribute of node.attributes) {
      const bodies =
        attribute.kind === 'graph' ? [attribute.value] : attribute.kind === 'graphs' ? attribute.value : [];
      bodies.forEach((body, k) => {
        const suffix = attribute.kind === 'graphs' ? `${attribute.name}.${k}` : attribute.name;
        const built = buildGraph(body, `${id}/${suffix}/`, visibleToSubgraphs);
        subgraphs.push({ attribute: suffix, graph: built.ir });
        for (const name of built.outerReferences) implicit.add(name);
      });
    }
    return {
      id,
      name: node.name,
      opType: node.opType,
      domain: node.domain,
      category: categorizeOp(node.opType, node.domain),
      attributes: node.attributes.map(formatAttribute),
      inputs: node.inputs.filter((name) => name !== ''),
      outputs: node.outputs.filter((name) => name !== ''),
      implicitInputs: [...implicit].filter((name) => !node.inputs.includes(name)),
      subgraphs,
    };
  });

  // Producers first, so a node listed before its producer (a non-topological file) still gets its edge.
  for (const node of nodes) {
    for (const output of node.outputs) {
      const value = valueNamed(output, 'intermediate');
      value.producer ??= node.id;
    }
  }
  for (const info of graph.outputs) {
    const value = valueNamed(info.name, 'output');
    applyValueInfo(value, info);
    if (value.kind === 'intermediate') value.kind = 'output';
  }

  const outerReferences = new Set<string>();
  const edges: IREdge[] = [];
  const edgeKeys = new Set<string>();
  for (const node of nodes) {
    for (const name of [...node.inputs, ...node.implicitInputs]) {
      if (!definedHere.has(name)) outerReferences.add(name);
      const value = valueNamed(name, outerNames.has(name) ? 'outer-scope' : 'intermediate');
      // Nodes are visited in order, so a node reading a value twice (Mul(x, x)) repeats the last entry.
      if (value.consumers[value.consumers.length - 1] !== node.id) value.consumers.push(node.id);
      if (value.producer === undefined) continue;
      const key = `${value.producer}\u0000${node.id}\u0000${name}`;
      if (edgeKeys.has(key)) continue;
      edgeKeys.add(key);
      edges.push({ id: `${idPrefix}e${edges.length}`, source: value.producer, target: node.id, value: name });
    }
  }

  return {
    ir: {
      name: graph.name,
      nodes,
      values,
      edges,
      inputs,
      outputs: graph.outputs.map((info) => info.name),
    },
    outerReferences,
  };
}
