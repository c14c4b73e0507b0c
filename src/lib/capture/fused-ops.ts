// ONNX Runtime optimises a graph before it runs it: it fuses a decomposed LayerNorm into one
// LayerNormalization kernel, MatMul + scale into FusedMatMul, Conv + Relu into FusedConv, x·sigmoid(x) into
// QuickGelu… Its profiler then times kernels the ONNX file does not have. This maps each such kernel back
// to the graph nodes it replaced, so its time is neither lost nor counted twice:
//  1. by name: a kernel that kept a node's name with another op type (Conv_6 ran as FusedConv), or is named
//     from one ("<node>/LayerNormFusion/", "fused <node>"), grows from that node over the nodes that did not
//     run themselves and whose op types the fusion stands for (src/lib/capture/fused-patterns.ts);
//  2. by structure: a kernel with a generated name ("BiasGelu_token_1") takes the one region of such nodes
//     that holds the fusion's core op, ends in a value of the kernel's output shape, and sits between what
//     ran before the kernel and what ran after it in the profiled run;
//  3. else it stays unmapped (said, with its name). Pure: runs in the inspector worker, tested in Node.
import type { GraphIR, IRNode } from '../graph/graph-types.ts';
import type { NodeTiming } from './capture-types.ts';
import { fusionPattern, type FusionPattern } from './fused-patterns.ts';

/** One fused kernel and the graph nodes it stands for. */
export interface FusedGroup {
  /** The profiler's name for the kernel (untrusted text). */
  kernel: string;
  opType: string;
  ms: number;
  /** IR node ids in graph order; the last is the group's sink, which carries the time on the graph. */
  nodeIds: string[];
  /** Their names (the page shows them; a nameless node has ''). */
  nodeNames: string[];
  how: 'name' | 'structure';
}

export interface UnmappedKernel {
  kernel: string;
  opType: string;
  ms: number;
  /** No region fits; several fit; or a plain node's name that several nodes share (not a fused kernel). */
  why: 'not-found' | 'ambiguous' | 'shared-name';
}

export interface FusedMapping {
  /** Timings of nodes that ran as themselves: timing name → IR node id. */
  plain: Map<string, string>;
  groups: FusedGroup[];
  unmapped: UnmappedKernel[];
  /** Nodes (not Constants) that neither ran nor joined a group: ORT folded or removed them. */
  removed: number;
}

/** What the page shows of a mapping: no plain map, totals in ms. */
export interface FusedReport {
  groups: FusedGroup[];
  unmapped: UnmappedKernel[];
  removed: number;
  /** Time in fused kernels (names or op types the model lacks), mapped back, and not. */
  fusedMs: number;
  mappedMs: number;
  unmappedMs: number;
  /** Time of plain nodes whose name several nodes share (placed nowhere; not fused). */
  sharedNameMs: number;
  /** All kernel time of the run, for the share. */
  totalMs: number;
}

interface Kernel {
  timing: NodeTiming;
  anchor: IRNode | undefined;
}

const finiteMs = (timing: Pick<NodeTiming, 'ms'>): number => (Number.isFinite(timing.ms) ? timing.ms : 0);

class GraphIndex {
  readonly byId = new Map<string, IRNode>();
  readonly position = new Map<string, number>();
  readonly byName = new Map<string, IRNode[]>();
  constructor(readonly ir: GraphIR) {
    ir.nodes.forEach((node, index) => {
      this.byId.set(node.id, node);
      this.position.set(node.id, index);
      if (node.name === '') return;
      const same = this.byName.get(node.name);
      if (same) same.push(node);
      else this.byName.set(node.name, [node]);
    });
  }
  /** Producers of a node's inputs and consumers of its outputs. */
  neighbours(node: IRNode): IRNode[] {
    return [...this.producers(node), ...this.consumers(node)];
  }
  /** Producers of a node's inputs, with the input each produces; `crossable` filters by that input. */
  producers(node: IRNode, crossable: (value: string) => boolean = () => true): IRNode[] {
    const ids = new Set<string>();
    for (const input of node.inputs) {
      const producer = this.ir.values.get(input)?.producer;
      if (producer !== undefined && crossable(input)) ids.add(producer);
    }
    ids.delete(node.id);
    return [...ids].flatMap((id) => this.byId.get(id) ?? []);
  }
  consumers(node: IRNode): IRNode[] {
    const ids = new Set<string>();
    for (const output of node.outputs)
      for (const consumer of this.ir.values.get(output)?.consumers ?? []) ids.add(consumer);
    ids.delete(node.id);
    return [...ids].flatMap((id) => this.byId.get(id) ?? []);
  }
  unique(name: string): IRNode | undefined {
    const same = this.byName.get(name);
    return same?.length === 1 ? same[0] : undefined;
  }
  sorted(ids: Iterable<string>): string[] {
    return [...ids].sort((a, b) => (this.position.get(a) ?? 0) - (this.position.get(b) ?? 0));
  }
}

/**
 * The node a kernel's name is made from: "fused <node>", or "<node>/<Fusion>/…" (the longest node name
 * followed by '/'), when exactly one node has that name.
 */
function nameAnchor(index: GraphIndex, kernel: string): IRNode | undefined {
  const name = kernel.startsWith('fused ') ? kernel.slice('fused '.length) : kernel;
  const whole = index.unique(name);
  if (whole && name !== kernel) return whole;
  for (let cut = name.lastIndexOf('/'); cut > 0; cut = name.lastIndexOf('/', cut - 1)) {
    const node = index.unique(name.slice(0, cut));
    if (node) return node;
  }
  return undefined;
}

/** The group's sink: its last node (graph order) whose output leaves the group or the graph. */
function sinkOf(index: GraphIndex, members: ReadonlySet<string>): string | undefined {
  const ordered = index.sorted(members);
  const leaves = ordered.filter((id) =>
    (index.byId.get(id)?.outputs ?? []).some((output) => {
      const consumers = index.ir.values.get(output)?.consumers ?? [];
      return (
        consumers.length === 0 || index.ir.outputs.includes(output) || consumers.some((c) => !members.has(c))
      );
    }),
  );
  return leaves.at(-1) ?? ordered.at(-1);
}

function sameShape(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean | null {
  if (!a || !b) return null;
  return a.length === b.length && a.every((dim, i) => dim === b[i]);
}

/** Maps a profile's kernels onto the IR: plain nodes by name, fused kernels to the nodes they replaced. */
export function mapFusedKernels(
  ir: GraphIR,
  timings: readonly NodeTiming[],
  /** Value name → the run's concrete shape (the capture's), to check a structural match's output. */
  shapes: ReadonlyMap<string, readonly number[]> = new Map(),
): FusedMapping {
  const index = new GraphIndex(ir);
  const plain = new Map<string, string>();
  /** Node id → its place in the run's execution order (plain nodes, and each group's nodes). */
  const order = new Map<string, number | undefined>();
  const claimed = new Set<string>();
  /** Claimed ids in claim order: region caches read what was claimed since they last looked. */
  const claimLog: string[] = [];
  const kernels: Kernel[] = [];
  const unmapped: UnmappedKernel[] = [];

  for (const timing of timings) {
    const same = timing.node === '' ? undefined : index.byName.get(timing.node);
    if (same && same.length > 1) {
      // Two nodes share the name: the profile cannot tell them apart, so neither gets the time.
      unmapped.push({ kernel: timing.node, opType: timing.opType, ms: finiteMs(timing), why: 'shared-name' });
      continue;
    }
    const node = same?.[0];
    if (node && node.opType === timing.opType) {
      plain.set(timing.node, node.id);
      order.set(node.id, timing.order);
    } else {
      // Kept a node's name as another op (Conv_6 ran as FusedConv), or a name the model lacks.
      kernels.push({ timing, anchor: node ?? nameAnchor(index, timing.node) });
    }
  }
  const ranItself = new Set(plain.values());
  // A node a kernel is named after is that kernel's, whichever kernel grows first.
  const reserved = new Set(kernels.flatMap((kernel) => (kernel.anchor ? [kernel.anchor.id] : [])));
  const claimable = (node: IRNode) =>
    node.opType !== 'Constant' && !ranItself.has(node.id) && !claimed.has(node.id) && !reserved.has(node.id);
  const byRunOrder = (a: Kernel, b: Kernel) =>
    (a.timing.order ?? Number.POSITIVE_INFINITY) - (b.timing.order ?? Number.POSITIVE_INFINITY) ||
    (index.position.get(a.anchor?.id ?? '') ?? 0) - (index.position.get(b.anchor?.id ?? '') ?? 0);

  const groups: FusedGroup[] = [];
  const claim = (kernel: Kernel, members: Set<string>, how: FusedGroup['how']) => {
    const sink = sinkOf(index, members);
    const ids = index.sorted(members).filter((id) => id !== sink);
    if (sink !== undefined) ids.push(sink);
    for (const id of ids) {
      claimed.add(id);
      claimLog.push(id);
      order.set(id, kernel.timing.order);
    }
    groups.push({
      kernel: kernel.timing.node,
      opType: kernel.timing.opType,
      ms: finiteMs(kernel.timing),
      nodeIds: ids,
      nodeNames: ids.map((id) => index.byId.get(id)?.name ?? ''),
      how,
    });
  };

  // 1. By name, in run order: an earlier kernel takes its nodes before a later one could reach them.
  const anchored = kernels.filter((kernel) => kernel.anchor).sort(byRunOrder);
  for (const kernel of anchored) {
    const anchor = kernel.anchor;
    if (!anchor) continue;
    const pattern = fusionPattern(kernel.timing.opType);
    claim(kernel, pattern ? grow(index, anchor, pattern, claimable) : new Set([anchor.id]), 'name');
  }

  // 2. By structure, for generated names. A fusion's regions are found once per op type, and again only
  // after a kernel of another type took some of their nodes (a model may have thousands of such kernels).
  const regionsOf = new Map<string, RegionCache>();
  const ranOrder = new Map([...ranItself].map((id) => [id, order.get(id)]));
  const ranWindow = new WeakMap<Set<string>, { after: number; before: number }>();
  const candidatesFor = (opType: string, pattern: FusionPattern): Set<string>[] => {
    let cache = regionsOf.get(opType);
    if (cache && !cache.update(claimLog, claimed)) cache = undefined;
    if (!cache)
      regionsOf.set(opType, (cache = new RegionCache(regions(index, pattern, claimable), claimLog)));
    return [...cache.regions];
  };
  for (const kernel of kernels.filter((candidate) => !candidate.anchor).sort(byRunOrder)) {
    const pattern = fusionPattern(kernel.timing.opType);
    const candidates = pattern ? candidatesFor(kernel.timing.opType, pattern) : [];
    // The nodes that ran as themselves never change their order: a cheap first cut, kept per region.
    const at = kernel.timing.order;
    const fitting = candidates.filter((region) => {
      if (at !== undefined) {
        let window = ranWindow.get(region);
        if (!window) ranWindow.set(region, (window = orderWindow(index, region, (id) => ranOrder.get(id))));
        if (!(window.after < at && at < window.before)) return false;
      }
      return fitsShape(index, region, kernel.timing, shapes) && fitsOrder(index, region, kernel, order);
    });
    const only = fitting.length === 1 ? fitting[0] : undefined;
    if (only) claim(kernel, only, 'structure');
    else {
      const why = fitting.length > 1 ? 'ambiguous' : 'not-found';
      unmapped.push({
        kernel: kernel.timing.node,
        opType: kernel.timing.opType,
        ms: finiteMs(kernel.timing),
        why,
      });
    }
  }

  const removed = ir.nodes.filter((node) => claimable(node)).length;
  return { plain, groups, unmapped, removed };
}

/**
 * One fusion's candidate regions, kept while kernels claim them: a region claimed whole is dropped; one
 * claimed in part has changed shape, and update() says the regions must be found again.
 */
class RegionCache {
  readonly regions: Set<Set<string>>;
  private readonly regionOf = new Map<string, Set<string>>();
  private seen: number;
  constructor(found: readonly Set<string>[], claimLog: readonly string[]) {
    this.regions = new Set(found);
    for (const region of found) for (const id of region) this.regionOf.set(id, region);
    this.seen = claimLog.length;
  }
  /** False when a claim since the last look took part of a region. */
  update(claimLog: readonly string[], claimed: ReadonlySet<string>): boolean {
    for (let at = this.seen; at < claimLog.length; at++) {
      const region = this.regionOf.get(claimLog[at] ?? '');
      if (!region || !this.regions.has(region)) continue;
      if (![...region].every((id) => claimed.has(id))) return false;
      this.regions.delete(region);
    }
    this.seen = claimLog.length;
    return true;
  }
}

/** The anchor and the nodes reachable from it over not-yet-run nodes of the fusion's op types. */
function grow(
  index: GraphIndex,
  anchor: IRNode,
  pattern: FusionPattern,
  claimable: (node: IRNode) => boolean,
): Set<string> {
  const members = new Set([anchor.id]);
  const queue = [anchor];
  // Back over a value only when no entry op of the fusion reads it (then it is the fusion's input).
  const crossable = (value: string) =>
    !(index.ir.values.get(value)?.consumers ?? []).some((id) =>
      pattern.entry.has(index.byId.get(id)?.opType ?? ''),
    );
  for (let node = queue.shift(); node; node = queue.shift()) {
    const back = pattern.forwardOnly ? [] : index.producers(node, crossable);
    for (const next of [...back, ...index.consumers(node)]) {
      if (members.has(next.id) || !claimable(next) || !pattern.ops.has(next.opType)) continue;
      // Conv → Relu → Conv: a forward-only fusion holds one core node, the one it starts at.
      if (pattern.forwardOnly && pattern.core.has(next.opType)) continue;
      members.add(next.id);
      queue.push(next);
    }
  }
  return members;
}

/** Connected regions of not-yet-run nodes of the fusion's op types that hold one of its core ops. */
function regions(
  index: GraphIndex,
  pattern: FusionPattern,
  claimable: (node: IRNode) => boolean,
): Set<string>[] {
  const seen = new Set<string>();
  const found: Set<string>[] = [];
  for (const start of index.ir.nodes) {
    if (seen.has(start.id) || !claimable(start) || !pattern.ops.has(start.opType)) continue;
    const region = grow(index, start, pattern, claimable);
    for (const id of region) seen.add(id);
    if ([...region].some((id) => pattern.core.has(index.byId.get(id)?.opType ?? ''))) found.push(region);
  }
  return found;
}

/** The region's sink computes a value of the kernel's first output shape (unknown either side: passes). */
function fitsShape(
  index: GraphIndex,
  region: ReadonlySet<string>,
  timing: NodeTiming,
  shapes: ReadonlyMap<string, readonly number[]>,
): boolean {
  const sink = index.byId.get(sinkOf(index, region) ?? '');
  const output = sink?.outputs[0];
  return sameShape(output === undefined ? undefined : shapes.get(output), timing.outputShapes?.[0]) !== false;
}

/**
 * The run orders a kernel standing for the region must lie between: after the last node that feeds it,
 * before the first that reads it (nodes of unknown order are left out).
 */
function orderWindow(
  index: GraphIndex,
  region: ReadonlySet<string>,
  orderOf: (id: string) => number | undefined,
): { after: number; before: number } {
  let after = Number.NEGATIVE_INFINITY;
  let before = Number.POSITIVE_INFINITY;
  for (const id of region) {
    const node = index.byId.get(id);
    if (!node) continue;
    for (const next of index.producers(node)) {
      const when = region.has(next.id) ? undefined : orderOf(next.id);
      if (when !== undefined) after = Math.max(after, when);
    }
    for (const next of index.consumers(node)) {
      const when = region.has(next.id) ? undefined : orderOf(next.id);
      if (when !== undefined) before = Math.min(before, when);
    }
  }
  return { after, before };
}

/** What feeds the region ran before the kernel, and what reads it ran after (unknown orders pass). */
function fitsOrder(
  index: GraphIndex,
  region: ReadonlySet<string>,
  kernel: Kernel,
  order: ReadonlyMap<string, number | undefined>,
): boolean {
  const at = kernel.timing.order;
  if (at === undefined) return true;
  const window = orderWindow(index, region, (id) => order.get(id));
  return window.after < at && at < window.before;
}

/** The page's summary of a mapping over the run's timings. */
export function fusedReport(mapping: FusedMapping, timings: readonly NodeTiming[]): FusedReport {
  const sum = (items: readonly { ms: number }[]) => items.reduce((total, item) => total + item.ms, 0);
  const mappedMs = sum(mapping.groups);
  const unmappedMs = sum(mapping.unmapped.filter((kernel) => kernel.why !== 'shared-name'));
  return {
    groups: mapping.groups,
    unmapped: mapping.unmapped,
    removed: mapping.removed,
    fusedMs: mappedMs + unmappedMs,
    mappedMs,
    unmappedMs,
    sharedNameMs: sum(mapping.unmapped.filter((kernel) => kernel.why === 'shared-name')),
    totalMs: timings.reduce((sum, timing) => sum + finiteMs(timing), 0),
  };
}
