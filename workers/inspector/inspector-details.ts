// What the node panel and the search box ask of an opened model: node details, lazily computed tensor
// statistics, and search over node names, op types and tensor names. Pure functions of InspectedModel.
import { GlassboxError } from '../../src/lib/errors.ts';
import { computeTensorStats, summarizeTensor } from '../../src/lib/onnx/index.ts';
import {
  groupId,
  isConstantOp,
  scopeAncestry,
  type IRNode,
  type OpTypeCount,
  type ScopeNode,
} from '../../src/lib/graph/index.ts';
import { scopeFlops, type InspectedModel } from './inspected-model.ts';
import type {
  NodeDetails,
  SearchHit,
  SearchResults,
  TensorDetails,
  ValueDetails,
} from '../../src/contracts/inspector.ts';
import { visibleClip, visibleText } from '../../src/lib/visible-text.ts';

/** A node's inputs and outputs listed in its details; the rest are counted (a node may have millions). */
export const MAX_LISTED_VALUES = 200;
/** Names are clipped to this in labels; the full name stays in `name`. */
const LABEL_CHARS = 300;

/** Histogram bins and leading values of a tensor's statistics. */
export const TENSOR_STATS_OPTIONS = { bins: 40, firstCount: 64 } as const;

function unknownItem(what: string): GlassboxError {
  return new GlassboxError({
    code: 'graph-item-unknown',
    message: `The model has no ${what}.`,
    remedy: 'The view may be out of date: open the model again.',
  });
}

function valueDetails(inspected: InspectedModel, name: string): ValueDetails {
  const value = inspected.ir.values.get(name);
  const details: ValueDetails = {
    name,
    label: visibleClip(name, LABEL_CHARS),
    dtype: value?.dtype ?? 'unknown',
    shape: value?.shape,
    kind: value?.kind ?? 'intermediate',
    consumerCount: value?.consumers.length ?? 0,
  };
  if (value?.tensor) details.tensor = value.tensor;
  const constant = inspected.constants.get(name);
  if (constant) {
    // A Constant's output: its value is known without running the model, like a weight's.
    details.tensor = summarizeTensor(constant.tensor);
    details.constant = visibleClip(constant.preview, LABEL_CHARS);
    if (value?.producer !== undefined && inspected.foldableIds.has(value.producer)) details.foldable = true;
  }
  if (value?.producer !== undefined) details.producerId = value.producer;
  else if (value?.kind === 'input') details.producerId = `input:${name}`;
  return details;
}

function opHistogramOf(inspected: InspectedModel, scope: ScopeNode): OpTypeCount[] {
  const counts = new Map<string, OpTypeCount>();
  const visit = (current: ScopeNode) => {
    for (const id of current.nodeIds) {
      const node = inspected.nodeById.get(id);
      if (!node) continue;
      const key = `${node.domain}\u0000${node.opType}`;
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { opType: visibleText(node.opType), domain: visibleText(node.domain), count: 1 });
    }
    current.children.forEach(visit);
  };
  visit(scope);
  return [...counts.values()].sort((a, b) => b.count - a.count || a.opType.localeCompare(b.opType));
}

/** Details of a visible-graph node: an op, a group ("group:<path>"), or a graph input/output. */
export function nodeDetails(inspected: InspectedModel, id: string): NodeDetails {
  const { ir, tree } = inspected;
  if (id.startsWith('group:')) {
    const path = id.slice('group:'.length);
    const scope = tree.byPath.get(path);
    if (!scope) throw unknownItem(`scope "${visibleText(path)}"`);
    const details: NodeDetails = {
      kind: 'group',
      id,
      path,
      label: visibleText(scope.name),
      scopeAncestry: scopeAncestry(path),
      nodeCount: scope.totalNodeCount,
      parameterCount: scope.parameterCount,
      parameterBytes: scope.parameterBytes,
      opHistogram: opHistogramOf(inspected, scope),
      flops: scopeFlops(inspected, scope),
    };
    const repeat = inspected.repeatOf.get(path);
    const group = repeat ? inspected.repeats[repeat.group] : undefined;
    if (repeat && group) details.repeat = { ...repeat, memberPaths: group.memberPaths };
    return details;
  }
  for (const kind of ['input', 'output'] as const) {
    if (!id.startsWith(`${kind}:`)) continue;
    const name = id.slice(kind.length + 1);
    if (!ir.values.has(name)) throw unknownItem(`graph ${kind} "${visibleText(name)}"`);
    return { kind, id, value: valueDetails(inspected, name) };
  }
  const node = inspected.nodeById.get(id);
  if (!node) throw unknownItem(`node ${visibleText(id)}`);
  const index = ir.nodes.indexOf(node);
  const scopePath = tree.scopeOfNode.get(id) ?? '';
  return {
    kind: 'op',
    id,
    name: visibleText(node.name),
    opType: visibleText(node.opType),
    domain: visibleText(node.domain),
    category: node.category,
    docString: inspected.model.graph.nodes[index]?.docString ?? '',
    scopePath,
    scopeAncestry: scopeAncestry(scopePath),
    attributes: node.attributes.map((attribute) => ({
      ...attribute,
      name: visibleText(attribute.name),
      text: visibleText(constantAttributeText(inspected, node, attribute.name) ?? attribute.text),
    })),
    inputs: listedValues(inspected, node.inputs, node.implicitInputs),
    inputCount: node.inputs.length + node.implicitInputs.length,
    outputs: listedValues(inspected, node.outputs, []),
    outputCount: node.outputs.length,
    subgraphs: node.subgraphs.map((subgraph) => ({
      attribute: subgraph.attribute,
      nodeCount: subgraph.graph.nodes.length,
    })),
    flops: inspected.flopsByNode.get(id) ?? { flops: 0, kind: 'unknown' },
  };
}

/** A Constant's value attribute says its values, not only its type ("int64[1] = [-1]"). */
function constantAttributeText(
  inspected: InspectedModel,
  node: IRNode,
  attribute: string,
): string | undefined {
  if (!isConstantOp(node) || !attribute.startsWith('value')) return undefined;
  const constant = inspected.constants.get(node.outputs[0] ?? '');
  return constant ? visibleClip(constant.preview, LABEL_CHARS) : undefined;
}

/** Details of the first MAX_LISTED_VALUES names of first, then rest, without copying either list. */
function listedValues(
  inspected: InspectedModel,
  first: readonly string[],
  rest: readonly string[],
): ValueDetails[] {
  const listed: ValueDetails[] = [];
  for (const names of [first, rest]) {
    for (const name of names) {
      if (listed.length >= MAX_LISTED_VALUES) return listed;
      listed.push(valueDetails(inspected, name));
    }
  }
  return listed;
}

/** Statistics of one initializer or Constant's value, computed now (two passes over its bytes, no copy). */
export function tensorDetails(inspected: InspectedModel, name: string): TensorDetails {
  const tensor = inspected.initializers.get(name) ?? inspected.constants.get(name)?.tensor;
  if (!tensor) throw unknownItem(`initializer or constant "${visibleText(name)}"`);
  const summary = summarizeTensor(tensor);
  const result = computeTensorStats(tensor, TENSOR_STATS_OPTIONS);
  return result.ok
    ? { name, summary, ok: true, stats: result.stats }
    : { name, summary, ok: false, reason: visibleText(result.reason) };
}

const MATCH_RANK: Record<SearchHit['match'], number> = { name: 0, 'op-type': 1, tensor: 2 };

/**
 * Case-insensitive substring search. Exact matches come first, then name matches, op types and tensors,
 * each in graph order. Graph inputs and outputs are found by their value names.
 */
export function findNamedNode(inspected: InspectedModel, name: string): SearchHit | null {
  const { ir, tree } = inspected;
  const node = name === '' ? undefined : ir.nodes.find((candidate) => candidate.name === name);
  if (node) {
    return {
      nodeId: node.id,
      title: visibleText(node.opType),
      detail: visibleText(node.name),
      match: 'name',
      scopePath: tree.scopeOfNode.get(node.id) ?? '',
    };
  }
  const scope = name.startsWith('/') ? tree.byPath.get(name) : undefined;
  if (!scope || scope.totalNodeCount < 2) return null;
  // A group is shown once its parent scope is open.
  const parent = scope.path.slice(0, scope.path.lastIndexOf('/'));
  return {
    nodeId: groupId(scope.path),
    title: visibleText(scope.name),
    detail: visibleText(scope.path),
    match: 'name',
    scopePath: parent,
  };
}

/**
 * A hit on a Constant that is drawn folded into its consumers: the consumer's box instead, with a sentence
 * saying where the Constant went. Other hits are returned as they are.
 */
export function redirectFolded(inspected: InspectedModel, hit: SearchHit): SearchHit {
  const consumers = inspected.foldable.get(hit.nodeId);
  const consumer = consumers?.[0] === undefined ? undefined : inspected.nodeById.get(consumers[0]);
  const constant = inspected.nodeById.get(hit.nodeId);
  if (!consumers || !consumer || !constant) return hit;
  const named = (node: { name: string; id: string }) => visibleClip(node.name || node.id, LABEL_CHARS);
  const others =
    consumers.length > 1 ? ` (and ${consumers.length - 1} more node${consumers.length > 2 ? 's' : ''})` : '';
  return {
    ...hit,
    nodeId: consumer.id,
    scopePath: inspected.tree.scopeOfNode.get(consumer.id) ?? '',
    folded: `The Constant “${named(constant)}” is folded into the ${visibleText(consumer.opType)} node “${named(consumer)}”${others}, which is selected: its value is listed among that node's inputs. Choose “Show constants” to see it as a box.`,
  };
}

export function searchGraph(inspected: InspectedModel, query: string, limit = 50): SearchResults {
  const needle = query.trim().toLowerCase();
  if (!needle) return { query, hits: [], total: 0 };
  const { ir, tree } = inspected;
  const found: (SearchHit & { exact: boolean; order: number })[] = [];
  const add = (hit: SearchHit, exact: boolean) => found.push({ ...hit, exact, order: found.length });

  for (const name of ir.inputs) {
    if (name.toLowerCase().includes(needle)) {
      const hit = {
        nodeId: `input:${name}`,
        title: 'input',
        detail: visibleText(name),
        match: 'tensor' as const,
      };
      add({ ...hit, scopePath: '' }, name.toLowerCase() === needle);
    }
  }
  for (const node of ir.nodes) {
    const scopePath = tree.scopeOfNode.get(node.id) ?? '';
    const base = { nodeId: node.id, title: visibleText(node.opType), scopePath };
    const name = node.name.toLowerCase();
    if (name.includes(needle)) {
      add({ ...base, detail: visibleText(node.name), match: 'name' }, name === needle);
      continue;
    }
    const opType = node.opType.toLowerCase();
    if (opType.includes(needle)) {
      add({ ...base, detail: visibleText(node.name || node.id), match: 'op-type' }, opType === needle);
      continue;
    }
    const tensor = [...node.inputs, ...node.outputs].find((value) => value.toLowerCase().includes(needle));
    if (tensor !== undefined)
      add({ ...base, detail: visibleText(tensor), match: 'tensor' }, tensor.toLowerCase() === needle);
  }
  for (const name of ir.outputs) {
    if (name.toLowerCase().includes(needle)) {
      const hit = {
        nodeId: `output:${name}`,
        title: 'output',
        detail: visibleText(name),
        match: 'tensor' as const,
      };
      add({ ...hit, scopePath: '' }, name.toLowerCase() === needle);
    }
  }
  found.sort(
    (a, b) =>
      Number(b.exact) - Number(a.exact) || MATCH_RANK[a.match] - MATCH_RANK[b.match] || a.order - b.order,
  );
  const hits = found.slice(0, limit).map(({ nodeId, title, detail, match, scopePath }) => ({
    nodeId,
    title,
    detail,
    match,
    scopePath,
  }));
  return { query, hits, total: found.length };
}
