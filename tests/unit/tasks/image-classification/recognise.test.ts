import { describe, expect, it } from 'vitest';
import type { IoSignature } from '../../../../src/lib/sources/io-signature.ts';
import { recogniseImageClassification } from '../../../../src/lib/tasks/image-classification/recognise.ts';
import { recogniseTask } from '../../../../src/lib/tasks/registry.ts';
import { BERT, tensor, YOLO } from '../../../support/io-signatures.ts';

const RESNET: IoSignature = {
  inputs: [tensor('pixel_values', 'float32', ['batch_size', 3, 224, 224])],
  outputs: [tensor('logits', 'float32', ['batch_size', 1000])],
};
const evidence = (signature: IoSignature, config: Record<string, unknown> | null = null) => ({
  signature,
  config,
  available: { tokenizer: false },
});

describe('recogniseImageClassification', () => {
  it('accepts an image input with one [N, classes] output, with or without a config', () => {
    const plain = recogniseImageClassification(evidence(RESNET));
    expect(plain?.accepted).toBe(true);
    expect(plain?.reason).toContain('for 1000 classes');
    const named = recogniseImageClassification(
      evidence(RESNET, { architectures: ['ResNetForImageClassification'] }),
    );
    expect(named?.reason).toContain('ResNetForImageClassification');
    expect(recogniseTask(evidence(RESNET)).task).toBe('image-classification');
  });

  it('accepts a channels-last image input', () => {
    const nhwc = { ...RESNET, inputs: [tensor('input', 'float32', [1, 224, 224, 3])] };
    expect(recogniseImageClassification(evidence(nhwc))?.accepted).toBe(true);
  });

  it('leaves detectors and text models to the rows after it', () => {
    expect(recogniseImageClassification(evidence(YOLO))).toBeNull();
    expect(recogniseImageClassification(evidence(BERT))).toBeNull();
    expect(recogniseTask(evidence(YOLO)).task).toBe('object-detection');
  });

  it('refuses near misses with the reason, and they open in the tensor view', () => {
    const cases: Array<[IoSignature, Record<string, unknown> | null, string]> = [
      [{ ...RESNET, outputs: [tensor('logits', 'float32', ['batch', 'classes'])] }, null, 'not fixed'],
      [{ ...RESNET, outputs: [tensor('score', 'float32', ['batch', 1])] }, null, 'one score'],
      [RESNET, { id2label: { 0: 'cat', 1: 'dog' } }, 'names 2 labels for 1000 scores'],
      [
        { ...RESNET, outputs: [tensor('logits', 'float32', [1, 1000, 7, 7])] },
        { architectures: ['ResNetForImageClassification'] },
        'not one float [N, classes] row',
      ],
      [BERT, { architectures: ['ViTForImageClassification'] }, 'not one float image'],
    ];
    for (const [signature, config, words] of cases) {
      const answer = recogniseImageClassification(evidence(signature, config));
      expect(answer?.accepted, words).toBe(false);
      expect(answer?.reason).toContain(words);
      expect(recogniseTask(evidence(signature, config)).task).toBe('generic');
    }
  });
});
