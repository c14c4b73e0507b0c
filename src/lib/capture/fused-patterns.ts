// What ONNX Runtime's graph optimiser fuses into each kernel it adds (onnxruntime/core/optimizer/*fusion*.cc):
// the op types of the original nodes a fused kernel can stand for, and which of them it must contain. Only
// these let a fused kernel claim graph nodes; a kernel of another type keeps at most the node it is named after.

export interface FusionPattern {
  /** Op types of the original nodes the fused kernel may have replaced. */
  ops: ReadonlySet<string>;
  /** At least one node of these types: a lone Add never passes for a LayerNormalization. */
  core: ReadonlySet<string>;
  /**
   * Ops that read the fusion's own input: the region never reaches back past what they read (a
   * LayerNorm's ReduceMean reads x; x's producer, say a Gelu's last Mul, belongs to something else).
   */
  entry: ReadonlySet<string>;
  /** The region starts at its core node and only goes forward (Conv → Add → Relu; Gemm → Tanh). */
  forwardOnly: boolean;
}

const pattern = (
  ops: readonly string[],
  core: readonly string[],
  { entry = [], forwardOnly = false }: { entry?: readonly string[]; forwardOnly?: boolean } = {},
): FusionPattern => ({
  ops: new Set([...ops, ...core]),
  core: new Set(core),
  entry: new Set(entry),
  forwardOnly,
});

/** Activations ORT folds into a Conv or Gemm (conv_activation_fusion.cc, gemm_activation_fusion.cc). */
const ACTIVATIONS = ['Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Clip', 'HardSigmoid', 'Elu', 'Selu'];
/** A decomposed LayerNorm: mean, centre, variance, normalise, scale, shift (layer_norm_fusion.cc). */
const LAYER_NORM = ['ReduceMean', 'Sub', 'Pow', 'Mul', 'Add', 'Sqrt', 'Div', 'Reciprocal', 'Cast'];
/** Gelu from erf: x · 0.5 · (1 + erf(x / √2)) (gelu_fusion.cc); the bias Add for BiasGelu. */
const GELU = ['Div', 'Mul', 'Add'];

export const FUSION_PATTERNS: Readonly<Record<string, FusionPattern>> = {
  LayerNormalization: pattern(LAYER_NORM, ['ReduceMean', 'LayerNormalization'], { entry: ['ReduceMean'] }),
  SimplifiedLayerNormalization: pattern(LAYER_NORM, ['ReduceMean', 'SimplifiedLayerNormalization'], {
    entry: ['Pow'],
  }),
  // The skip Add is part of these, so their region may reach back past the ReduceMean's input.
  SkipLayerNormalization: pattern(LAYER_NORM, ['ReduceMean', 'LayerNormalization']),
  SkipSimplifiedLayerNormalization: pattern(LAYER_NORM, ['ReduceMean', 'SimplifiedLayerNormalization']),
  Gelu: pattern(GELU, ['Erf', 'Gelu']),
  BiasGelu: pattern(GELU, ['Erf', 'Gelu']),
  FastGelu: pattern([...GELU, 'Pow'], ['Tanh', 'Gelu', 'FastGelu']),
  QuickGelu: pattern(['Mul'], ['Sigmoid'], { entry: ['Sigmoid'] }),
  BiasSoftmax: pattern(['Add'], ['Softmax']),
  FusedConv: pattern(['Add', ...ACTIVATIONS], ['Conv'], { forwardOnly: true }),
  FusedGemm: pattern(['Add', ...ACTIVATIONS], ['Gemm', 'MatMul'], { forwardOnly: true }),
  Gemm: pattern(['Add'], ['MatMul', 'Gemm'], { forwardOnly: true }),
  FusedMatMul: pattern(['Transpose', 'Mul', 'Div'], ['MatMul']),
  MatMulIntegerToFloat: pattern(['DynamicQuantizeLinear', 'Cast', 'Mul', 'Add'], ['MatMulInteger']),
  DynamicQuantizeMatMul: pattern(['DynamicQuantizeLinear', 'Cast', 'Mul', 'Add'], ['MatMulInteger']),
};

/** The pattern of a fused kernel's op type; undefined for kernels Glassbox does not know. */
export function fusionPattern(opType: string): FusionPattern | undefined {
  return Object.hasOwn(FUSION_PATTERNS, opType) ? FUSION_PATTERNS[opType] : undefined;
}
