// The synthetic models Glassbox can generate, by preset id: BERT-family encoders, YOLOv8 backbones and
// micro-models, each with its spec, its parameter count and the sweep family it belongs to. Every one has
// random weights: for speed, not answers.
import { backboneParameterCount, backboneProblems, type ConvBackboneSpec } from './conv-backbone.ts';
import { convParameterCount, matMulParameterCount, type ConvSpec, type MatMulSpec } from './micro-models.ts';
import { encoderParameterCount, encoderProblems, type EncoderSpec } from './transformer-encoder.ts';

/** Said wherever a synthetic model appears. */
export const RANDOM_WEIGHTS_NOTE = 'random weights — for speed, not answers';

export type SyntheticSpec =
  | { kind: 'encoder'; spec: EncoderSpec }
  | { kind: 'conv-backbone'; spec: ConvBackboneSpec }
  | { kind: 'matmul'; spec: MatMulSpec }
  | { kind: 'conv'; spec: ConvSpec };

export type SweepFamily = 'encoder' | 'conv-backbone' | 'matmul';

export interface SyntheticPreset {
  id: string;
  name: string;
  family: SweepFamily | 'conv';
  model: SyntheticSpec;
}

const BERT_VOCAB = 30_522;
const encoder = (layers: number, hidden: number, sequence = 128): SyntheticSpec => ({
  kind: 'encoder',
  spec: { layers, hidden, heads: Math.max(2, hidden / 64), ffn: 4 * hidden, sequence, vocab: BERT_VOCAB },
});
const backbone = (width: number, inputSize: number): SyntheticSpec => ({
  kind: 'conv-backbone',
  spec: { width, depth: 0.33, maxChannels: 1024, inputSize },
});
const matmul = (size: number): SyntheticSpec => ({ kind: 'matmul', spec: { m: size, k: size, n: size } });

// BERT-large (24 × 1024, 335 M parameters, 1.3 GB of fp32 weights) is left out on purpose: generating it
// holds the weights twice in the page, and ONNX Runtime's WASM heap (4 GB at most) copies them again.
export const SYNTHETIC_PRESETS: readonly SyntheticPreset[] = [
  { id: 'bert-tiny', name: 'BERT-tiny shape (2 × 128)', family: 'encoder', model: encoder(2, 128) },
  { id: 'bert-mini', name: 'BERT-mini shape (4 × 256)', family: 'encoder', model: encoder(4, 256) },
  { id: 'bert-small', name: 'BERT-small shape (4 × 512)', family: 'encoder', model: encoder(4, 512) },
  { id: 'distilbert', name: 'DistilBERT shape (6 × 768)', family: 'encoder', model: encoder(6, 768) },
  { id: 'bert-base', name: 'BERT-base shape (12 × 768)', family: 'encoder', model: encoder(12, 768) },
  {
    id: 'yolov8n-160',
    name: 'YOLOv8n backbone, 160 × 160',
    family: 'conv-backbone',
    model: backbone(0.25, 160),
  },
  {
    id: 'yolov8n-320',
    name: 'YOLOv8n backbone, 320 × 320',
    family: 'conv-backbone',
    model: backbone(0.25, 320),
  },
  {
    id: 'yolov8n-640',
    name: 'YOLOv8n backbone, 640 × 640',
    family: 'conv-backbone',
    model: backbone(0.25, 640),
  },
  {
    id: 'yolov8s-640',
    name: 'YOLOv8s backbone, 640 × 640',
    family: 'conv-backbone',
    model: backbone(0.5, 640),
  },
  { id: 'matmul-128', name: 'MatMul 128 × 128', family: 'matmul', model: matmul(128) },
  { id: 'matmul-256', name: 'MatMul 256 × 256', family: 'matmul', model: matmul(256) },
  { id: 'matmul-512', name: 'MatMul 512 × 512', family: 'matmul', model: matmul(512) },
  { id: 'matmul-1024', name: 'MatMul 1024 × 1024', family: 'matmul', model: matmul(1024) },
  { id: 'matmul-2048', name: 'MatMul 2048 × 2048', family: 'matmul', model: matmul(2048) },
  {
    id: 'conv-64',
    name: 'Conv 3 × 3, 64 channels, 56 × 56',
    family: 'conv',
    model: { kind: 'conv', spec: { channels: 64, size: 56, kernel: 3 } },
  },
];

export function syntheticPreset(id: string): SyntheticPreset | undefined {
  return SYNTHETIC_PRESETS.find((preset) => preset.id === id);
}

/** Presets of one sweep family, smallest first (the order above). */
export function familyPresets(family: SweepFamily): SyntheticPreset[] {
  return SYNTHETIC_PRESETS.filter((preset) => preset.family === family);
}

export function syntheticParameterCount(model: SyntheticSpec): number {
  switch (model.kind) {
    case 'encoder':
      return encoderParameterCount(model.spec);
    case 'conv-backbone':
      return backboneParameterCount(model.spec);
    case 'matmul':
      return matMulParameterCount(model.spec);
    case 'conv':
      return convParameterCount(model.spec);
  }
}

/** Every reason the spec cannot be built, in words; empty when it can. */
export function syntheticProblems(model: SyntheticSpec): string[] {
  switch (model.kind) {
    case 'encoder':
      return encoderProblems(model.spec);
    case 'conv-backbone':
      return backboneProblems(model.spec);
    default:
      return Object.values(model.spec).every((v) => Number.isInteger(v) && v >= 1)
        ? []
        : ['Every size must be a whole number of at least 1.'];
  }
}
