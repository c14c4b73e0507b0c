// A read-only index of a decoded graph for structure finding: who produces each value, who reads it, which
// values are constants (weights, Constant nodes and anything computed from them alone), and ancestry
// queries bounded by node order (ONNX graphs are stored in topological order).
import type { GraphMessage, NodeMessage } from '../../../onnx/proto-messages.ts';

export interface IndexedNode {
  index: number;
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  message: NodeMessage;
}

export class GraphIndex {
  readonly nodes: IndexedNode[];
  readonly initializers = new Set<string>();
  readonly graphInputs = new Set<string>();
  private readonly producers = new Map<string, IndexedNode>();
  private readonly consumers = new Map<string, IndexedNode[]>();
  private readonly constants = new Set<string>();

  constructor(readonly graph: GraphMessage) {
    this.nodes = (graph.node ?? []).map((message, index) => ({
      index,
      name: message.name ?? '',
      opType: message.op_type ?? '',
      domain: message.domain ?? '',
      inputs: message.input ?? [],
      outputs: message.output ?? [],
      message,
    }));
    for (const tensor of graph.initializer ?? []) if (tensor.name) this.initializers.add(tensor.name);
    for (const info of graph.input ?? []) if (info.name) this.graphInputs.add(info.name);
    for (const name of this.initializers) if (!this.graphInputs.has(name)) this.constants.add(name);
    for (const node of this.nodes) {
      for (const output of node.outputs) if (output) this.producers.set(output, node);
      for (const input of node.inputs) {
        if (!input) continue;
        const list = this.consumers.get(input) ?? [];
        list.push(node);
        this.consumers.set(input, list);
      }
      // In topological order every input's constness is known when its reader is reached.
      const constant = node.inputs.every((input) => input === '' || this.constants.has(input));
      if (constant) for (const output of node.outputs) if (output) this.constants.add(output);
    }
  }

  producer(value: string): IndexedNode | undefined {
    return this.producers.get(value);
  }

  readers(value: string): readonly IndexedNode[] {
    return this.consumers.get(value) ?? [];
  }

  /** A weight, a Constant node's output, or computed from those alone (a Transpose of a weight). */
  isConstant(value: string): boolean {
    return this.constants.has(value);
  }

  /** The inputs of node that are computed at run time. */
  dataInputs(node: IndexedNode): string[] {
    return node.inputs.filter((input) => input !== '' && !this.isConstant(input));
  }

  /**
   * Whether `value` is computed from `ancestor`, looking only at nodes after ancestor's producer (earlier
   * nodes cannot read it). A value is not its own ancestor.
   */
  dependsOn(value: string, ancestor: string): boolean {
    const floor = this.producer(ancestor)?.index ?? -1;
    const seen = new Set<number>();
    const stack = [value];
    while (stack.length > 0) {
      const current = stack.pop() ?? '';
      const node = this.producer(current);
      if (!node || node.index <= floor || seen.has(node.index)) continue;
      seen.add(node.index);
      for (const input of node.inputs) {
        if (input === ancestor) return true;
        if (input !== '' && !this.isConstant(input)) stack.push(input);
      }
    }
    return false;
  }

  /** The nodes that compute `value` from `from`: after from's producer, ancestors of value, not past from. */
  nodesBetween(from: string, value: string): IndexedNode[] {
    const floor = this.producer(from)?.index ?? -1;
    const found = new Map<number, IndexedNode>();
    const stack = [value];
    while (stack.length > 0) {
      const current = stack.pop() ?? '';
      if (current === from) continue;
      const node = this.producer(current);
      if (!node || node.index <= floor || found.has(node.index)) continue;
      found.set(node.index, node);
      for (const input of node.inputs) if (input !== '' && !this.isConstant(input)) stack.push(input);
    }
    return [...found.values()].sort((a, b) => a.index - b.index);
  }
}
