// The model at a glance: metadata, signature, node and parameter counts, op and category histograms,
// parameters per top-level scope. Counts cover the main graph; subgraph nodes are counted separately.

import { summarizeTensor, type OnnxModel } from '../onnx/index.ts';
import type { GraphIR, IRDim } from './graph-types.ts';
import { OP_CATEGORIES, type OpCategory } from './op-categories.ts';
import { buildScopeTree, parametersByScope, type ScopeTree } from './scope-tree.ts';

export interface ValueSignature {
  name: string;
  dtype: string;
  /** undefined = rank unknown; strings are symbolic dims. */
  shape: IRDim[] | undefined;
}

export interface OpTypeCount {
  opType: string;
  domain: string;
  count: number;
}

export interface ScopeParameters {
  /** Scope path ('' = parameters outside any scope). */
  path: string;
  parameterCount: number;
  parameterBytes: number;
}

/** The model's own header fields, as decoded. */
type ModelHeader = Pick<
  OnnxModel,
  | 'byteLength'
  | 'irVersion'
  | 'opsetImports'
  | 'producerName'
  | 'producerVersion'
  | 'domain'
  | 'modelVersion'
  | 'docString'
  | 'metadataProps'
>;

export interface ModelSummary extends ModelHeader {
  inputs: ValueSignature[];
  outputs: ValueSignature[];
  /** Nodes of the main graph. */
  nodeCount: number;
  /** Main graph plus all If/Loop/Scan bodies. */
  nodeCountWithSubgraphs: number;
  initializerCount: number;
  /** Σ element counts of the main graph's initializers. */
  parameterCount: number;
  /** Σ stored bytes of those initializers (external ones included at their declared size). */
  parameterBytes: number;
  /** Files that external-data initializers need next to the model. */
  externalDataFiles: string[];
  /** Main-graph nodes per op type, most frequent first. */
  opHistogram: OpTypeCount[];
  categoryHistogram: Record<OpCategory, number>;
  /** Parameters per top-level scope block, largest first. */
  parametersByScope: ScopeParameters[];
}

function countNodes(ir: GraphIR): number {
  let count = ir.nodes.length;
  for (const node of ir.nodes) for (const subgraph of node.subgraphs) count += countNodes(subgraph.graph);
  return count;
}

function signature(ir: GraphIR, name: string): ValueSignature {
  const value = ir.values.get(name);
  return { name, dtype: value?.dtype ?? 'unknown', shape: value?.shape };
}

export function summarizeModel(
  model: OnnxModel,
  ir: GraphIR,
  tree: ScopeTree = buildScopeTree(ir),
): ModelSummary {
  let parameterCount = 0;
  let parameterBytes = 0;
  const externalDataFiles = new Set<string>();
  for (const tensor of model.graph.initializers) {
    const summary = summarizeTensor(tensor);
    parameterCount += summary.elementCount;
    parameterBytes += summary.byteSize;
    if (summary.externalFile !== undefined) externalDataFiles.add(summary.externalFile);
  }

  const opCounts = new Map<string, OpTypeCount>();
  const categoryHistogram = Object.fromEntries(OP_CATEGORIES.map((category) => [category, 0])) as Record<
    OpCategory,
    number
  >;
  for (const node of ir.nodes) {
    const key = `${node.domain}\u0000${node.opType}`;
    const entry = opCounts.get(key);
    if (entry) entry.count++;
    else opCounts.set(key, { opType: node.opType, domain: node.domain, count: 1 });
    categoryHistogram[node.category]++;
  }
  const opHistogram = [...opCounts.values()].sort(
    (a, b) => b.count - a.count || a.opType.localeCompare(b.opType) || a.domain.localeCompare(b.domain),
  );

  return {
    byteLength: model.byteLength,
    irVersion: model.irVersion,
    opsetImports: model.opsetImports,
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    domain: model.domain,
    modelVersion: model.modelVersion,
    docString: model.docString,
    metadataProps: model.metadataProps,
    inputs: ir.inputs.map((name) => signature(ir, name)),
    outputs: ir.outputs.map((name) => signature(ir, name)),
    nodeCount: ir.nodes.length,
    nodeCountWithSubgraphs: countNodes(ir),
    initializerCount: model.graph.initializers.length,
    parameterCount,
    parameterBytes,
    externalDataFiles: [...externalDataFiles],
    opHistogram,
    categoryHistogram,
    parametersByScope: parametersByScope(tree, 1),
  };
}
