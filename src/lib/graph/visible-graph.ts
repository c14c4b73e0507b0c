// The graph as shown: each collapsed scope becomes one group node, edges between groups are merged (with
// the value names they carry), graph inputs/outputs become their own nodes, and nodes asked to be hidden
// (folded Constants) are left out with their edges. Pure: (IR, scope tree, expanded set) → graph.

import type { GraphIR } from './graph-types.ts';
import type { OpCategory } from './op-categories.ts';
import { scopeAncestry, type ScopeTree } from './scope-tree.ts';

export type VisibleNodeKind = 'op' | 'group' | 'input' | 'output';

export interface VisibleNode {
  /** IR node id for ops, "group:<scope path>", "input:<name>", "output:<name>". */
  id: string;
  kind: VisibleNodeKind;
  /** Op type, scope name or value name. */
  label: string;
  /** The op's node name; for a group, its scope path. */
  detail: string;
  category?: OpCategory;
  /** Groups: nodes inside. */
  nodeCount?: number;
  /** Groups: parameters of the initializers inside. */
  parameterCount?: number;
}

export interface VisibleEdge {
  id: string;
  source: string;
  target: string;
  /** Distinct value names carried, in first-seen order. */
  values: string[];
}

export interface VisibleGraph {
  nodes: VisibleNode[];
  edges: VisibleEdge[];
}

export interface VisibleGraphOptions {
  /** Show graph inputs and outputs as nodes (default true). */
  showGraphIO?: boolean;
  /** IR nodes not drawn, with their edges (Constants folded into their consumers). */
  hidden?: ReadonlySet<string>;
}

export const groupId = (path: string): string => `group:${path}`;

/**
 * `expanded` holds the scope paths whose contents are shown; a node inside a collapsed scope is shown as
 * the outermost collapsed scope's group. An empty set shows top-level groups only. A scope holding a
 * single node shows that node: a group of one hides more than it summarises.
 */
export function buildVisibleGraph(
  ir: GraphIR,
  tree: ScopeTree,
  expanded: ReadonlySet<string>,
  options: VisibleGraphOptions = {},
): VisibleGraph {
  const nodes: VisibleNode[] = [];
  const nodeById = new Map<string, VisibleNode>();
  const addNode = (node: VisibleNode) => {
    if (nodeById.has(node.id)) return;
    nodeById.set(node.id, node);
    nodes.push(node);
  };

  const representativeOfScope = new Map<string, string | undefined>();
  const collapsedAncestor = (scopePath: string): string | undefined => {
    if (representativeOfScope.has(scopePath)) return representativeOfScope.get(scopePath);
    const collapsed = scopeAncestry(scopePath).find((path) => !expanded.has(path));
    representativeOfScope.set(scopePath, collapsed);
    return collapsed;
  };

  const hidden = options.hidden ?? new Set<string>();
  const representative = new Map<string, string>();
  for (const node of ir.nodes) {
    if (hidden.has(node.id)) continue;
    const scopePath = tree.scopeOfNode.get(node.id) ?? '';
    const collapsed = collapsedAncestor(scopePath);
    const scope = collapsed === undefined ? undefined : tree.byPath.get(collapsed);
    if (scope && scope.totalNodeCount > 1) {
      representative.set(node.id, groupId(scope.path));
      addNode({
        id: groupId(scope.path),
        kind: 'group',
        label: scope.name,
        detail: scope.path,
        nodeCount: scope.totalNodeCount,
        parameterCount: scope.parameterCount,
      });
    } else {
      representative.set(node.id, node.id);
      addNode({ id: node.id, kind: 'op', label: node.opType, detail: node.name, category: node.category });
    }
  }

  const edges: VisibleEdge[] = [];
  const edgeByKey = new Map<string, { edge: VisibleEdge; seen: Set<string> }>();
  const addEdge = (source: string, target: string, value: string) => {
    if (source === target) return;
    const key = `${source}\u0000${target}`;
    let entry = edgeByKey.get(key);
    if (!entry) {
      entry = { edge: { id: `v${edges.length}`, source, target, values: [] }, seen: new Set() };
      edgeByKey.set(key, entry);
      edges.push(entry.edge);
    }
    if (!entry.seen.has(value)) {
      entry.seen.add(value);
      entry.edge.values.push(value);
    }
  };
  const rep = (nodeId: string) => representative.get(nodeId) ?? nodeId;

  for (const edge of ir.edges) {
    if (hidden.has(edge.source) || hidden.has(edge.target)) continue;
    addEdge(rep(edge.source), rep(edge.target), edge.value);
  }

  if (options.showGraphIO ?? true) {
    for (const name of ir.inputs) {
      addNode({ id: `input:${name}`, kind: 'input', label: name, detail: 'graph input' });
      for (const consumer of ir.values.get(name)?.consumers ?? [])
        addEdge(`input:${name}`, rep(consumer), name);
    }
    for (const name of ir.outputs) {
      addNode({ id: `output:${name}`, kind: 'output', label: name, detail: 'graph output' });
      const producer = ir.values.get(name)?.producer;
      if (producer !== undefined) addEdge(rep(producer), `output:${name}`, name);
      else if (ir.inputs.includes(name)) addEdge(`input:${name}`, `output:${name}`, name);
    }
  }
  return { nodes, edges };
}

/** Shows the scope's contents: the scope and all its ancestors become expanded. */
export function expandScope(expanded: ReadonlySet<string>, path: string): Set<string> {
  const next = new Set(expanded);
  for (const ancestor of scopeAncestry(path)) next.add(ancestor);
  return next;
}

/** Folds the scope back into one group node; its descendants fold too. */
export function collapseScope(expanded: ReadonlySet<string>, path: string): Set<string> {
  const next = new Set<string>();
  for (const candidate of expanded) {
    if (candidate !== path && !candidate.startsWith(`${path}/`)) next.add(candidate);
  }
  return next;
}

/**
 * A first view that fits in `budget` visible nodes: opens the scope tree level by level while a whole
 * level still fits, so a model with one wrapper scope (/bert/…) does not open as a single box, and
 * sibling blocks (layer.0, layer.1) open together or not at all.
 */
export function expansionWithinBudget(tree: ScopeTree, budget = 40): Set<string> {
  const expanded = new Set<string>();
  let visible = tree.root.children.length + tree.root.nodeIds.length;
  let frontier = tree.root.children.filter((scope) => scope.totalNodeCount > 1);
  while (frontier.length > 0) {
    const after = frontier.reduce(
      (count, scope) => count - 1 + scope.children.length + scope.nodeIds.length,
      visible,
    );
    if (after > budget) break;
    for (const scope of frontier) expanded.add(scope.path);
    visible = after;
    frontier = frontier.flatMap((scope) => scope.children.filter((child) => child.totalNodeCount > 1));
  }
  return expanded;
}
