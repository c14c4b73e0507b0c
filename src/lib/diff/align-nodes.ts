// Pairs the nodes of two graphs: first by name (unique, non-empty names on both sides), then by
// structure for renamed nodes — same op type and domain, fed from the same places (paired producers at
// the same output, same-named graph inputs, weights) — walking forward from what is paired, and backward
// from a paired node to its unpaired producers of the same op type. Nodes that pair with nothing are
// reported as added or removed; nothing is paired by guesswork beyond these rules.
import type { AlignedBy } from './diff-types.ts';
import { sourceOf, type GraphIndex } from './graph-index.ts';

export interface Alignment {
  /** Left node index → right node index. */
  leftToRight: Map<number, number>;
  rightToLeft: Map<number, number>;
  by: Map<number, AlignedBy>;
}

function uniqueNames(index: GraphIndex): Map<string, number> {
  const seen = new Map<string, number>();
  const repeated = new Set<string>();
  index.graph.nodes.forEach((node, i) => {
    if (node.name === '') return;
    if (seen.has(node.name)) repeated.add(node.name);
    seen.set(node.name, i);
  });
  for (const name of repeated) seen.delete(name);
  return seen;
}

/**
 * An input's key in the left graph's terms: a paired producer is named by its left index, so the same key
 * on both sides means the same place. null = not anchored (an unpaired producer).
 */
function inputKey(
  index: GraphIndex,
  value: string | undefined,
  toLeft: (node: number) => number | undefined,
): string | null {
  const source = sourceOf(index, value);
  switch (source.kind) {
    case 'none':
      return '-';
    case 'weight':
      return 'w';
    case 'input':
      return `i:${source.name}`;
    case 'unknown':
      return `u:${source.name}`;
    case 'node': {
      const left = toLeft(source.node);
      return left === undefined ? null : `n:${left}:${source.output}`;
    }
  }
}

function structureKey(
  index: GraphIndex,
  node: number,
  toLeft: (node: number) => number | undefined,
): { key: string; anchored: boolean } {
  const onnx = index.graph.nodes[node];
  if (!onnx) return { key: '', anchored: false };
  const keys = onnx.inputs.map((value) => inputKey(index, value, toLeft));
  const anchored = keys.some((key) => key !== null && (key.startsWith('n:') || key.startsWith('i:')));
  return { key: `${onnx.domain}|${onnx.opType}|${keys.map((key) => key ?? '?').join(',')}`, anchored };
}

export function alignNodes(left: GraphIndex, right: GraphIndex): Alignment {
  const leftToRight = new Map<number, number>();
  const rightToLeft = new Map<number, number>();
  const by = new Map<number, AlignedBy>();
  const pair = (l: number, r: number, how: AlignedBy) => {
    leftToRight.set(l, r);
    rightToLeft.set(r, l);
    by.set(l, how);
  };

  const rightNames = uniqueNames(right);
  for (const [name, l] of uniqueNames(left)) {
    const r = rightNames.get(name);
    if (r !== undefined) pair(l, r, 'name');
  }

  let progress = true;
  while (progress) {
    progress = false;
    // Forward: unpaired left nodes by their structure key, in file order (parallel twins pair in order).
    const candidates = new Map<string, number[]>();
    left.graph.nodes.forEach((_, l) => {
      if (leftToRight.has(l)) return;
      const { key, anchored } = structureKey(left, l, (node) => node);
      if (!anchored) return;
      const list = candidates.get(key) ?? [];
      list.push(l);
      candidates.set(key, list);
    });
    right.graph.nodes.forEach((_, r) => {
      if (rightToLeft.has(r)) return;
      const { key, anchored } = structureKey(right, r, (node) => rightToLeft.get(node));
      if (!anchored) return;
      const l = candidates.get(key)?.shift();
      if (l === undefined) return;
      pair(l, r, 'structure');
      progress = true;
    });
    // Backward: a paired node's unpaired producers at the same input position, same op type.
    for (const [l, r] of [...leftToRight]) {
      const ln = left.graph.nodes[l];
      const rn = right.graph.nodes[r];
      if (!ln || !rn) continue;
      ln.inputs.forEach((value, position) => {
        const ls = sourceOf(left, value);
        const rs = sourceOf(right, rn.inputs[position]);
        if (ls.kind !== 'node' || rs.kind !== 'node' || ls.output !== rs.output) return;
        if (leftToRight.has(ls.node) || rightToLeft.has(rs.node)) return;
        const lp = left.graph.nodes[ls.node];
        const rp = right.graph.nodes[rs.node];
        if (!lp || !rp || lp.opType !== rp.opType || lp.domain !== rp.domain) return;
        pair(ls.node, rs.node, 'structure');
        progress = true;
      });
    }
  }
  return { leftToRight, rightToLeft, by };
}
