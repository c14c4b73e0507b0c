// A YOLOv8-architecture backbone with random weights: a stride-2 stem, four stages of stride-2 Conv +
// C2f (split, bottlenecks with shortcuts, concat), and SPPF; every Conv carries its folded BatchNorm as a
// bias and a SiLU (Sigmoid · x), as Ultralytics exports it. Outputs the stride 8, 16 and 32 feature maps
// the detection neck reads; no neck or head. Dynamic batch, fixed square input.
import type { ModelMessage } from '../onnx/index.ts';
import { attr, FLOAT, GraphBuilder, syntheticModel, tensorInfo } from './graph-builder.ts';

export interface ConvBackboneSpec {
  /** Width multiple (YOLOv8 n 0.25, s 0.5, m 0.75). */
  width: number;
  /** Depth multiple (n and s 0.33, m 0.67): bottlenecks per C2f = round(base × depth). */
  depth: number;
  /** Largest channel count before the width multiple (n and s 1024, m 768). */
  maxChannels: number;
  /** Side of the square input image; a multiple of 32. */
  inputSize: number;
  seed?: number;
}

const BASE_CHANNELS = [64, 128, 256, 512, 1024] as const;
const BASE_REPEATS = [3, 6, 6, 3] as const;

/** Channels of the stem and the four stages: min(base, max) × width, rounded up to a multiple of 8. */
export function backboneChannels(spec: ConvBackboneSpec): number[] {
  return BASE_CHANNELS.map((c) => Math.ceil((Math.min(c, spec.maxChannels) * spec.width) / 8) * 8);
}

/** Bottlenecks in each stage's C2f. */
export function backboneRepeats(spec: ConvBackboneSpec): number[] {
  return BASE_REPEATS.map((n) => Math.max(1, Math.round(n * spec.depth)));
}

export function backboneProblems(spec: ConvBackboneSpec): string[] {
  const problems: string[] = [];
  if (!(spec.width > 0 && spec.width <= 4)) problems.push('Width must be more than 0 and at most 4.');
  if (!(spec.depth > 0 && spec.depth <= 4)) problems.push('Depth must be more than 0 and at most 4.');
  if (!Number.isInteger(spec.maxChannels) || spec.maxChannels < 8)
    problems.push('Max channels must be at least 8.');
  if (!Number.isInteger(spec.inputSize) || spec.inputSize < 32 || spec.inputSize % 32 !== 0) {
    problems.push('The input size must be a multiple of 32 (the backbone downsamples 5 times).');
  }
  return problems;
}

class Backbone {
  constructor(readonly b: GraphBuilder) {}

  /** Conv (folded BatchNorm as bias) + SiLU; "same" padding. */
  conv(scope: string, x: string, inC: number, outC: number, kernel: number, stride: number): string {
    const { b } = this;
    const prefix = scope.slice(1).replaceAll('/', '.');
    const scale = 1 / Math.sqrt(inC * kernel * kernel);
    const pad = Math.floor(kernel / 2);
    const y = b.op(
      `${scope}/conv`,
      'Conv',
      [
        x,
        b.weight(`${prefix}.conv.weight`, [outC, inC, kernel, kernel], scale),
        b.weight(`${prefix}.conv.bias`, [outC], scale),
      ],
      [
        attr.ints('kernel_shape', [kernel, kernel]),
        attr.ints('strides', [stride, stride]),
        attr.ints('pads', [pad, pad, pad, pad]),
        attr.ints('dilations', [1, 1]),
        attr.int('group', 1),
      ],
    );
    const gate = b.op(`${scope}/act`, 'Sigmoid', [y]);
    return b.op(`${scope}/act`, 'Mul', [y, gate]);
  }

  /** C2f: 1×1 conv to 2c, split in two, n bottlenecks on the second half, concat all, 1×1 conv out. */
  c2f(scope: string, x: string, inC: number, outC: number, repeats: number): string {
    const { b } = this;
    const c = outC / 2;
    const first = this.conv(`${scope}/cv1`, x, inC, 2 * c, 1, 1);
    const halves = b.opMany(scope, 'Split', [first, b.int64Constant(`${scope.slice(1)}.split`, [c, c])], 2, [
      attr.int('axis', 1),
    ]);
    const parts = [...halves];
    let current = parts[1] ?? '';
    for (let i = 0; i < repeats; i++) {
      const inner = this.conv(`${scope}/m.${i}/cv1`, current, c, c, 3, 1);
      const outer = this.conv(`${scope}/m.${i}/cv2`, inner, c, c, 3, 1);
      current = b.op(`${scope}/m.${i}`, 'Add', [current, outer]);
      parts.push(current);
    }
    const joined = b.op(scope, 'Concat', parts, [attr.int('axis', 1)]);
    return this.conv(`${scope}/cv2`, joined, (2 + repeats) * c, outC, 1, 1);
  }

  /** SPPF: 1×1 conv to c/2, three chained 5×5 max pools, concat the four, 1×1 conv out. */
  sppf(scope: string, x: string, channels: number): string {
    const { b } = this;
    const half = channels / 2;
    const reduced = this.conv(`${scope}/cv1`, x, channels, half, 1, 1);
    const pool = (input: string) =>
      b.op(
        `${scope}/m`,
        'MaxPool',
        [input],
        [attr.ints('kernel_shape', [5, 5]), attr.ints('strides', [1, 1]), attr.ints('pads', [2, 2, 2, 2])],
      );
    const p1 = pool(reduced);
    const p2 = pool(p1);
    const p3 = pool(p2);
    const joined = b.op(scope, 'Concat', [reduced, p1, p2, p3], [attr.int('axis', 1)]);
    return this.conv(`${scope}/cv2`, joined, 4 * half, channels, 1, 1);
  }
}

export function buildConvBackbone(spec: ConvBackboneSpec, name: string, weights = true): ModelMessage {
  const b = new GraphBuilder(spec.seed ?? 1, weights);
  const net = new Backbone(b);
  const [c0 = 16, c1 = 32, c2 = 64, c3 = 128, c4 = 256] = backboneChannels(spec);
  const [n1 = 1, n2 = 2, n3 = 2, n4 = 1] = backboneRepeats(spec);
  let x = net.conv('/model.0', 'images', 3, c0, 3, 2);
  x = net.conv('/model.1', x, c0, c1, 3, 2);
  x = net.c2f('/model.2', x, c1, c1, n1);
  x = net.conv('/model.3', x, c1, c2, 3, 2);
  const p3 = b.nameOutput(net.c2f('/model.4', x, c2, c2, n2), 'p3');
  x = net.conv('/model.5', p3, c2, c3, 3, 2);
  const p4 = b.nameOutput(net.c2f('/model.6', x, c3, c3, n3), 'p4');
  x = net.conv('/model.7', p4, c3, c4, 3, 2);
  x = net.c2f('/model.8', x, c4, c4, n4);
  b.nameOutput(net.sppf('/model.9', x, c4), 'p5');
  const side = spec.inputSize;
  return syntheticModel(
    b,
    name,
    [tensorInfo('images', FLOAT, ['batch', 3, side, side])],
    [
      tensorInfo('p3', FLOAT, ['batch', c2, side / 8, side / 8]),
      tensorInfo('p4', FLOAT, ['batch', c3, side / 16, side / 16]),
      tensorInfo('p5', FLOAT, ['batch', c4, side / 32, side / 32]),
    ],
  );
}

/** Parameters of the backbone, by the architecture's arithmetic (unit tests hold the model to it). */
export function backboneParameterCount(spec: ConvBackboneSpec): number {
  const [c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0] = backboneChannels(spec);
  const [n1 = 0, n2 = 0, n3 = 0, n4 = 0] = backboneRepeats(spec);
  const conv = (i: number, o: number, k: number) => o * i * k * k + o;
  const c2f = (i: number, o: number, n: number) =>
    conv(i, o, 1) + n * 2 * conv(o / 2, o / 2, 3) + conv(((2 + n) * o) / 2, o, 1);
  const sppf = (c: number) => conv(c, c / 2, 1) + conv(2 * c, c, 1);
  return (
    conv(3, c0, 3) +
    conv(c0, c1, 3) +
    c2f(c1, c1, n1) +
    conv(c1, c2, 3) +
    c2f(c2, c2, n2) +
    conv(c2, c3, 3) +
    c2f(c3, c3, n3) +
    conv(c3, c4, 3) +
    c2f(c4, c4, n4) +
    sppf(c4)
  );
}
