// Constant folding for display, as Netron does: a Constant op whose value some node reads is not drawn as
// a box of its own; its consumers show it among their inputs. Pure: (IR) → which Constants fold where.
import type { GraphIR, IRNode } from './graph-types.ts';

/** The standard ONNX Constant op (default domain, spelled either way). */
export function isConstantOp(node: Pick<IRNode, 'opType' | 'domain'>): boolean {
  return node.opType === 'Constant' && (node.domain === '' || node.domain === 'ai.onnx');
}

/**
 * Constant nodes that fold into the nodes reading their value: IR node id → the consumers' ids, in graph
 * order. A Constant that is a graph output (the output box must keep its producer) or that nothing reads
 * (nothing to fold it into) stays a box.
 */
export function foldableConstants(ir: GraphIR): Map<string, string[]> {
  const outputs = new Set(ir.outputs);
  const folded = new Map<string, string[]>();
  for (const node of ir.nodes) {
    if (!isConstantOp(node) || node.outputs.length !== 1) continue;
    const name = node.outputs[0] ?? '';
    const value = ir.values.get(name);
    if (!value || outputs.has(name) || value.consumers.length === 0) continue;
    folded.set(node.id, [...value.consumers]);
  }
  return folded;
}
