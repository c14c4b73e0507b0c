// Micro-models for the scale sweep: one MatMul ([batch, m, k] · [k, n]) or one 3×3 Conv (C → C, same
// padding) with random weights. The simplest work a backend can be timed on.
import type { ModelMessage } from '../onnx/index.ts';
import { attr, FLOAT, GraphBuilder, syntheticModel, tensorInfo } from './graph-builder.ts';

export interface MatMulSpec {
  m: number;
  k: number;
  n: number;
  seed?: number;
}

export interface ConvSpec {
  channels: number;
  /** Side of the square feature map. */
  size: number;
  kernel: number;
  seed?: number;
}

export function buildMatMul(spec: MatMulSpec, name: string, weights = true): ModelMessage {
  const b = new GraphBuilder(spec.seed ?? 1, weights);
  const product = b.op('/matmul', 'MatMul', [
    'x',
    b.weight('matmul.weight', [spec.k, spec.n], 1 / Math.sqrt(spec.k)),
  ]);
  b.nameOutput(product, 'y');
  return syntheticModel(
    b,
    name,
    [tensorInfo('x', FLOAT, ['batch', spec.m, spec.k])],
    [tensorInfo('y', FLOAT, ['batch', spec.m, spec.n])],
  );
}

export function buildConv(spec: ConvSpec, name: string, weights = true): ModelMessage {
  const b = new GraphBuilder(spec.seed ?? 1, weights);
  const { channels: c, size, kernel: k } = spec;
  const scale = 1 / Math.sqrt(c * k * k);
  const pad = Math.floor(k / 2);
  const y = b.op(
    '/conv',
    'Conv',
    ['x', b.weight('conv.weight', [c, c, k, k], scale), b.weight('conv.bias', [c], scale)],
    [attr.ints('kernel_shape', [k, k]), attr.ints('pads', [pad, pad, pad, pad])],
  );
  b.nameOutput(y, 'y');
  return syntheticModel(
    b,
    name,
    [tensorInfo('x', FLOAT, ['batch', c, size, size])],
    [tensorInfo('y', FLOAT, ['batch', c, size, size])],
  );
}

export const matMulParameterCount = (spec: MatMulSpec): number => spec.k * spec.n;
export const convParameterCount = (spec: ConvSpec): number =>
  spec.channels * spec.channels * spec.kernel * spec.kernel + spec.channels;
