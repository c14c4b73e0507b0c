// FLOPs of a whole model: every main-graph node counted from shapes propagated from concrete input
// shapes (symbolic dims chosen as the benchmark does: batch 1, sequence 128, image 640), summed per node,
// per op type and in total, with how much of the total is exact and how many nodes could not be counted.
import { DEFAULT_SYNTHETIC_SIZES, resolveDims, type SyntheticSizes } from '../bench/synthetic-input.ts';
import { dimValue, type OnnxModel } from '../onnx/index.ts';
import { nodeFlops, type NodeFlops } from './node-flops.ts';
import { propagateShapes } from './shape-propagation.ts';

export interface ModelFlops {
  /** Per main-graph node, in file order (the graph IR's node order). */
  nodes: NodeFlops[];
  total: number;
  /** Part of the total counted from the op's arithmetic (MatMul, Gemm, Conv). */
  exact: number;
  /** Nodes whose shapes stayed unknown: not in the total. */
  unknownNodes: number;
  /** The input shapes the count assumes. */
  inputShapes: Record<string, number[]>;
}

/** Concrete input shapes: given ones win; symbolic dims otherwise sized as the benchmark's synthetic input. */
export function defaultInputShapes(
  model: OnnxModel,
  sizes: SyntheticSizes = DEFAULT_SYNTHETIC_SIZES,
): Record<string, number[]> {
  const initializers = new Set(model.graph.initializers.map((t) => t.name));
  const shapes: Record<string, number[]> = {};
  for (const info of model.graph.inputs) {
    if (initializers.has(info.name) || info.type.kind !== 'tensor' || !info.type.shape) continue;
    const shape = info.type.shape.map((dim) => dimValue(dim) ?? -1);
    shapes[info.name] = resolveDims({ name: info.name, dtype: info.type.elemType, shape }, sizes);
  }
  return shapes;
}

export function modelFlops(
  model: OnnxModel,
  inputShapes: Record<string, number[]> = defaultInputShapes(model),
): ModelFlops {
  const shapes = propagateShapes(model, inputShapes);
  const nodes = model.graph.nodes.map((node) => nodeFlops(node, shapes));
  let total = 0;
  let exact = 0;
  let unknownNodes = 0;
  for (const n of nodes) {
    total += n.flops;
    if (n.kind === 'exact') exact += n.flops;
    if (n.kind === 'unknown') unknownNodes++;
  }
  return { nodes, total, exact, unknownNodes, inputShapes };
}

/** "4.35 GFLOP", "812 MFLOP", "96 kFLOP". */
export function formatFlops(flops: number): string {
  const units: [number, string][] = [
    [1e12, 'TFLOP'],
    [1e9, 'GFLOP'],
    [1e6, 'MFLOP'],
    [1e3, 'kFLOP'],
  ];
  for (const [scale, unit] of units) {
    if (flops >= scale) {
      const value = flops / scale;
      return `${value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2)} ${unit}`;
    }
  }
  return `${flops} FLOP`;
}
