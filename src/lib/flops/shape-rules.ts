// The pieces of shape propagation that every op's rule uses: known values (a shape and, for small
// tensors, their elements), attributes, broadcasting, windows (conv and pooling), MatMul, and the op
// families that keep or broadcast their inputs' shapes.
import { tensorValueReader, type OnnxAttribute, type OnnxNode, type OnnxTensor } from '../onnx/index.ts';

export interface KnownValue {
  /** Concrete dims; undefined when unknown. */
  shape: number[] | undefined;
  /** Elements of a small constant-foldable tensor (≤ MAX_FOLDED elements), row-major. */
  data?: number[];
}

/** Tensors up to this many elements carry their values through shape arithmetic. */
export const MAX_FOLDED = 64;

export type ShapeMap = Map<string, KnownValue>;

export const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

export function attribute(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return node.attributes.find((a) => a.name === name);
}

export function intAttr(node: OnnxNode, name: string, fallback: number): number {
  const a = attribute(node, name);
  return a?.kind === 'int' ? Number(a.value) : fallback;
}

export function intsAttr(node: OnnxNode, name: string): number[] | undefined {
  const a = attribute(node, name);
  return a?.kind === 'ints' ? a.value.map(Number) : undefined;
}

export function tensorValue(tensor: OnnxTensor): KnownValue {
  const shape = [...tensor.dims];
  const count = product(shape);
  if (count > MAX_FOLDED) return { shape };
  const reader = tensorValueReader(tensor);
  if (!reader.ok) return { shape };
  return { shape, data: Array.from({ length: count }, (_, i) => reader.read(i)) };
}

export function broadcast(shapes: (number[] | undefined)[]): number[] | undefined {
  if (shapes.some((s) => s === undefined)) return undefined;
  const known = shapes as number[][];
  const rank = Math.max(0, ...known.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let size = 1;
    for (const s of known) {
      const dim = s[s.length - rank + i] ?? 1;
      if (dim !== 1) size = dim;
    }
    out.push(size);
  }
  return out;
}

export const normalizeAxis = (axis: number, rank: number): number => (axis < 0 ? axis + rank : axis);

/** Spatial output size of a convolution or pooling window (explicit pads or SAME/VALID auto_pad). */
export function windowOutput(
  node: OnnxNode,
  input: number[],
  kernel: number[],
  ceil: boolean,
): number[] | undefined {
  const spatial = input.slice(2);
  const strides = intsAttr(node, 'strides') ?? spatial.map(() => 1);
  const dilations = intsAttr(node, 'dilations') ?? spatial.map(() => 1);
  const pads = intsAttr(node, 'pads') ?? spatial.flatMap(() => [0, 0]);
  const auto = attribute(node, 'auto_pad');
  const autoPad = auto?.kind === 'string' ? auto.value : 'NOTSET';
  return spatial.map((size, i) => {
    const stride = strides[i] ?? 1;
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(size / stride);
    const effective = ((kernel[i] ?? 1) - 1) * (dilations[i] ?? 1) + 1;
    const padded = autoPad === 'VALID' ? size : size + (pads[i] ?? 0) + (pads[i + spatial.length] ?? 0);
    const steps = (padded - effective) / stride;
    return (ceil ? Math.ceil(steps) : Math.floor(steps)) + 1;
  });
}

export function matMulShape(a: number[], b: number[]): number[] | undefined {
  if (a.length === 0 || b.length === 0) return undefined;
  const left = a.length === 1 ? [1, ...a] : a;
  const right = b.length === 1 ? [...b, 1] : b;
  const batch = broadcast([left.slice(0, -2), right.slice(0, -2)]) ?? [];
  const out = [...batch, left[left.length - 2] ?? 1, right[right.length - 1] ?? 1];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.splice(out.length - 1, 1);
  return out;
}

export const ELEMENTWISE = new Set([
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Max',
  'Min',
  'Mean',
  'Sum',
  'Where',
  'Equal',
  'Less',
  'Greater',
  'LessOrEqual',
  'GreaterOrEqual',
  'And',
  'Or',
  'Xor',
  'Mod',
  'PRelu',
  'BitShift',
]);

/** Ops whose output 0 has the shape of input 0. */
export const SAME_SHAPE = new Set([
  'Relu',
  'LeakyRelu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Tanh',
  'Erf',
  'Sqrt',
  'Exp',
  'Log',
  'Neg',
  'Abs',
  'Reciprocal',
  'Floor',
  'Ceil',
  'Round',
  'Sign',
  'Not',
  'Softmax',
  'LogSoftmax',
  'Gelu',
  'Elu',
  'Selu',
  'Celu',
  'Mish',
  'Softplus',
  'Softsign',
  'Clip',
  'Identity',
  'Dropout',
  'LayerNormalization',
  'BatchNormalization',
  'InstanceNormalization',
  'GroupNormalization',
  'LpNormalization',
  'Cos',
  'Sin',
  'IsNaN',
  'IsInf',
  'Hardmax',
  'Cast',
  'CastLike',
  'QuickGelu',
  'BiasGelu',
  'FastGelu',
  'SkipLayerNormalization',
  'SimplifiedLayerNormalization',
]);

export function foldElementwise(op: string, a: KnownValue, b: KnownValue): number[] | undefined {
  if (!a.data || !b.data || !a.shape || !b.shape) return undefined;
  if (a.shape.length > 1 || b.shape.length > 1) return undefined;
  const length = Math.max(a.data.length, b.data.length);
  const at = (values: number[], i: number) => (values.length === 1 ? values[0] : values[i]) ?? Number.NaN;
  const f: Record<string, (x: number, y: number) => number> = {
    Add: (x, y) => x + y,
    Sub: (x, y) => x - y,
    Mul: (x, y) => x * y,
    Div: (x, y) => (Number.isInteger(x) && Number.isInteger(y) ? Math.trunc(x / y) : x / y),
    Equal: (x, y) => Number(x === y),
  };
  const fn = f[op];
  return fn ? Array.from({ length }, (_, i) => fn(at(a.data ?? [], i), at(b.data ?? [], i))) : undefined;
}
