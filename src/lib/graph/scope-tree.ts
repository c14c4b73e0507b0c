// Name scopes: exporters name nodes by module path ("/bert/encoder/layer.0/attention/self/query/MatMul",
// "/model.2/cv1/conv/Conv"); this turns those paths into a tree with node and parameter totals per scope.

import type { GraphIR, IRNode } from './graph-types.ts';

export interface ScopeNode {
  /** "/bert/encoder/layer.0"; '' for the root. */
  path: string;
  /** Last path segment ("layer.0"); '' for the root. */
  name: string;
  /** 0 for the root. */
  depth: number;
  children: ScopeNode[];
  /** Ids of nodes directly in this scope (not in a child scope). */
  nodeIds: string[];
  /** Nodes in this scope and all its descendants. */
  totalNodeCount: number;
  /** Elements of the initializers this scope's nodes read (each initializer counted once, in the innermost
   *  scope that contains all its readers). */
  parameterCount: number;
  /** Bytes of those initializers as stored. */
  parameterBytes: number;
}

export interface ScopeTree {
  root: ScopeNode;
  byPath: ReadonlyMap<string, ScopeNode>;
  /** Node id → the path of its innermost scope ('' for unscoped nodes). */
  scopeOfNode: ReadonlyMap<string, string>;
}

/**
 * Scope segments of a node: its name split on '/', minus the last segment (the op itself). Unnamed nodes
 * fall back to their first output's name, which exporters build from the same module path.
 */
export function scopeSegments(node: Pick<IRNode, 'name' | 'outputs'>): string[] {
  const source = node.name.includes('/') ? node.name : (node.outputs[0] ?? '');
  const segments = source.split('/').filter((segment) => segment !== '');
  return segments.slice(0, -1);
}

export function joinScope(segments: readonly string[]): string {
  return segments.length === 0 ? '' : `/${segments.join('/')}`;
}

/** "/a/b/c" → ["/a", "/a/b", "/a/b/c"] */
export function scopeAncestry(path: string): string[] {
  const segments = path.split('/').filter((segment) => segment !== '');
  return segments.map((_, i) => joinScope(segments.slice(0, i + 1)));
}

function newScope(path: string, name: string, depth: number): ScopeNode {
  return {
    path,
    name,
    depth,
    children: [],
    nodeIds: [],
    totalNodeCount: 0,
    parameterCount: 0,
    parameterBytes: 0,
  };
}

function commonPrefix(a: readonly string[], b: readonly string[]): string[] {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i);
}

export function buildScopeTree(ir: GraphIR): ScopeTree {
  const root = newScope('', '', 0);
  const byPath = new Map<string, ScopeNode>([['', root]]);
  const scopeOfNode = new Map<string, string>();
  const segmentsOfNode = new Map<string, string[]>();

  /** The scopes from the root down to `segments`, created as needed. */
  const chainOf = (segments: readonly string[]): ScopeNode[] => {
    const chain = [root];
    let scope = root;
    let path = '';
    for (const [i, segment] of segments.entries()) {
      path = `${path}/${segment}`;
      let child = byPath.get(path);
      if (!child) {
        child = newScope(path, segment, i + 1);
        scope.children.push(child);
        byPath.set(path, child);
      }
      chain.push(child);
      scope = child;
    }
    return chain;
  };

  for (const node of ir.nodes) {
    const segments = scopeSegments(node);
    const chain = chainOf(segments);
    for (const scope of chain) scope.totalNodeCount++;
    const innermost = chain[chain.length - 1] ?? root;
    innermost.nodeIds.push(node.id);
    scopeOfNode.set(node.id, innermost.path);
    segmentsOfNode.set(node.id, segments);
  }

  for (const value of ir.values.values()) {
    if (value.kind !== 'initializer' || !value.tensor) continue;
    let owner: string[] | undefined;
    for (const consumer of value.consumers) {
      const segments = segmentsOfNode.get(consumer) ?? [];
      owner = owner === undefined ? segments : commonPrefix(owner, segments);
    }
    for (const scope of chainOf(owner ?? [])) {
      scope.parameterCount += value.tensor.elementCount;
      scope.parameterBytes += value.tensor.byteSize;
    }
  }

  return { root, byPath, scopeOfNode };
}

/**
 * Parameter totals of the scopes at `depth` (1 = top level), of shallower scopes that have no children,
 * and ('') of parameters outside all of those; scopes without parameters are left out. Largest first.
 */
export function parametersByScope(
  tree: ScopeTree,
  depth = 1,
): { path: string; parameterCount: number; parameterBytes: number }[] {
  const rows: { path: string; parameterCount: number; parameterBytes: number }[] = [];
  let inScopes = 0;
  let bytesInScopes = 0;
  const visit = (scope: ScopeNode) => {
    if (scope.depth === depth || (scope.depth > 0 && scope.children.length === 0)) {
      if (scope.parameterCount > 0) {
        rows.push({
          path: scope.path,
          parameterCount: scope.parameterCount,
          parameterBytes: scope.parameterBytes,
        });
      }
      inScopes += scope.parameterCount;
      bytesInScopes += scope.parameterBytes;
      return;
    }
    scope.children.forEach(visit);
  };
  visit(tree.root);
  const outside = tree.root.parameterCount - inScopes;
  if (outside > 0) {
    rows.push({
      path: '',
      parameterCount: outside,
      parameterBytes: tree.root.parameterBytes - bytesInScopes,
    });
  }
  return rows.sort((a, b) => b.parameterCount - a.parameterCount);
}
