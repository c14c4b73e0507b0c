// One opened model in the inspector worker: the decoded model (its bytes kept alive, since initializers
// are views into them), the graph IR, scope tree, repeats and lookups that every later call needs.
import type { OnnxModel, OnnxTensor } from '../../src/lib/onnx/index.ts';
import {
  buildGraphIR,
  constantPreview,
  constantTensor,
  foldableConstants,
  isConstantOp,
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
} from '../../src/lib/graph/index.ts';
import { modelFlops, type ModelFlops, type NodeFlops } from '../../src/lib/flops/index.ts';
import type { FlopsShown, RepeatMark, ScopeOutline } from '../../src/contracts/inspector.ts';
import { visibleText } from '../../src/lib/visible-text.ts';

export interface InspectedModel {
  inspectedId: number;
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
  /** Values output by main-graph Constant nodes: their tensor, and its one-line preview. */
  constants: ReadonlyMap<string, { tensor: OnnxTensor; preview: string }>;
  /** Constant nodes drawn folded into their consumers: IR node id → consumer ids (see fold-constants). */
  foldable: ReadonlyMap<string, readonly string[]>;
  /** The same set, for the visible graph's `hidden` option. */
  foldableIds: ReadonlySet<string>;
  /** FLOPs per main-graph node (by IR node id) and in total, at the assumed input shapes. */
  flops: ModelFlops;
  flopsByNode: ReadonlyMap<string, NodeFlops>;
}

export function inspectModel(
  inspectedId: number,
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
  const flops = modelFlops(model);
  const foldable = foldableConstants(ir);
  return {
    inspectedId,
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
    constants: constantValues(model, ir),
    foldable,
    foldableIds: new Set(foldable.keys()),
    flops,
    // The IR keeps the file's node order, so node i of the graph is IR node i.
    flopsByNode: new Map(
      ir.nodes.flatMap((node, i) => {
        const counted = flops.nodes[i];
        return counted ? [[node.id, counted] as const] : [];
      }),
    ),
  };
}

/** Every main-graph Constant's value, by the name of the value it outputs (IR node i is graph node i). */
function constantValues(model: OnnxModel, ir: GraphIR): Map<string, { tensor: OnnxTensor; preview: string }> {
  const constants = new Map<string, { tensor: OnnxTensor; preview: string }>();
  ir.nodes.forEach((node, index) => {
    const output = node.outputs[0];
    const source = model.graph.nodes[index];
    if (!isConstantOp(node) || output === undefined || !source) return;
    const tensor = constantTensor(source);
    if (tensor)
      constants.set(output, { tensor: { ...tensor, name: output }, preview: constantPreview(tensor) });
  });
  return constants;
}

/** The model's FLOPs as the summary shows them. */
export function modelFlopsShown(inspected: InspectedModel): FlopsShown {
  const { total, exact, unknownNodes, inputShapes } = inspected.flops;
  return { flops: total, kind: 'sum', exact, unknownNodes, inputShapes };
}

/** The FLOPs of a block: every node inside the scope, nested scopes included. */
export function scopeFlops(inspected: InspectedModel, scope: ScopeNode): FlopsShown {
  let flops = 0;
  let exact = 0;
  let unknownNodes = 0;
  const visit = (current: ScopeNode) => {
    for (const id of current.nodeIds) {
      const counted = inspected.flopsByNode.get(id);
      if (!counted) continue;
      flops += counted.flops;
      if (counted.kind === 'exact') exact += counted.flops;
      if (counted.kind === 'unknown') unknownNodes++;
    }
    current.children.forEach(visit);
  };
  visit(scope);
  return { flops, kind: 'sum', exact, unknownNodes };
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
