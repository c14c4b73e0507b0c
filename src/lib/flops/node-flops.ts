// Floating-point operations of one node, from its input and output shapes. A multiply-add counts as 2.
// MatMul, Gemm and Conv are counted exactly (Conv with groups, dilation, strides and pads through its
// output shape); attention is its MatMuls. Other computing ops are estimated as one operation per output
// element; ops that only move or reshape data count 0.
import { categorizeOp } from '../graph/op-categories.ts';
import type { OnnxNode } from '../onnx/index.ts';
import { intAttr, type ShapeMap } from './shape-rules.ts';

export type FlopsKind =
  /** Counted from the op's arithmetic. */
  | 'exact'
  /** One operation per output element. */
  | 'estimated'
  /** Moves or reshapes data: no arithmetic. */
  | 'movement'
  /** A shape it needs is unknown. */
  | 'unknown';

export interface NodeFlops {
  flops: number;
  kind: FlopsKind;
}

/** Ops outside the 'shape' category that still only move data. */
const ALSO_MOVEMENT = new Set(['Constant', 'ConstantOfShape', 'Cast', 'CastLike', 'Dropout', 'Range']);
/** 'shape' ops that interpolate: they compute every output element. */
const INTERPOLATING = new Set(['Resize', 'Upsample', 'GridSample', 'AffineGrid', 'Col2Im']);

function movesDataOnly(node: OnnxNode): boolean {
  if (ALSO_MOVEMENT.has(node.opType)) return true;
  return categorizeOp(node.opType, node.domain) === 'shape' && !INTERPOLATING.has(node.opType);
}

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

export function nodeFlops(node: OnnxNode, shapes: ShapeMap): NodeFlops {
  const shapeOf = (name: string | undefined) => (name ? shapes.get(name)?.shape : undefined);
  const out = shapeOf(node.outputs[0]);
  const a = shapeOf(node.inputs[0]);
  const b = shapeOf(node.inputs[1]);
  if (movesDataOnly(node)) return { flops: 0, kind: 'movement' };
  switch (node.opType) {
    case 'MatMul': {
      if (!out || !a) break;
      // Each output element is a dot product over the shared dimension K.
      const k = a[a.length - 1] ?? 1;
      return { flops: 2 * product(out) * k, kind: 'exact' };
    }
    case 'Gemm': {
      if (!out || !a) break;
      const k = intAttr(node, 'transA', 0) ? a[0] : a[1];
      const bias = node.inputs[2] ? product(out) : 0;
      return { flops: 2 * product(out) * (k ?? 1) + bias, kind: 'exact' };
    }
    case 'Conv': {
      if (!out || !b) break;
      // Weight [M, C/group, k…]: every output element reads C/group × kernel inputs.
      const perOutput = product(b.slice(1));
      const bias = node.inputs[2] ? product(out) : 0;
      return { flops: 2 * product(out) * perOutput + bias, kind: 'exact' };
    }
    case 'ConvTranspose': {
      if (!a || !b) break;
      // Every input element is scattered through (M/group) × kernel weights.
      return { flops: 2 * product(a) * product(b.slice(1)), kind: 'exact' };
    }
  }
  if (!out) return { flops: 0, kind: 'unknown' };
  return { flops: product(out), kind: 'estimated' };
}
