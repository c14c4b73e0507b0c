// A small shape propagation over the main graph: concrete shapes for every value from given input shapes,
// plus the values of small integer/float tensors (shape arithmetic: Shape → Gather → Concat → Reshape) so
// exporter-style dynamic reshapes resolve. Covers the ops of the embedded and synthetic models and the
// usual CNN/transformer ops; an op it does not know leaves its outputs unknown (the graph's value info is
// used where it gives fixed sizes).
import { type OnnxDim, type OnnxModel } from '../onnx/index.ts';
import { inferNode } from './node-shapes.ts';
import { tensorValue, type ShapeMap } from './shape-rules.ts';

export type { KnownValue, ShapeMap } from './shape-rules.ts';

function concreteDims(
  dims: OnnxDim[] | undefined,
  bindings: ReadonlyMap<string, number>,
): number[] | undefined {
  if (!dims) return undefined;
  const out: number[] = [];
  for (const dim of dims) {
    if (dim.kind === 'fixed') out.push(dim.size);
    else if (dim.kind === 'symbolic' && bindings.has(dim.name)) out.push(bindings.get(dim.name) ?? 0);
    else return undefined;
  }
  return out;
}

/**
 * Shapes of every value of the main graph, from the concrete shapes of its inputs (by name). Symbolic
 * dims seen in the inputs are bound to those sizes, so value info that names them resolves too.
 */
export function propagateShapes(model: OnnxModel, inputShapes: Readonly<Record<string, number[]>>): ShapeMap {
  const known: ShapeMap = new Map();
  const bindings = new Map<string, number>();
  for (const info of model.graph.inputs) {
    const given = inputShapes[info.name];
    if (!given || info.type.kind !== 'tensor') continue;
    info.type.shape?.forEach((dim, i) => {
      if (dim.kind === 'symbolic' && given[i] !== undefined) bindings.set(dim.name, given[i] ?? 0);
    });
    known.set(info.name, { shape: [...given] });
  }
  for (const tensor of model.graph.initializers)
    if (!known.has(tensor.name)) known.set(tensor.name, tensorValue(tensor));
  const declared = new Map<string, number[]>();
  for (const info of [...model.graph.valueInfo, ...model.graph.outputs]) {
    if (info.type.kind !== 'tensor') continue;
    const dims = concreteDims(info.type.shape, bindings);
    if (dims) declared.set(info.name, dims);
  }
  for (const node of model.graph.nodes) {
    const outputs = inferNode(node, (name) => known.get(name));
    node.outputs.forEach((name, i) => {
      if (!name) return;
      const inferred = outputs[i];
      const shape = inferred?.shape ?? declared.get(name);
      known.set(name, { shape, ...(inferred?.data ? { data: inferred.data } : {}) });
    });
  }
  return known;
}
