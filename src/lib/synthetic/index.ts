// Public API of the synthetic models: architecture-true ONNX models generated from a spec, random weights.
export * from './presets.ts';
export { encoderParameterCount, type EncoderSpec } from './transformer-encoder.ts';
export {
  backboneChannels,
  backboneParameterCount,
  backboneRepeats,
  type ConvBackboneSpec,
} from './conv-backbone.ts';
export type { ConvSpec, MatMulSpec } from './micro-models.ts';
