// Recognising segmenters (SegFormer's [N, classes, h, w] logits) and depth models (DPT's and Depth
// Anything's [N, h, w] or [N, 1, h, w] predicted_depth), and their near misses, which open in the tensor
// view with the reason.
import { describe, expect, it } from 'vitest';
import type { IoSignature } from '../../../../src/lib/sources/io-signature.ts';
import { recogniseDepthEstimation } from '../../../../src/lib/tasks/depth-estimation/recognise.ts';
import { recogniseSemanticSegmentation } from '../../../../src/lib/tasks/semantic-segmentation/recognise.ts';
import { recogniseTask } from '../../../../src/lib/tasks/registry.ts';
import { BERT, tensor, YOLO } from '../../../support/io-signatures.ts';

const IMAGE = tensor('pixel_values', 'float32', ['batch_size', 'num_channels', 'height', 'width']);
const SEGFORMER: IoSignature = {
  inputs: [IMAGE],
  outputs: [tensor('logits', 'float32', ['batch_size', 150, 'floor(height/4)', 'floor(width/4)'])],
};
const DPT: IoSignature = {
  inputs: [IMAGE],
  outputs: [tensor('predicted_depth', 'float32', ['batch_size', 'height', 'width'])],
};
const labels = (count: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i), `class ${i}`]));
const evidence = (signature: IoSignature, config: Record<string, unknown> | null = null) => ({
  signature,
  config,
  available: { tokenizer: false },
});
const SEG_CONFIG = { architectures: ['SegformerForSemanticSegmentation'], id2label: labels(150) };

describe('recogniseSemanticSegmentation', () => {
  it('accepts a SegFormer by name, and a [N, classes, h, w] output whose id2label names as many classes', () => {
    const named = recogniseSemanticSegmentation(evidence(SEGFORMER, SEG_CONFIG));
    expect(named).toMatchObject({ accepted: true });
    expect(named?.reason).toContain('for 150 classes; config.json names SegformerForSemanticSegmentation');
    expect(recogniseTask(evidence(SEGFORMER, SEG_CONFIG)).task).toBe('semantic-segmentation');
    const unnamed = recogniseSemanticSegmentation(evidence(SEGFORMER, { id2label: labels(150) }));
    expect(unnamed?.reason).toContain('id2label names 150 classes');
  });

  it('reads the number of classes from id2label when the export leaves that axis symbolic', () => {
    const symbolic = {
      ...SEGFORMER,
      outputs: [tensor('logits', 'float32', ['batch_size', 'num_labels', 'h', 'w'])],
    };
    expect(recogniseSemanticSegmentation(evidence(symbolic, SEG_CONFIG))?.accepted).toBe(true);
    const unlabelled = { architectures: ['SegformerForSemanticSegmentation'] };
    expect(recogniseSemanticSegmentation(evidence(symbolic, unlabelled))).toMatchObject({ accepted: false });
  });

  it('leaves feature extractors, detectors, classifiers and text models to the other rows', () => {
    expect(recogniseSemanticSegmentation(evidence(SEGFORMER))).toBeNull();
    expect(recogniseSemanticSegmentation(evidence(YOLO))).toBeNull();
    expect(recogniseSemanticSegmentation(evidence(BERT))).toBeNull();
    expect(recogniseTask(evidence(YOLO)).task).toBe('object-detection');
  });

  it('refuses near misses with the reason, and they open in the tensor view', () => {
    const rank3 = { ...SEGFORMER, outputs: [tensor('logits', 'float32', ['batch_size', 150, 4096])] };
    const refusal = recogniseTask(evidence(rank3, SEG_CONFIG));
    expect(refusal.task).toBe('generic');
    expect(refusal.reason).toContain('are not one float [N, classes, h, w] tensor of class scores');
    const mismatch = recogniseTask(evidence(SEGFORMER, { ...SEG_CONFIG, id2label: labels(19) }));
    expect(mismatch.task).toBe('generic');
    expect(mismatch.reason).toContain('names 19 labels for 150 channels');
    const textInput = recogniseSemanticSegmentation(evidence(BERT, SEG_CONFIG));
    expect(textInput).toMatchObject({ accepted: false });
    expect(textInput?.reason).toContain('are not one float image');
  });
});

describe('recogniseDepthEstimation', () => {
  it('accepts DPT and Depth Anything by name, with [N, h, w] or [N, 1, h, w] output', () => {
    const dpt = recogniseDepthEstimation(evidence(DPT, { architectures: ['DPTForDepthEstimation'] }));
    expect(dpt).toMatchObject({ accepted: true });
    expect(dpt?.reason).toContain('gives one depth map (predicted_depth [batch_size, height, width])');
    const channel = { ...DPT, outputs: [tensor('predicted_depth', 'float32', [1, 1, 518, 518])] };
    const anything = { architectures: ['DepthAnythingForDepthEstimation'] };
    expect(recogniseTask(evidence(channel, anything)).task).toBe('depth-estimation');
  });

  it('accepts an output called predicted_depth without a config.json', () => {
    expect(recogniseTask(evidence(DPT)).task).toBe('depth-estimation');
  });

  it('leaves image models of other kinds to the other rows', () => {
    expect(recogniseDepthEstimation(evidence(YOLO))).toBeNull();
    expect(recogniseDepthEstimation(evidence(SEGFORMER, SEG_CONFIG))).toBeNull();
  });

  it('refuses a depth model whose output has the wrong rank, saying so, and it opens in the tensor view', () => {
    const config = { architectures: ['DPTForDepthEstimation'] };
    const rank4 = { ...DPT, outputs: [tensor('predicted_depth', 'float32', [1, 2, 64, 64])] };
    const refusal = recogniseTask(evidence(rank4, config));
    expect(refusal.task).toBe('generic');
    expect(refusal.reason).toContain('has rank 4; a depth map is [N, h, w] or [N, 1, h, w]');
    const rank2 = { ...DPT, outputs: [tensor('predicted_depth', 'float32', [1, 4096])] };
    expect(recogniseTask(evidence(rank2, config)).reason).toContain('has rank 2');
    const twoOutputs = { ...DPT, outputs: [...DPT.outputs, tensor('features', 'float32', [1, 8])] };
    expect(recogniseTask(evidence(twoOutputs, config)).reason).toContain('are not one float depth map');
  });
});
