// Structural checks of a graph IR: cycles (error), dangling inputs and unproduced outputs (warnings),
// duplicate producers, operators and domains that Glassbox or the model's opset imports do not know.

import type { OnnxFunction, OpsetImport } from '../onnx/index.ts';
import type { GraphIR, IRNode } from './graph-types.ts';
import { isKnownDomain, isKnownOp } from './op-categories.ts';

export type GraphIssueCode =
  | 'cycle'
  | 'not-topological'
  | 'dangling-input'
  | 'output-not-produced'
  | 'duplicate-producer'
  | 'unknown-op'
  | 'undeclared-domain'
  | 'custom-domain';

export interface GraphIssue {
  severity: 'error' | 'warning' | 'info';
  code: GraphIssueCode;
  message: string;
  nodeIds: string[];
  valueName?: string;
}

export interface ValidationContext {
  opsetImports: readonly OpsetImport[];
  /** Model-local functions: nodes may call them like operators. */
  functions?: readonly Pick<OnnxFunction, 'name' | 'domain'>[];
}

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);

function appendTo(map: Map<string, string[]>, key: string, id: string): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

function label(node: IRNode): string {
  return node.name ? `${node.opType} node "${node.name}"` : `${node.opType} node ${node.id}`;
}

/** Checks the graph and, recursively, the subgraphs of its If/Loop/Scan nodes. */
export function validateGraph(ir: GraphIR, context: ValidationContext): GraphIssue[] {
  const issues: GraphIssue[] = [];
  // A work list, not recursion, and loops, not push(...list): a hostile model's nesting depth and issue
  // count are its author's choice, and either would otherwise overflow the stack.
  const pending: GraphIR[] = [ir];
  for (let graph = pending.pop(); graph !== undefined; graph = pending.pop()) {
    for (const issue of structuralIssues(graph)) issues.push(issue);
    for (const node of graph.nodes) for (const subgraph of node.subgraphs) pending.push(subgraph.graph);
  }
  for (const issue of operatorIssues(ir, context)) issues.push(issue);
  return issues;
}

function structuralIssues(ir: GraphIR): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const nodeById = new Map(ir.nodes.map((node) => [node.id, node]));

  for (const cycle of findCycles(ir)) {
    const names = cycle
      .map((id) => nodeById.get(id))
      .filter((node) => node !== undefined)
      .map(label);
    issues.push({
      severity: 'error',
      code: 'cycle',
      message: `Cycle through ${cycle.length} node${cycle.length === 1 ? '' : 's'}: ${names.slice(0, 5).join(' → ')}${cycle.length > 5 ? ' → …' : ''}`,
      nodeIds: cycle,
    });
  }
  if (!issues.some((issue) => issue.code === 'cycle')) {
    const position = new Map(ir.nodes.map((node, index) => [node.id, index]));
    const late = ir.edges.filter(
      (edge) => (position.get(edge.source) ?? 0) > (position.get(edge.target) ?? 0),
    );
    if (late.length > 0) {
      issues.push({
        severity: 'info',
        code: 'not-topological',
        message: `${late.length} edge${late.length === 1 ? '' : 's'} point backwards in file order; ONNX asks for nodes in topological order`,
        nodeIds: [...new Set(late.map((edge) => edge.target))],
      });
    }
  }

  const producers = new Map<string, string[]>();
  for (const node of ir.nodes) for (const output of node.outputs) appendTo(producers, output, node.id);
  for (const [valueName, ids] of producers) {
    if (ids.length > 1) {
      issues.push({
        severity: 'warning',
        code: 'duplicate-producer',
        message: `Value "${valueName}" is output by ${ids.length} nodes; ONNX values have exactly one producer`,
        nodeIds: ids,
        valueName,
      });
    }
  }

  for (const value of ir.values.values()) {
    if (value.kind === 'intermediate' && value.producer === undefined && value.consumers.length > 0) {
      issues.push({
        severity: 'warning',
        code: 'dangling-input',
        message: `Value "${value.name}" is read by ${value.consumers.length} node${value.consumers.length === 1 ? '' : 's'} but no node, input or initializer provides it`,
        nodeIds: value.consumers,
        valueName: value.name,
      });
    }
  }
  for (const name of ir.outputs) {
    const value = ir.values.get(name);
    if (value && value.producer === undefined && value.kind === 'output') {
      issues.push({
        severity: 'warning',
        code: 'output-not-produced',
        message: `Graph output "${name}" is not produced by any node`,
        nodeIds: [],
        valueName: name,
      });
    }
  }
  return issues;
}

function operatorIssues(ir: GraphIR, context: ValidationContext): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const imported = new Set(
    context.opsetImports.map((opset) => (opset.domain === 'ai.onnx' ? '' : opset.domain)),
  );
  const functions = new Set((context.functions ?? []).map((f) => `${f.domain}\u0000${f.name}`));
  const unknownOps = new Map<string, string[]>();
  const undeclared = new Map<string, string[]>();
  const custom = new Map<string, string[]>();

  const visit = (graph: GraphIR) => {
    for (const node of graph.nodes) {
      const domain = DEFAULT_DOMAINS.has(node.domain) ? '' : node.domain;
      const isFunction = functions.has(`${node.domain}\u0000${node.opType}`);
      if (!imported.has(domain) && !isFunction) appendTo(undeclared, domain, node.id);
      if (domain === '' && !isKnownOp(node.opType, '') && !isFunction)
        appendTo(unknownOps, node.opType, node.id);
      else if (domain !== '' && !isKnownDomain(domain) && !isFunction) appendTo(custom, domain, node.id);
      for (const subgraph of node.subgraphs) visit(subgraph.graph);
    }
  };
  visit(ir);

  for (const [opType, ids] of unknownOps) {
    issues.push({
      severity: 'warning',
      code: 'unknown-op',
      message: `"${opType}" is not a standard ONNX operator (${ids.length} node${ids.length === 1 ? '' : 's'})`,
      nodeIds: ids,
    });
  }
  for (const [domain, ids] of undeclared) {
    issues.push({
      severity: 'warning',
      code: 'undeclared-domain',
      message: `Domain "${domain || 'ai.onnx'}" is used by ${ids.length} node${ids.length === 1 ? '' : 's'} but not imported in opset_import`,
      nodeIds: ids,
    });
  }
  for (const [domain, ids] of custom) {
    issues.push({
      severity: 'info',
      code: 'custom-domain',
      message: `Custom operator domain "${domain}" (${ids.length} node${ids.length === 1 ? '' : 's'}): runtimes need a matching extension to run it`,
      nodeIds: ids,
    });
  }
  return issues;
}

/**
 * Strongly connected components with more than one node, or a node feeding itself: every cycle, each
 * reported once. Iterative Tarjan, so a 10,000-node chain cannot overflow the call stack.
 */
export function findCycles(ir: GraphIR): string[][] {
  const successors = new Map<string, string[]>(ir.nodes.map((node) => [node.id, []]));
  const selfLoops = new Set<string>();
  for (const edge of ir.edges) {
    successors.get(edge.source)?.push(edge.target);
    if (edge.source === edge.target) selfLoops.add(edge.source);
  }
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  for (const start of ir.nodes) {
    if (index.has(start.id)) continue;
    const work: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    index.set(start.id, counter);
    lowLink.set(start.id, counter++);
    stack.push(start.id);
    onStack.add(start.id);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (!frame) break;
      const next = successors.get(frame.id)?.[frame.next];
      if (next !== undefined) {
        frame.next++;
        if (!index.has(next)) {
          index.set(next, counter);
          lowLink.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ id: next, next: 0 });
        } else if (onStack.has(next)) {
          lowLink.set(frame.id, Math.min(lowLink.get(frame.id) ?? 0, index.get(next) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowLink.set(parent.id, Math.min(lowLink.get(parent.id) ?? 0, lowLink.get(frame.id) ?? 0));
      if (lowLink.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        for (;;) {
          const id = stack.pop();
          if (id === undefined) break;
          onStack.delete(id);
          component.push(id);
          if (id === frame.id) break;
        }
        if (component.length > 1 || selfLoops.has(frame.id)) cycles.push(component.reverse());
      }
    }
  }
  return cycles;
}
