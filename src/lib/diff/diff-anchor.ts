// Where each change of a diff shows on the open (left) model's graph: removed and changed nodes are there
// themselves; an added node is shown at the nearest left node it is wired to (an aligned consumer first,
// else an aligned producer), since it has no box of its own on that graph.
import type { OnnxGraph } from '../onnx/model-types.ts';
import type { ChangeKind, ModelDiff } from './diff-types.ts';

/** Left node index → the mark it gets: removed over changed over "added next to it". */
export function leftMarks(diff: ModelDiff): Map<number, ChangeKind> {
  const marks = new Map<number, ChangeKind>();
  const rank: Record<ChangeKind, number> = { removed: 3, changed: 2, added: 1 };
  for (const change of diff.changes) {
    const index = change.anchor?.index;
    if (index === undefined) continue;
    const current = marks.get(index);
    if (!current || rank[change.kind] > rank[current]) marks.set(index, change.kind);
  }
  return marks;
}

/** The left node an added right node is shown at, or null when nothing around it aligned. */
export function anchorOfAdded(
  right: OnnxGraph,
  node: number,
  rightToLeft: ReadonlyMap<number, number>,
): number | null {
  const consumers = new Map<string, number[]>();
  right.nodes.forEach((candidate, index) =>
    candidate.inputs.forEach((value) => {
      if (value === '') return;
      const list = consumers.get(value) ?? [];
      list.push(index);
      consumers.set(value, list);
    }),
  );
  const producers = new Map<string, number>();
  right.nodes.forEach((candidate, index) =>
    candidate.outputs.forEach((value) => producers.set(value, index)),
  );
  // Breadth first, downstream then upstream, a bounded number of steps (a long added chain still finds
  // its ends, a huge unrelated graph does not walk forever).
  for (const direction of ['down', 'up'] as const) {
    const seen = new Set([node]);
    let frontier = [node];
    for (let step = 0; step < 64 && frontier.length > 0; step++) {
      const next: number[] = [];
      for (const current of frontier) {
        const onnx = right.nodes[current];
        if (!onnx) continue;
        const around =
          direction === 'down'
            ? onnx.outputs.flatMap((value) => consumers.get(value) ?? [])
            : onnx.inputs.flatMap((value) => {
                const producer = producers.get(value);
                return producer === undefined ? [] : [producer];
              });
        for (const neighbour of around) {
          const left = rightToLeft.get(neighbour);
          if (left !== undefined) return left;
          if (!seen.has(neighbour)) {
            seen.add(neighbour);
            next.push(neighbour);
          }
        }
      }
      frontier = next;
    }
  }
  return null;
}
