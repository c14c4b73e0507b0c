// What differs between two aligned nodes: op type, attributes (by name, as text; tensor attributes by
// value), and each input's wiring — where it comes from, in terms that mean the same on both sides — with
// the weights at the same input position compared by value.
import { formatAttributeValue } from '../graph/format-attribute.ts';
import type { OnnxNode } from '../onnx/model-types.ts';
import type { AttributeChange, WeightChange, WiringChange } from './diff-types.ts';
import type { Alignment } from './align-nodes.ts';
import { describeSource, sourceOf, type GraphIndex, type Source } from './graph-index.ts';
import { compareWeights } from './weight-diff.ts';

export interface NodeDifferences {
  opType?: { before: string; after: string };
  attributes: AttributeChange[];
  wiring: WiringChange[];
  weights: WeightChange[];
}

function compareAttributes(a: OnnxNode, b: OnnxNode, weights: WeightChange[]): AttributeChange[] {
  const changes: AttributeChange[] = [];
  const before = new Map(a.attributes.map((attribute) => [attribute.name, attribute]));
  const after = new Map(b.attributes.map((attribute) => [attribute.name, attribute]));
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const x = before.get(name);
    const y = after.get(name);
    if (x?.kind === 'tensor' && y?.kind === 'tensor') {
      // A Constant's value is a weight in all but name: compared by value, listed with the weights.
      const change = compareWeights(
        -1,
        { ...x.value, name: `${a.name}.${name}` },
        {
          ...y.value,
          name: `${b.name}.${name}`,
        },
      );
      if (change) weights.push(change);
      continue;
    }
    const textBefore = x ? formatAttributeValue(x) : null;
    const textAfter = y ? formatAttributeValue(y) : null;
    if (textBefore !== textAfter || x?.kind !== y?.kind) {
      changes.push({ name, before: textBefore, after: textAfter });
    }
  }
  return changes;
}

/** The right side's source in the left graph's terms, so equal keys mean the same place. */
function sameSource(ls: Source, rs: Source, alignment: Alignment): boolean {
  if (ls.kind !== rs.kind) return false;
  switch (ls.kind) {
    case 'none':
    case 'weight':
      return true;
    case 'input':
    case 'unknown':
      return rs.kind === ls.kind && rs.name === ls.name;
    case 'node':
      return rs.kind === 'node' && alignment.rightToLeft.get(rs.node) === ls.node && rs.output === ls.output;
  }
}

export function compareNodes(
  left: GraphIndex,
  right: GraphIndex,
  l: number,
  r: number,
  alignment: Alignment,
): NodeDifferences {
  const a = left.graph.nodes[l];
  const b = right.graph.nodes[r];
  const result: NodeDifferences = { attributes: [], wiring: [], weights: [] };
  if (!a || !b) return result;
  if (a.opType !== b.opType || a.domain !== b.domain) {
    const op = (node: OnnxNode) => (node.domain === '' ? node.opType : `${node.domain}.${node.opType}`);
    result.opType = { before: op(a), after: op(b) };
  }
  result.attributes = compareAttributes(a, b, result.weights);
  const positions = Math.max(a.inputs.length, b.inputs.length);
  for (let position = 0; position < positions; position++) {
    const ls = sourceOf(left, a.inputs[position]);
    const rs = sourceOf(right, b.inputs[position]);
    if (ls.kind === 'weight' && rs.kind === 'weight') {
      const x = left.weights.get(ls.name);
      const y = right.weights.get(rs.name);
      const change = x && y ? compareWeights(position, x, y) : null;
      if (change) result.weights.push(change);
      continue;
    }
    if (!sameSource(ls, rs, alignment)) {
      result.wiring.push({
        position,
        before: describeSource(left, ls),
        after: describeSource(right, rs),
      });
    }
  }
  return result;
}
