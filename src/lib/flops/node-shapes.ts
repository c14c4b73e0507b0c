// Each op's shape rule: the output shapes (and, for shape arithmetic, the folded values) of one node from
// its inputs' known values. An op not listed here leaves its outputs unknown.
import { type OnnxNode } from '../onnx/index.ts';
import {
  MAX_FOLDED,
  product,
  attribute,
  intAttr,
  intsAttr,
  tensorValue,
  broadcast,
  normalizeAxis,
  windowOutput,
  matMulShape,
  ELEMENTWISE,
  SAME_SHAPE,
  foldElementwise,
  type KnownValue,
} from './shape-rules.ts';

/** Output shapes (and folded values) of one node; unknown ops give nothing. */
export function inferNode(node: OnnxNode, get: (name: string) => KnownValue | undefined): KnownValue[] {
  const input = (i: number) => (node.inputs[i] ? get(node.inputs[i] ?? '') : undefined);
  const x = input(0);
  const xs = x?.shape;
  const op = node.opType;
  const one = (shape: number[] | undefined, data?: number[]): KnownValue[] => [
    data && shape && product(shape) <= MAX_FOLDED ? { shape, data } : { shape },
  ];
  if (node.domain !== '' && node.domain !== 'ai.onnx' && !SAME_SHAPE.has(op)) return [];
  if (op === 'Constant') {
    const value = attribute(node, 'value');
    if (value?.kind === 'tensor') return [tensorValue(value.value)];
    const ints = attribute(node, 'value_ints');
    if (ints?.kind === 'ints') return one([ints.value.length], ints.value.map(Number));
    const int = attribute(node, 'value_int');
    if (int?.kind === 'int') return one([], [Number(int.value)]);
    const float = attribute(node, 'value_float');
    if (float?.kind === 'float') return one([], [float.value]);
    return [];
  }
  if (SAME_SHAPE.has(op))
    return [{ shape: xs, ...(op === 'Cast' || op === 'Identity' ? { data: x?.data } : {}) }];
  if (ELEMENTWISE.has(op)) {
    const inputs = node.inputs.map((name) => (name ? get(name) : undefined));
    const shape = broadcast(inputs.map((v) => v?.shape));
    const folded =
      inputs.length === 2 && inputs[0] && inputs[1] ? foldElementwise(op, inputs[0], inputs[1]) : undefined;
    return one(shape, folded);
  }
  switch (op) {
    case 'Shape':
      return xs
        ? one(
            [xs.length],
            xs.slice(
              intAttr(node, 'start', 0),
              attribute(node, 'end') ? intAttr(node, 'end', xs.length) : undefined,
            ),
          )
        : [];
    case 'Size':
      return xs ? one([], [product(xs)]) : [{ shape: [] }];
    case 'MatMul': {
      const b = input(1)?.shape;
      return [{ shape: xs && b ? matMulShape(xs, b) : undefined }];
    }
    case 'Gemm': {
      const b = input(1)?.shape;
      if (!xs || !b) return [{ shape: undefined }];
      const m = intAttr(node, 'transA', 0) ? xs[1] : xs[0];
      const n = intAttr(node, 'transB', 0) ? b[0] : b[1];
      return [{ shape: m !== undefined && n !== undefined ? [m, n] : undefined }];
    }
    case 'Conv': {
      const w = input(1)?.shape;
      if (!xs || !w) return [{ shape: undefined }];
      const kernel = intsAttr(node, 'kernel_shape') ?? w.slice(2);
      const spatial = windowOutput(node, xs, kernel, false);
      return [
        {
          shape: spatial && xs[0] !== undefined && w[0] !== undefined ? [xs[0], w[0], ...spatial] : undefined,
        },
      ];
    }
    case 'MaxPool':
    case 'AveragePool':
    case 'LpPool': {
      const kernel = intsAttr(node, 'kernel_shape');
      if (!xs || !kernel) return [{ shape: undefined }];
      const spatial = windowOutput(node, xs, kernel, intAttr(node, 'ceil_mode', 0) === 1);
      return [{ shape: spatial ? [...xs.slice(0, 2), ...spatial] : undefined }];
    }
    case 'GlobalAveragePool':
    case 'GlobalMaxPool':
      return [{ shape: xs ? [...xs.slice(0, 2), ...xs.slice(2).map(() => 1)] : undefined }];
    case 'Transpose': {
      if (!xs) return [{ shape: undefined }];
      const perm = intsAttr(node, 'perm') ?? xs.map((_, i) => xs.length - 1 - i);
      return [{ shape: perm.map((p) => xs[p] ?? 1) }];
    }
    case 'Reshape': {
      const target = input(1)?.data;
      if (!target) return [{ shape: undefined }];
      const allowZero = intAttr(node, 'allowzero', 0) === 1;
      const dims = target.map((d, i) => (d === 0 && !allowZero ? (xs?.[i] ?? Number.NaN) : d));
      const free = dims.indexOf(-1);
      if (free >= 0) {
        if (!xs) return [{ shape: undefined }];
        const rest = product(dims.filter((_, i) => i !== free));
        dims[free] = product(xs) / rest;
      }
      return dims.some((d) => !Number.isFinite(d)) ? [{ shape: undefined }] : one(dims, x?.data);
    }
    case 'Flatten': {
      if (!xs) return [{ shape: undefined }];
      const axis = normalizeAxis(intAttr(node, 'axis', 1), xs.length);
      return [{ shape: [product(xs.slice(0, axis)), product(xs.slice(axis))] }];
    }
    case 'Unsqueeze':
    case 'Squeeze': {
      const axes = input(1)?.data ?? intsAttr(node, 'axes');
      if (!xs) return [{ shape: undefined }];
      if (op === 'Squeeze') {
        const drop = axes
          ? axes.map((a) => normalizeAxis(a, xs.length))
          : xs.flatMap((d, i) => (d === 1 ? [i] : []));
        return one(
          xs.filter((_, i) => !drop.includes(i)),
          x?.data,
        );
      }
      if (!axes) return [{ shape: undefined }];
      const rank = xs.length + axes.length;
      const inserted = new Set(axes.map((a) => normalizeAxis(a, rank)));
      const out: number[] = [];
      let source = 0;
      for (let i = 0; i < rank; i++) out.push(inserted.has(i) ? 1 : (xs[source++] ?? 1));
      return one(out, x?.data);
    }
    case 'Concat': {
      const parts = node.inputs.map((name) => get(name));
      const shapes = parts.map((p) => p?.shape);
      const first = shapes[0];
      if (!first || shapes.some((s) => !s)) return [{ shape: undefined }];
      const axis = normalizeAxis(intAttr(node, 'axis', 0), first.length);
      const shape = [...first];
      shape[axis] = shapes.reduce((sum, s) => sum + (s?.[axis] ?? 0), 0);
      const data =
        parts.every((p) => p?.data) && first.length === 1 ? parts.flatMap((p) => p?.data ?? []) : undefined;
      return one(shape, data);
    }
    case 'Gather': {
      const indices = input(1);
      if (!xs || !indices?.shape) return [{ shape: undefined }];
      const axis = normalizeAxis(intAttr(node, 'axis', 0), xs.length);
      const shape = [...xs.slice(0, axis), ...indices.shape, ...xs.slice(axis + 1)];
      const data =
        xs.length === 1 && x?.data && indices.data
          ? indices.data.map((i) => x.data?.[i < 0 ? i + xs.length : i] ?? Number.NaN)
          : undefined;
      return one(shape, data);
    }
    case 'Slice': {
      const starts = input(1)?.data;
      const ends = input(2)?.data;
      if (!xs || !starts || !ends) return [{ shape: undefined }];
      const axes = input(3)?.data ?? starts.map((_, i) => i);
      const steps = input(4)?.data ?? starts.map(() => 1);
      const shape = [...xs];
      let data = x?.data;
      axes.forEach((a, i) => {
        const axis = normalizeAxis(a, xs.length);
        const size = xs[axis] ?? 0;
        const step = steps[i] ?? 1;
        const clamp = (v: number, low: number, high: number) =>
          Math.min(Math.max(v < 0 ? v + size : v, low), high);
        const start = clamp(starts[i] ?? 0, step > 0 ? 0 : -1, step > 0 ? size : size - 1);
        const end = clamp(ends[i] ?? size, step > 0 ? 0 : -1, step > 0 ? size : size - 1);
        shape[axis] = Math.max(0, Math.ceil((end - start) / step));
        if (data && xs.length === 1)
          data = Array.from({ length: shape[axis] ?? 0 }, (_, k) => data?.[start + k * step] ?? 0);
      });
      return one(shape, xs.length === 1 ? data : undefined);
    }
    case 'Split': {
      if (!xs) return node.outputs.map(() => ({ shape: undefined }));
      const axis = normalizeAxis(intAttr(node, 'axis', 0), xs.length);
      const size = xs[axis] ?? 0;
      const sizes =
        input(1)?.data ??
        intsAttr(node, 'split') ??
        node.outputs.map(() => Math.ceil(size / node.outputs.length));
      return sizes.map((s) => {
        const shape = [...xs];
        shape[axis] = s;
        return { shape };
      });
    }
    case 'ReduceMean':
    case 'ReduceSum':
    case 'ReduceMax':
    case 'ReduceMin':
    case 'ReduceProd':
    case 'ReduceL2': {
      if (!xs) return [{ shape: undefined }];
      const axes = (intsAttr(node, 'axes') ?? input(1)?.data ?? xs.map((_, i) => i)).map((a) =>
        normalizeAxis(a, xs.length),
      );
      const keep = intAttr(node, 'keepdims', 1) === 1;
      return [
        {
          shape: keep ? xs.map((d, i) => (axes.includes(i) ? 1 : d)) : xs.filter((_, i) => !axes.includes(i)),
        },
      ];
    }
    case 'ArgMax':
    case 'ArgMin': {
      if (!xs) return [{ shape: undefined }];
      const axis = normalizeAxis(intAttr(node, 'axis', 0), xs.length);
      const keep = intAttr(node, 'keepdims', 1) === 1;
      return [{ shape: keep ? xs.map((d, i) => (i === axis ? 1 : d)) : xs.filter((_, i) => i !== axis) }];
    }
    case 'Resize':
    case 'Upsample': {
      if (!xs) return [{ shape: undefined }];
      const sizes = input(3)?.data;
      if (sizes && sizes.length === xs.length) return [{ shape: sizes }];
      const scales = input(op === 'Upsample' ? 1 : 2)?.data;
      if (scales && scales.length === xs.length)
        return [{ shape: xs.map((d, i) => Math.floor(d * (scales[i] ?? 1))) }];
      return [{ shape: undefined }];
    }
    case 'Expand': {
      const target = input(1)?.data;
      return [{ shape: target ? broadcast([xs, target]) : undefined }];
    }
    case 'ConstantOfShape': {
      const target = x?.data;
      return target ? [{ shape: target }] : [{ shape: undefined }];
    }
    case 'Tile': {
      const repeats = input(1)?.data;
      return [{ shape: xs && repeats ? xs.map((d, i) => d * (repeats[i] ?? 1)) : undefined }];
    }
    default:
      return node.outputs.map(() => ({ shape: undefined }));
  }
}
