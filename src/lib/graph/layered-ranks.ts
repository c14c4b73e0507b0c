// Longest-path ranks of a directed graph, iteratively (no recursion, so any depth is safe). Nodes on
// cycles, which have no longest path, are ranked after everything reachable before them.

export interface RankInput {
  nodes: readonly { id: string }[];
  edges: readonly { source: string; target: string }[];
}

/** Node id → rank (0 for sources); every edge that is not on a cycle goes from a lower to a higher rank. */
export function longestPathRanks(graph: RankInput): Map<string, number> {
  const successors = new Map<string, string[]>(graph.nodes.map((node) => [node.id, []]));
  const inDegree = new Map<string, number>(graph.nodes.map((node) => [node.id, 0]));
  for (const edge of graph.edges) {
    if (!successors.has(edge.source) || !inDegree.has(edge.target) || edge.source === edge.target) continue;
    successors.get(edge.source)?.push(edge.target);
    inDegree.set(edge.target, (inDegree.get(edge.target) ?? 0) + 1);
  }
  const rank = new Map<string, number>();
  const queue: string[] = [];
  for (const node of graph.nodes) {
    if (inDegree.get(node.id) === 0) {
      queue.push(node.id);
      rank.set(node.id, 0);
    }
  }
  let head = 0;
  const drain = () => {
    while (head < queue.length) {
      const id = queue[head++] ?? '';
      const next = (rank.get(id) ?? 0) + 1;
      for (const target of successors.get(id) ?? []) {
        rank.set(target, Math.max(rank.get(target) ?? 0, next));
        const remaining = (inDegree.get(target) ?? 0) - 1;
        inDegree.set(target, remaining);
        if (remaining === 0) queue.push(target);
      }
    }
  };
  drain();
  // Break each remaining cycle at its first node in input order, then continue.
  for (const node of graph.nodes) {
    if ((inDegree.get(node.id) ?? 0) <= 0) continue;
    inDegree.set(node.id, 0);
    rank.set(node.id, rank.get(node.id) ?? 0);
    queue.push(node.id);
    drain();
  }
  return rank;
}
