// A change of a model diff in words, for its list entry: what kind, which node, and what differs.
import type { NodeDiff, WeightChange } from './diff-types.ts';

function short(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e4)
    ? value.toExponential(2)
    : String(Number(value.toPrecision(3)));
}

export function changeTitle(change: NodeDiff): string {
  const node = change.kind === 'added' ? change.right : change.left;
  const name = node ? `${node.name} (${node.opType})` : '';
  if (change.kind === 'changed' && change.right && change.left && change.right.name !== change.left.name)
    return `${name} → ${change.right.name}`;
  return name;
}

function weightLine(weight: WeightChange): string {
  const which = weight.position < 0 ? weight.leftName : `weight ${weight.leftName}`;
  if (weight.note) return `${which}: ${weight.note}`;
  return `${which} [${weight.dims.join('×')}]: max |Δ| ${short(weight.maxAbs)}, relative norm ${short(weight.relativeNorm)}`;
}

/** One line per difference of a changed node; for added and removed nodes, where they sit. */
export function changeDetails(change: NodeDiff): string[] {
  if (change.kind === 'added') {
    return [
      change.anchor ? `Attaches at ${change.anchor.name}.` : 'Nothing around it aligns with this graph.',
    ];
  }
  if (change.kind === 'removed') return ['Not in the other model.'];
  const lines: string[] = [];
  if (change.alignedBy === 'structure') lines.push('Aligned by structure (renamed).');
  if (change.opType) lines.push(`op ${change.opType.before} → ${change.opType.after}`);
  for (const a of change.attributes)
    lines.push(`attribute ${a.name}: ${a.before ?? '(absent)'} → ${a.after ?? '(absent)'}`);
  for (const w of change.wiring)
    lines.push(`input ${w.position}: ${w.before ?? '(none)'} → ${w.after ?? '(none)'}`);
  for (const w of change.weights) lines.push(weightLine(w));
  return lines;
}
