// Finds repeated blocks: scopes whose contents are the same op sequence in the same sub-scope layout
// (the 12 layers of a BERT encoder, the bottlenecks of a YOLO C2f), so the view can say "×12".

import type { GraphIR } from './graph-types.ts';
import type { ScopeNode, ScopeTree } from './scope-tree.ts';

export interface RepeatedBlockGroup {
  /** Scope paths of the identical blocks, in graph order (/encoder/layer.0, /encoder/layer.1, …). */
  memberPaths: string[];
  /** Nodes in each block. */
  nodesPerBlock: number;
  /** The op types of one block in graph order (Conv, Sigmoid, Mul, …). */
  opTypes: string[];
}

export interface RepeatedBlockOptions {
  /** Smallest block worth reporting (default 3 nodes): two-node scopes repeat by accident. */
  minNodes?: number;
}

/**
 * A block's signature is the sequence of (scope path relative to the block, op type) of its nodes in
 * graph order. Blocks nested inside a reported repeat are not reported again (the attention scopes of
 * identical layers), unless they also repeat within one block.
 */
export function findRepeatedBlocks(
  ir: GraphIR,
  tree: ScopeTree,
  options: RepeatedBlockOptions = {},
): RepeatedBlockGroup[] {
  const minNodes = options.minNodes ?? 3;
  const opTypeOf = new Map(ir.nodes.map((node) => [node.id, node.opType]));
  const order = new Map(ir.nodes.map((node, index) => [node.id, index]));

  /** Node ids under a scope in graph order, with each node's scope path relative to the scope. */
  const contents = (scope: ScopeNode): { id: string; relative: string }[] => {
    const items: { id: string; relative: string }[] = [];
    const walk = (current: ScopeNode) => {
      const relative = current.path.slice(scope.path.length);
      for (const id of current.nodeIds) items.push({ id, relative });
      current.children.forEach(walk);
    };
    walk(scope);
    return items.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  };

  const groups = new Map<string, { members: ScopeNode[]; opTypes: string[] }>();
  const visit = (scope: ScopeNode) => {
    if (scope.depth > 0 && scope.totalNodeCount >= minNodes) {
      const items = contents(scope);
      const signature = items.map((item) => `${item.relative}|${opTypeOf.get(item.id) ?? ''}`).join('\n');
      const group = groups.get(signature);
      if (group) group.members.push(scope);
      else
        groups.set(signature, {
          members: [scope],
          opTypes: items.map((item) => opTypeOf.get(item.id) ?? ''),
        });
    }
    scope.children.forEach(visit);
  };
  visit(tree.root);

  const repeated = [...groups.values()].filter((group) => group.members.length > 1);
  const repeatedPaths = new Set(repeated.flatMap((group) => group.members.map((member) => member.path)));
  const insideRepeat = (path: string) => {
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) {
      if (repeatedPaths.has(path.slice(0, cut))) return true;
    }
    return false;
  };
  const firstNodeIndex = (scope: ScopeNode) => order.get(contents(scope)[0]?.id ?? '') ?? 0;

  return repeated
    .flatMap((group) => {
      // Members inside a reported repeat are covered by it, unless the repeat is within one block.
      const outer = group.members.filter((member) => !insideRepeat(member.path));
      const members =
        outer.length > 1 ? outer : outer.length === 0 && hasSiblings(group.members) ? group.members : [];
      if (members.length < 2) return [];
      return [
        {
          memberPaths: [...members].sort((a, b) => firstNodeIndex(a) - firstNodeIndex(b)).map((m) => m.path),
          nodesPerBlock: group.opTypes.length,
          opTypes: group.opTypes,
        },
      ];
    })
    .sort((a, b) => b.nodesPerBlock * b.memberPaths.length - a.nodesPerBlock * a.memberPaths.length);
}

function parentPath(path: string): string {
  return path.slice(0, path.lastIndexOf('/'));
}

/** True when at least two members are siblings: a repeat inside one block (m.0, m.1 of a C2f). */
function hasSiblings(members: readonly ScopeNode[]): boolean {
  const parents = new Set<string>();
  for (const member of members) {
    const parent = parentPath(member.path);
    if (parents.has(parent)) return true;
    parents.add(parent);
  }
  return false;
}
