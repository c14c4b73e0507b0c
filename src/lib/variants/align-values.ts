// Which value of a variant stands for which value of the reference. First by name (fp16 and most
// quantisers keep the names of the values they do not replace), then by structure, in the reference's
// topological order: a node whose data inputs are aligned is paired with an unpaired variant node of an
// equivalent op that reads the same values, looking through what variants insert (Casts, Quantize /
// DequantizeLinear). So MatMul ↔ MatMulNBits, MatMul ↔ DequantizeLinear + MatMul, MatMul ↔
// MatMulInteger (its scaled result), and renamed nodes pair up. What cannot be paired is listed. Pure.
import type { GraphMessage } from '../onnx/proto-messages.ts';

export interface AlignNode {
  name: string;
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
}

export interface AlignGraph {
  nodes: readonly AlignNode[];
  /** Initializer names: weights are not values a run computes. */
  initializers: ReadonlySet<string>;
  /** Graph input names: the same feeds go to both models. */
  inputs: readonly string[];
}

export interface AlignedValue {
  reference: string;
  variant: string;
  by: 'name' | 'structure';
  /** The reference node that produces it, its index in the reference graph, its op. */
  producer: string;
  producerIndex: number;
  opType: string;
  /** The variant's op that produces it (MatMulNBits where the reference has MatMul). */
  variantOpType: string;
}

export interface UnalignedValue {
  name: string;
  producer: string;
  opType: string;
}

export interface Alignment {
  aligned: AlignedValue[];
  /** Reference values with no counterpart in the variant. */
  referenceOnly: UnalignedValue[];
  /** Variant values with no counterpart: what it inserted (Casts, dequantised weights) and the rest. */
  variantOnly: UnalignedValue[];
}

/** Ops a variant inserts around what it keeps: looked through when following a value to its readers. */
const PASS_THROUGH = new Set(['Cast', 'QuantizeLinear', 'DequantizeLinear', 'DynamicQuantizeLinear']);

/** Ops that compute the same thing at another precision. */
const EQUIVALENT: readonly (readonly string[])[] = [
  [
    'MatMul',
    'Gemm',
    'MatMulNBits',
    'MatMulInteger',
    'MatMulIntegerToFloat',
    'DynamicQuantizeMatMul',
    'QLinearMatMul',
    'FusedMatMul',
  ],
  ['Conv', 'ConvInteger', 'QLinearConv'],
  ['Gather', 'GatherBlockQuantized'],
];

/** Integer ops whose result is scaled afterwards: the float value is after the Cast and Mul that follow. */
const INTEGER_RESULT = new Set(['MatMulInteger', 'ConvInteger']);

export function equivalentOps(reference: string, variant: string): boolean {
  return (
    reference === variant || EQUIVALENT.some((group) => group.includes(reference) && group.includes(variant))
  );
}

/** The alignment graph of an ONNX graph message (no weights read). */
export function alignGraphOf(graph: GraphMessage): AlignGraph {
  return {
    nodes: (graph.node ?? []).map((node) => ({
      name: node.name ?? '',
      opType: node.op_type ?? '',
      inputs: (node.input ?? []).map((name) => name ?? ''),
      outputs: (node.output ?? []).map((name) => name ?? ''),
    })),
    initializers: new Set((graph.initializer ?? []).map((tensor) => tensor.name ?? '')),
    inputs: (graph.input ?? []).map((input) => input.name ?? ''),
  };
}

function producers(graph: AlignGraph): Map<string, number> {
  const byValue = new Map<string, number>();
  graph.nodes.forEach((node, index) => {
    for (const output of node.outputs) if (output !== '') byValue.set(output, index);
  });
  return byValue;
}

function consumers(graph: AlignGraph): Map<string, number[]> {
  const byValue = new Map<string, number[]>();
  graph.nodes.forEach((node, index) => {
    for (const input of node.inputs) {
      if (input === '') continue;
      const list = byValue.get(input);
      if (list) list.push(index);
      else byValue.set(input, [index]);
    }
  });
  return byValue;
}

/**
 * Aligns reference and variant values. `captured`, when given, keeps only the values each capture holds
 * (graph inputs and weights are not values of the run).
 */
export function alignValues(
  reference: AlignGraph,
  variant: AlignGraph,
  captured?: { reference: ReadonlySet<string>; variant: ReadonlySet<string> },
): Alignment {
  const variantProducer = producers(variant);
  const variantReaders = consumers(variant);
  const referenceProducer = producers(reference);
  const mapped = new Map<string, string>();
  const claimed = new Set<string>();
  const pairedNodes = new Set<number>();
  const aligned: AlignedValue[] = [];
  const pair = (index: number, output: string, to: string, by: AlignedValue['by'], variantIndex: number) => {
    const node = reference.nodes[index] as AlignNode;
    mapped.set(output, to);
    claimed.add(to);
    pairedNodes.add(variantIndex);
    aligned.push({
      reference: output,
      variant: to,
      by,
      producer: node.name,
      producerIndex: index,
      opType: node.opType,
      variantOpType: variant.nodes[variantIndex]?.opType ?? '',
    });
  };

  for (const input of reference.inputs) if (variant.inputs.includes(input)) mapped.set(input, input);
  reference.nodes.forEach((node, index) => {
    for (const output of node.outputs) {
      const variantIndex = output === '' ? undefined : variantProducer.get(output);
      if (variantIndex !== undefined) pair(index, output, output, 'name', variantIndex);
    }
  });

  /** Variant nodes that read `value`, directly or through inserted Casts and (De)QuantizeLinear. */
  const readersThrough = (value: string): Set<number> => {
    const found = new Set<number>();
    const queue = [value];
    const seen = new Set<string>(queue);
    while (queue.length > 0) {
      const current = queue.shift() as string;
      for (const reader of variantReaders.get(current) ?? []) {
        const node = variant.nodes[reader] as AlignNode;
        // An inserted Cast may also be the counterpart of a reference Cast: it is a reader too.
        found.add(reader);
        if (!PASS_THROUGH.has(node.opType)) continue;
        for (const output of node.outputs) {
          if (output !== '' && !seen.has(output)) {
            seen.add(output);
            queue.push(output);
          }
        }
      }
    }
    return found;
  };

  /** The float value an integer op's result becomes: through the single Cast and Mul that follow it. */
  const scaledResult = (value: string): string => {
    let current = value;
    for (;;) {
      const readers = variantReaders.get(current) ?? [];
      const next = readers.length === 1 ? variant.nodes[readers[0] as number] : undefined;
      if (!next || !(next.opType === 'Cast' || next.opType === 'Mul') || !next.outputs[0]) return current;
      current = next.outputs[0];
    }
  };

  reference.nodes.forEach((node, index) => {
    if (node.outputs.every((output) => output === '' || mapped.has(output))) return;
    const dataInputs = node.inputs.filter(
      (input) =>
        input !== '' &&
        !reference.initializers.has(input) &&
        reference.nodes[referenceProducer.get(input) ?? -1]?.opType !== 'Constant',
    );
    const counterparts = dataInputs.map((input) => mapped.get(input));
    if (dataInputs.length === 0 || counterparts.some((value) => value === undefined)) return;
    const [firstInput, ...otherInputs] = (counterparts as string[]).map(readersThrough);
    const candidates = [...(firstInput ?? [])].filter((c) => otherInputs.every((readers) => readers.has(c)));
    // Nodes that read the same values in the same order are paired in graph order (query, key, value).
    const match = candidates
      .sort((a, b) => a - b)
      .find((c) => !pairedNodes.has(c) && equivalentOps(node.opType, variant.nodes[c]?.opType ?? ''));
    if (match === undefined) return;
    const matched = variant.nodes[match] as AlignNode;
    node.outputs.forEach((output, k) => {
      const raw = matched.outputs[k];
      if (output === '' || mapped.has(output) || !raw) return;
      const to = INTEGER_RESULT.has(matched.opType) ? scaledResult(raw) : raw;
      if (!claimed.has(to)) pair(index, output, to, 'structure', match);
    });
  });

  const keepReference = (name: string) => !captured || captured.reference.has(name);
  const keepVariant = (name: string) => !captured || captured.variant.has(name);
  const referenceOnly: UnalignedValue[] = [];
  reference.nodes.forEach((node) => {
    for (const output of node.outputs)
      if (output !== '' && !mapped.has(output) && keepReference(output))
        referenceOnly.push({ name: output, producer: node.name, opType: node.opType });
  });
  const variantOnly: UnalignedValue[] = [];
  variant.nodes.forEach((node) => {
    for (const output of node.outputs)
      if (output !== '' && !claimed.has(output) && keepVariant(output))
        variantOnly.push({ name: output, producer: node.name, opType: node.opType });
  });
  return {
    aligned: aligned.filter((value) => keepReference(value.reference) && keepVariant(value.variant)),
    referenceOnly,
    variantOnly,
  };
}

/** "3 Cast, 2 DequantizeLinear": unaligned values counted by the op that makes them, most first. */
export function countByOp(values: readonly UnalignedValue[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value.opType, (counts.get(value.opType) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, count]) => `${count} ${op}`)
    .join(', ');
}

/** The alignment in sentences: how many values were paired and how, and what could not be. */
export function describeAlignment(alignment: Alignment): string[] {
  const byName = alignment.aligned.filter((value) => value.by === 'name').length;
  const byStructure = alignment.aligned.length - byName;
  const replaced = [
    ...new Set(
      alignment.aligned
        .filter((value) => value.by === 'structure' && value.opType !== value.variantOpType)
        .map((value) => `${value.opType} ↔ ${value.variantOpType}`),
    ),
  ];
  const lines = [
    `${alignment.aligned.length} values aligned: ${byName} by name, ${byStructure} by structure` +
      (replaced.length > 0 ? ` (${replaced.join(', ')}).` : '.'),
  ];
  if (alignment.aligned.length === 0)
    lines[0] = 'Nothing aligns: no value of the variant stands for one of the reference.';
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (alignment.referenceOnly.length > 0)
    lines.push(
      `${count(alignment.referenceOnly.length, 'reference value has', 'reference values have')} no counterpart in the variant (${countByOp(alignment.referenceOnly)}).`,
    );
  if (alignment.variantOnly.length > 0)
    lines.push(
      `${count(alignment.variantOnly.length, 'value exists', 'values exist')} only in the variant (${countByOp(alignment.variantOnly)}): nothing to compare them with.`,
    );
  return lines;
}
