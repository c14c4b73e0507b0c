// One captured tensor (or a box-shaped part of it) as float32, whatever its ONNX type: what the page's
// viewers receive.
import { GlassboxError } from '../errors.ts';
import { elementCountOf, numberReader, type CaptureTensor } from './capture-tensor.ts';
import type { CapturedTensor, TensorSlice } from './capture-types.ts';

function badSlice(name: string, shape: readonly number[], why: string): GlassboxError {
  return new GlassboxError({
    code: 'graph-item-unknown',
    message: `The requested part of ${name} is outside its shape [${shape.join(', ')}]: ${why}.`,
    remedy: 'Pick a part within the shape.',
  });
}

/** The slice's start and size per axis, checked against the shape (count 0 = to the end of the axis). */
function sliceBox(
  name: string,
  shape: readonly number[],
  slice: TensorSlice,
): { start: number[]; size: number[] } {
  if (slice.start.length !== shape.length || slice.count.length !== shape.length) {
    throw badSlice(name, shape, `the slice has ${slice.start.length} starts for ${shape.length} axes`);
  }
  const start: number[] = [];
  const size: number[] = [];
  shape.forEach((dim, axis) => {
    const from = slice.start[axis] ?? 0;
    const count = slice.count[axis] ?? 0;
    const length = count === 0 ? dim - from : count;
    if (
      !Number.isInteger(from) ||
      !Number.isInteger(length) ||
      from < 0 ||
      length < 0 ||
      from + length > dim
    ) {
      throw badSlice(name, shape, `axis ${axis} asks for ${from}…${from + length}`);
    }
    start.push(from);
    size.push(length);
  });
  return { start, size };
}

export function toCapturedTensor(name: string, tensor: CaptureTensor, slice?: TensorSlice): CapturedTensor {
  const read = numberReader(tensor);
  const shape = tensor.dims;
  if (!slice) {
    const count = elementCountOf(shape);
    const data = new Float32Array(count);
    for (let i = 0; i < count; i++) data[i] = read(i);
    return { name, dtype: tensor.type, dims: [...shape], data, fullShape: [...shape], sliceStart: null };
  }
  const { start, size } = sliceBox(name, shape, slice);
  const strides = shape.map((_, axis) => elementCountOf(shape.slice(axis + 1)));
  const data = new Float32Array(elementCountOf(size));
  const index = new Array<number>(size.length).fill(0);
  for (let out = 0; out < data.length; out++) {
    let offset = 0;
    for (let axis = 0; axis < size.length; axis++)
      offset += ((start[axis] ?? 0) + (index[axis] ?? 0)) * (strides[axis] ?? 0);
    data[out] = read(offset);
    // Odometer increment over the slice's box, last axis fastest (row-major).
    for (let axis = size.length - 1; axis >= 0; axis--) {
      index[axis] = (index[axis] ?? 0) + 1;
      if ((index[axis] ?? 0) < (size[axis] ?? 0)) break;
      index[axis] = 0;
    }
  }
  return { name, dtype: tensor.type, dims: size, data, fullShape: [...shape], sliceStart: start };
}
