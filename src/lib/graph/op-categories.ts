// Operator categories for colouring and summaries: a complete table of the standard ONNX operators
// (ai.onnx, ai.onnx.ml, ai.onnx.preview.training), common ONNX Runtime contrib ops (com.microsoft),
// and a name-based guess for anything else.

export type OpCategory =
  | 'conv'
  | 'linear'
  | 'recurrent'
  | 'normalization'
  | 'activation'
  | 'attention'
  | 'pooling'
  | 'elementwise'
  | 'reduction'
  | 'shape'
  | 'quantization'
  | 'control-flow'
  | 'other';

export const OP_CATEGORIES: readonly OpCategory[] = [
  'conv',
  'linear',
  'recurrent',
  'normalization',
  'activation',
  'attention',
  'pooling',
  'elementwise',
  'reduction',
  'shape',
  'quantization',
  'control-flow',
  'other',
];

/** Human labels for the legend. */
export const OP_CATEGORY_LABELS: Readonly<Record<OpCategory, string>> = {
  conv: 'Convolution',
  linear: 'MatMul / linear',
  recurrent: 'Recurrent',
  normalization: 'Normalization',
  activation: 'Activation',
  attention: 'Attention',
  pooling: 'Pooling',
  elementwise: 'Element-wise',
  reduction: 'Reduction',
  shape: 'Shape / data movement',
  quantization: 'Quantization',
  'control-flow': 'Control flow',
  other: 'Other',
};

function table(groups: Partial<Record<OpCategory, readonly string[]>>): ReadonlyMap<string, OpCategory> {
  const map = new Map<string, OpCategory>();
  for (const [category, ops] of Object.entries(groups) as [OpCategory, readonly string[]][]) {
    for (const op of ops) map.set(op, category);
  }
  return map;
}

/** Every operator of the default domain (ai.onnx) up to opset 23, including deprecated ones still in files. */
const AI_ONNX = table({
  conv: ['Conv', 'ConvTranspose', 'DeformConv'],
  linear: ['MatMul', 'Gemm', 'Einsum'],
  recurrent: ['LSTM', 'GRU', 'RNN'],
  normalization: [
    'BatchNormalization',
    'InstanceNormalization',
    'LayerNormalization',
    'GroupNormalization',
    'RMSNormalization',
    'LpNormalization',
    'LRN',
    'MeanVarianceNormalization',
  ],
  activation: [
    'Relu',
    'LeakyRelu',
    'PRelu',
    'Elu',
    'Selu',
    'Celu',
    'Gelu',
    'Sigmoid',
    'HardSigmoid',
    'HardSwish',
    'Swish',
    'Mish',
    'Tanh',
    'Softplus',
    'Softsign',
    'ThresholdedRelu',
    'Shrink',
    'Softmax',
    'LogSoftmax',
    'Hardmax',
  ],
  attention: ['Attention', 'RotaryEmbedding'],
  pooling: [
    'AveragePool',
    'MaxPool',
    'LpPool',
    'GlobalAveragePool',
    'GlobalMaxPool',
    'GlobalLpPool',
    'MaxRoiPool',
    'MaxUnpool',
    'RoiAlign',
  ],
  elementwise: [
    'Add',
    'Sub',
    'Mul',
    'Div',
    'Pow',
    'Mod',
    'Neg',
    'Abs',
    'Sign',
    'Reciprocal',
    'Sqrt',
    'Exp',
    'Log',
    'Erf',
    'Floor',
    'Ceil',
    'Round',
    'Clip',
    'Max',
    'Min',
    'Mean',
    'Sum',
    'Sin',
    'Cos',
    'Tan',
    'Asin',
    'Acos',
    'Atan',
    'Sinh',
    'Cosh',
    'Asinh',
    'Acosh',
    'Atanh',
    'And',
    'Or',
    'Xor',
    'Not',
    'Equal',
    'Greater',
    'GreaterOrEqual',
    'Less',
    'LessOrEqual',
    'IsNaN',
    'IsInf',
    'Where',
    'BitShift',
    'BitwiseAnd',
    'BitwiseOr',
    'BitwiseXor',
    'BitwiseNot',
    'Cast',
    'CastLike',
  ],
  reduction: [
    'ReduceSum',
    'ReduceMean',
    'ReduceMax',
    'ReduceMin',
    'ReduceProd',
    'ReduceL1',
    'ReduceL2',
    'ReduceLogSum',
    'ReduceLogSumExp',
    'ReduceSumSquare',
    'ArgMax',
    'ArgMin',
    'CumSum',
    'TopK',
    'Det',
  ],
  shape: [
    'Reshape',
    'Flatten',
    'Squeeze',
    'Unsqueeze',
    'Transpose',
    'Shape',
    'Size',
    'Concat',
    'Split',
    'Slice',
    'Gather',
    'GatherElements',
    'GatherND',
    'Scatter',
    'ScatterElements',
    'ScatterND',
    'TensorScatter',
    'Expand',
    'Tile',
    'Pad',
    'CenterCropPad',
    'DepthToSpace',
    'SpaceToDepth',
    'Resize',
    'Upsample',
    'GridSample',
    'AffineGrid',
    'Col2Im',
    'Identity',
    'Compress',
    'ReverseSequence',
    'OneHot',
    'NonZero',
    'Unique',
    'Trilu',
  ],
  quantization: [
    'QuantizeLinear',
    'DequantizeLinear',
    'DynamicQuantizeLinear',
    'QLinearConv',
    'QLinearMatMul',
    'ConvInteger',
    'MatMulInteger',
  ],
  'control-flow': ['If', 'Loop', 'Scan', 'SequenceMap'],
  other: [
    'Constant',
    'ConstantOfShape',
    'Range',
    'EyeLike',
    'Dropout',
    'RandomNormal',
    'RandomNormalLike',
    'RandomUniform',
    'RandomUniformLike',
    'Bernoulli',
    'Multinomial',
    'NonMaxSuppression',
    'SequenceAt',
    'SequenceConstruct',
    'SequenceEmpty',
    'SequenceErase',
    'SequenceInsert',
    'SequenceLength',
    'SplitToSequence',
    'ConcatFromSequence',
    'Optional',
    'OptionalGetElement',
    'OptionalHasElement',
    'DFT',
    'STFT',
    'BlackmanWindow',
    'HammingWindow',
    'HannWindow',
    'MelWeightMatrix',
    'ImageDecoder',
    'TfIdfVectorizer',
    'StringNormalizer',
    'StringConcat',
    'StringSplit',
    'RegexFullMatch',
    'NegativeLogLikelihoodLoss',
    'SoftmaxCrossEntropyLoss',
  ],
});

/** Classical machine learning operators (ai.onnx.ml). */
const AI_ONNX_ML = table({
  linear: ['LinearClassifier', 'LinearRegressor'],
  normalization: ['Normalizer', 'Scaler'],
  elementwise: ['Binarizer', 'CastMap'],
  shape: ['ArrayFeatureExtractor', 'FeatureVectorizer', 'DictVectorizer', 'OneHotEncoder', 'ZipMap'],
  other: [
    'CategoryMapper',
    'Imputer',
    'LabelEncoder',
    'SVMClassifier',
    'SVMRegressor',
    'TreeEnsemble',
    'TreeEnsembleClassifier',
    'TreeEnsembleRegressor',
  ],
});

/** Training operators (ai.onnx.preview.training). */
const AI_ONNX_TRAINING = table({ other: ['Adagrad', 'Adam', 'Gradient', 'Momentum'] });

/** ONNX Runtime contrib operators that its optimizers and quantizers commonly write. */
const COM_MICROSOFT = table({
  conv: ['FusedConv', 'NhwcConv', 'Conv'],
  linear: ['FusedMatMul', 'FusedGemm', 'TransposeMatMul', 'MatMul'],
  normalization: [
    'SkipLayerNormalization',
    'SkipSimplifiedLayerNormalization',
    'SimplifiedLayerNormalization',
    'EmbedLayerNormalization',
    'LayerNormalization',
    'SkipGroupNorm',
    'GroupNorm',
  ],
  activation: ['Gelu', 'FastGelu', 'BiasGelu', 'QuickGelu', 'BiasSoftmax'],
  attention: [
    'Attention',
    'MultiHeadAttention',
    'GroupQueryAttention',
    'PackedAttention',
    'PackedMultiHeadAttention',
    'DecoderMaskedMultiHeadAttention',
    'SparseAttention',
    'RotaryEmbedding',
  ],
  elementwise: ['BiasAdd', 'BiasDropout'],
  shape: ['GridSample', 'Trilu'],
  quantization: [
    'MatMulNBits',
    'MatMulBnb4',
    'MatMulIntegerToFloat',
    'DynamicQuantizeMatMul',
    'QAttention',
    'QGemm',
    'QLinearAdd',
    'QLinearMul',
    'QLinearSigmoid',
    'QLinearLeakyRelu',
    'QLinearSoftmax',
    'QLinearConcat',
    'QLinearAveragePool',
    'QLinearGlobalAveragePool',
    'QLinearConv',
    'QuantizeLinear',
    'DequantizeLinear',
    'GatherBlockQuantized',
  ],
});

const TABLES_BY_DOMAIN: ReadonlyMap<string, ReadonlyMap<string, OpCategory>> = new Map([
  ['', AI_ONNX],
  ['ai.onnx', AI_ONNX],
  ['ai.onnx.ml', AI_ONNX_ML],
  ['ai.onnx.preview.training', AI_ONNX_TRAINING],
  ['com.microsoft', COM_MICROSOFT],
]);

/** Domains Glassbox knows the operators of; '' and 'ai.onnx' are the same default domain. */
export function isKnownDomain(domain: string): boolean {
  return TABLES_BY_DOMAIN.has(domain);
}

/** The operators Glassbox knows in a domain (for tests and the legend). */
export function knownOps(domain: string): string[] {
  return [...(TABLES_BY_DOMAIN.get(domain)?.keys() ?? [])];
}

/** True for an operator of a known domain that is in that domain's table. */
export function isKnownOp(opType: string, domain: string): boolean {
  return TABLES_BY_DOMAIN.get(domain)?.has(opType) ?? false;
}

// Order matters: the first matching pattern wins ('QLinearConv' is quantization before conv).
const NAME_PATTERNS: readonly [RegExp, OpCategory][] = [
  [/quant|^QLinear|Integer|NBits/i, 'quantization'],
  [/attention|rotary/i, 'attention'],
  [/norm/i, 'normalization'],
  [/conv/i, 'conv'],
  [/matmul|gemm|linear|dense/i, 'linear'],
  [/pool/i, 'pooling'],
  [/gelu|relu|sigmoid|swish|softmax|tanh/i, 'activation'],
  [/lstm|gru|rnn/i, 'recurrent'],
  [/reshape|transpose|concat|split|slice|gather|scatter|squeeze/i, 'shape'],
];

/** The category of an operator; unknown custom ops are guessed from their name, else 'other'. */
export function categorizeOp(opType: string, domain = ''): OpCategory {
  const known = TABLES_BY_DOMAIN.get(domain)?.get(opType);
  if (known) return known;
  for (const [pattern, category] of NAME_PATTERNS) if (pattern.test(opType)) return category;
  return 'other';
}
