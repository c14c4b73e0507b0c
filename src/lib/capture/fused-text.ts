// The sentences the inspector shows for ORT's fused kernels: under Time per node (how much time ran in
// fused kernels, how much was mapped back to the graph, what could not be, by name) and in a node's details
// (the kernel it ran in). Kernel names come from the profiler: the page renders them as text.
import { formatCount, formatMs } from '../format.ts';
import type { FusedGroup, FusedReport } from './fused-ops.ts';

const plural = (count: number, one: string, many = `${one}s`) =>
  `${formatCount(count)} ${count === 1 ? one : many}`;

/** "LayerNormalization ×5, BiasGelu ×2, FusedGemm": op types by count, most first. */
function opCounts(ops: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const op of ops) counts.set(op, (counts.get(op) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, count]) => (count === 1 ? op : `${op} ×${count}`))
    .join(', ');
}

/** Names a long list by its first few: a hostile profile may name thousands of kernels. */
const LISTED_NAMES = 8;
function listed(names: readonly string[]): string {
  const more = names.length - LISTED_NAMES;
  return names.slice(0, LISTED_NAMES).join(', ') + (more > 0 ? ` and ${formatCount(more)} more` : '');
}

const percent = (part: number, whole: number) =>
  whole > 0 ? `${Math.round((100 * part) / whole)} %` : '0 %';

/** The lines under Time per node; empty when ORT fused nothing and dropped nothing. */
export function fusedSummaryLines(report: FusedReport): string[] {
  const lines: string[] = [];
  const unmapped = report.unmapped.filter((kernel) => kernel.why !== 'shared-name');
  const kernels = report.groups.length + unmapped.length;
  if (kernels > 0) {
    const nodes = report.groups.reduce((sum, group) => sum + group.nodeIds.length, 0);
    const ops = opCounts([...report.groups, ...unmapped].map((kernel) => kernel.opType));
    lines.push(
      `ONNX Runtime fused nodes into ${plural(kernels, 'kernel')} (${ops}): ${formatMs(report.fusedMs)} of ` +
        `${formatMs(report.totalMs)} (${percent(report.fusedMs, report.totalMs)}).`,
    );
    const mapped =
      report.groups.length === 0
        ? 'None could be mapped back to the graph.'
        : `${unmapped.length === 0 ? 'All of it' : formatMs(report.mappedMs)} mapped back to ` +
          `${plural(nodes, 'graph node')}: each kernel’s time is on its group’s last node.`;
    const notMapped =
      unmapped.length === 0
        ? ''
        : ` Not mapped (${formatMs(report.unmappedMs)}): ${listed(
            unmapped.map(
              (kernel) =>
                `${kernel.kernel} (${kernel.opType}${kernel.why === 'ambiguous' ? ', fits several places' : ''})`,
            ),
          )}.`;
    lines.push(`${mapped}${notMapped}`);
  }
  const shared = report.unmapped.filter((kernel) => kernel.why === 'shared-name');
  if (shared.length > 0)
    lines.push(
      `${plural(shared.length, 'timed name')} belong${shared.length === 1 ? 's' : ''} to several nodes, so ` +
        `${formatMs(report.sharedNameMs)} is on no box: ${listed(shared.map((kernel) => kernel.kernel))}.`,
    );
  if (report.removed > 0)
    lines.push(
      `${plural(report.removed, 'node')} did not run at all: ONNX Runtime folded or removed ${report.removed === 1 ? 'it' : 'them'} before running.`,
    );
  return lines;
}

/** The fused group each node belongs to, by IR node id (what the node details look up). */
export function fusedGroupsByNode(report: FusedReport | null): Map<string, FusedGroup> {
  const byNode = new Map<string, FusedGroup>();
  for (const group of report?.groups ?? []) for (const id of group.nodeIds) byNode.set(id, group);
  return byNode;
}

/** A node's line in its details: the kernel it ran in, and which box shows that kernel's time. */
export function fusedNodeSentence(group: FusedGroup, nodeId: string): string {
  const kernel = `ran as one fused kernel (${group.opType}, ${formatMs(group.ms)}) with ${plural(group.nodeIds.length, 'node')}`;
  const sink = group.nodeIds.at(-1);
  if (sink === nodeId) return `This node ${kernel}; the kernel’s time is shown on this node.`;
  const sinkName = group.nodeNames.at(-1) || 'the group’s last node';
  return `Fused into ${group.opType} by ONNX Runtime: this node ${kernel}; the kernel’s time is shown on ${sinkName}.`;
}
