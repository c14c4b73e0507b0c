// One opened model in the inspector worker: the decoded model (its bytes kept alive, since initializers
// are views into them), the graph IR, scope tree, repeats and lookups that every later call needs.
import type { OnnxModel, OnnxTensor } from '../src/lib/onnx/index.ts';
import {
  buildGraphIR,
  buildScopeTree,
  findRepeatedBlocks,
  summarizeModel,
  validateGraph,
  type GraphIR,
  type GraphIssue,
  type IRNode,
  type ModelSummary,
  type RepeatedBlockGroup,
  type ScopeNode,
  type ScopeTree,
} from '../src/lib/graph/index.ts';
import type { RepeatMark, ScopeOutline } from './inspector-types.ts';
import { visibleText } from '../src/lib/visible-text.ts';

export interface InspectedModel {
  modelId: number;
  name: string;
  /** The file's bytes: initializers' raw_data are views into them. */
  bytes: Uint8Array;
  model: OnnxModel;
  ir: GraphIR;
  tree: ScopeTree;
  summary: ModelSummary;
  issues: GraphIssue[];
  repeats: RepeatedBlockGroup[];
  /** Scope path → its place among identical blocks. */
  repeatOf: ReadonlyMap<string, RepeatMark>;
  nodeById: ReadonlyMap<string, IRNode>;
  /** Main-graph initializers by name. */
  initializers: ReadonlyMap<string, OnnxTensor>;
}

export function inspectModel(
  modelId: number,
  name: string,
  bytes: Uint8Array,
  model: OnnxModel,
): InspectedModel {
  const ir = buildGraphIR(model);
  const tree = buildScopeTree(ir);
  const repeats = findRepeatedBlocks(ir, tree);
  const repeatOf = new Map<string, RepeatMark>();
  repeats.forEach((group, groupIndex) => {
    group.memberPaths.forEach((path, index) => {
      if (!repeatOf.has(path))
        repeatOf.set(path, { group: groupIndex, index, count: group.memberPaths.length });
    });
  });
  return {
    modelId,
    name,
    bytes,
    model,
    ir,
    tree,
    summary: summarizeModel(model, ir, tree),
    issues: validateGraph(ir, model),
    repeats,
    repeatOf,
    nodeById: new Map(ir.nodes.map((node) => [node.id, node])),
    initializers: new Map(model.graph.initializers.map((tensor) => [tensor.name, tensor])),
  };
}

/** The scope hierarchy as the outline shows it: scopes of more than one node, in graph order. */
export function scopeOutline(inspected: InspectedModel): ScopeOutline {
  const toOutline = (scope: ScopeNode): ScopeOutline => {
    const outline: ScopeOutline = {
      path: scope.path,
      label: visibleText(scope.name),
      nodeCount: scope.totalNodeCount,
      parameterCount: scope.parameterCount,
      children: scope.children.filter((child) => child.totalNodeCount > 1).map(toOutline),
    };
    const repeat = inspected.repeatOf.get(scope.path);
    if (repeat) outline.repeat = repeat;
    return outline;
  };
  return toOutline(inspected.tree.root);
}

export function countExternalTensors(model: OnnxModel): number {
  return model.graph.initializers.filter((tensor) => tensor.storage.kind === 'external').length;
}
