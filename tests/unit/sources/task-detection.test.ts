import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeModel } from '../../../src/lib/onnx/index.ts';
import { ioSignatureOf, type IoSignature } from '../../../src/lib/sources/io-signature.ts';
import { detectTask } from '../../../src/lib/sources/task-detection.ts';
import { BERT, tensor, YOLO } from '../../support/io-signatures.ts';

const TENSOR_VIEW = 'it opens in the tensor view, which runs any model.';

const WITH_TOKENIZER = { tokenizer: true };

describe('detectTask: text classification', () => {
  it('recognises a classifier, confirmed by its architecture', () => {
    expect(detectTask(BERT, { architectures: ['BertForSequenceClassification'] }, WITH_TOKENIZER)).toEqual({
      task: 'text-classification',
      reason:
        'The model takes input_ids and returns one row of scores per text (logits), and tokenizer.json is present; config.json names BertForSequenceClassification.',
    });
  });

  it('takes id2label as confirmation, and needs none', () => {
    expect(detectTask(BERT, { id2label: { 0: 'NEGATIVE', 1: 'POSITIVE' } }, WITH_TOKENIZER).reason).toMatch(
      /; config\.json lists 2 labels\.$/,
    );
    expect(detectTask(BERT, null, WITH_TOKENIZER)).toEqual({
      task: 'text-classification',
      reason:
        'The model takes input_ids and returns one row of scores per text (logits), and tokenizer.json is present.',
    });
  });

  it('accepts int32 ids, only input_ids, and an output of unknown rank', () => {
    const signature: IoSignature = {
      inputs: [tensor('input_ids', 'int32', ['batch', 'sequence'])],
      outputs: [tensor('scores', 'float32', [])],
    };
    expect(detectTask(signature, null, WITH_TOKENIZER).task).toBe('text-classification');
  });

  it.each([
    ['BertForTokenClassification'],
    ['DistilBertForQuestionAnswering'],
    ['BertForMaskedLM'],
    ['BertModel'],
  ])('refuses the %s head', (architecture) => {
    expect(detectTask(BERT, { architectures: [architecture] }, WITH_TOKENIZER)).toEqual({
      task: 'generic',
      reason: `The model’s config.json names the architecture ${architecture}, which is not a text classifier, so ${TENSOR_VIEW}`,
    });
  });

  it.each([['LlamaForCausalLM'], ['GPT2LMHeadModel']])(
    'leaves a %s head to text generation, which refuses inputs it cannot fill',
    (architecture) => {
      const detection = detectTask(BERT, { architectures: [architecture] }, WITH_TOKENIZER);
      expect(detection.task).toBe('generic');
      expect(detection.reason).toMatch(/fill for text generation: token_type_ids/);
    },
  );

  it('says when tokenizer.json is missing', () => {
    expect(
      detectTask(BERT, { architectures: ['BertForSequenceClassification'] }, { tokenizer: false }),
    ).toEqual({
      task: 'generic',
      reason: `The model takes input_ids, but tokenizer.json is missing, so Glassbox cannot turn text into tokens and ${TENSOR_VIEW}`,
    });
  });

  it('refuses per-token outputs', () => {
    const signature = {
      ...BERT,
      outputs: [tensor('last_hidden_state', 'float32', ['batch', 'sequence', 768])],
    };
    expect(detectTask(signature, null, WITH_TOKENIZER)).toEqual({
      task: 'generic',
      reason: `Its first output last_hidden_state has shape [batch, sequence, 768], not one row of scores per text, so ${TENSOR_VIEW}`,
    });
  });

  it('refuses inputs the text view cannot feed', () => {
    const signature = {
      ...BERT,
      inputs: [
        ...BERT.inputs,
        ...Array.from({ length: 6 }, (_, i) => tensor(`image_embeds.${i}`, 'float32', [1, 2, 3, 4])),
      ],
    };
    expect(detectTask(signature, null, WITH_TOKENIZER)).toEqual({
      task: 'generic',
      reason: `Besides input_ids the model takes image_embeds.0, image_embeds.1, image_embeds.2, image_embeds.3 and 2 more, which the text view cannot feed, so ${TENSOR_VIEW}`,
    });
  });

  it('refuses float input_ids', () => {
    const signature = { ...BERT, inputs: [tensor('input_ids', 'float32', ['batch', 'sequence'])] };
    expect(detectTask(signature, null, WITH_TOKENIZER)).toEqual({
      task: 'generic',
      reason: `The model’s input_ids holds float32 values, not integer token ids, so ${TENSOR_VIEW}`,
    });
  });

  it('refuses a model without outputs', () => {
    expect(detectTask({ ...BERT, outputs: [] }, null, WITH_TOKENIZER).task).toBe('generic');
  });
});

describe('detectTask: object detection', () => {
  it('recognises a YOLOv8 layout', () => {
    expect(detectTask(YOLO, null, { tokenizer: false })).toEqual({
      task: 'object-detection',
      reason:
        'The model takes one image (images [1, 3, 640, 640]) and its output output0 reads as YOLOv8/v11 with 80 classes and 8400 boxes.',
    });
  });

  it('takes a symbolic batch and channel dim, and float16', () => {
    const signature: IoSignature = {
      inputs: [tensor('images', 'float16', ['batch', 'channels', 'height', 'width'])],
      outputs: [tensor('output0', 'float16', ['batch', 25200, 85])],
    };
    expect(detectTask(signature, null, { tokenizer: false }).reason).toMatch(
      /output0 reads as YOLOv5\/v7 with 80 classes and 25200 boxes\.$/,
    );
  });

  it('uses id2label to settle an ambiguous shape', () => {
    const signature: IoSignature = { ...YOLO, outputs: [tensor('output0', 'float32', [1, 6, 6])] };
    expect(detectTask(signature, null, { tokenizer: false }).task).toBe('generic');
    const config = { id2label: { 0: 'cat', 1: 'dog' } };
    expect(detectTask(signature, config, { tokenizer: false })).toMatchObject({
      task: 'object-detection',
      reason: expect.stringMatching(/YOLOv8\/v11 with 2 classes and 6 boxes\.$/) as unknown,
    });
  });

  it('trusts a yolo model_type when the outputs have rank 3', () => {
    const signature: IoSignature = {
      ...YOLO,
      outputs: [tensor('output0', 'float32', ['batch', 'channels', 'anchors'])],
    };
    expect(detectTask(signature, { model_type: 'yolov8' }, { tokenizer: false })).toEqual({
      task: 'object-detection',
      reason:
        'The model takes one image (images [1, 3, 640, 640]), config.json names the model type yolov8 and its outputs have rank 3, as YOLO outputs do.',
    });
    expect(detectTask(signature, null, { tokenizer: false })).toEqual({
      task: 'generic',
      reason: `The model takes one image (images [1, 3, 640, 640]), but no output has a YOLO detection layout, so ${TENSOR_VIEW}`,
    });
    const classifier: IoSignature = { ...YOLO, outputs: [tensor('logits', 'float32', [1, 1000])] };
    // An image in and one [1, 1000] row out is a classifier's layout, whatever the model type says.
    expect(detectTask(classifier, { model_type: 'yolos' }, { tokenizer: false }).task).toBe(
      'image-classification',
    );
  });

  it.each([
    ['a 1-channel input', { ...YOLO, inputs: [tensor('images', 'float32', [1, 1, 640, 640])] }],
    ['an NHWC input', { ...YOLO, inputs: [tensor('images', 'float32', [1, 640, 640, 3])] }],
    ['a uint8 input', { ...YOLO, inputs: [tensor('images', 'uint8', [1, 3, 640, 640])] }],
    ['two inputs', { ...YOLO, inputs: [...YOLO.inputs, tensor('orig_target_sizes', 'int64', [1, 2])] }],
  ])('leaves %s to the tensor view', (_, signature) => {
    expect(detectTask(signature, null, { tokenizer: false }).task).toBe('generic');
  });
});

describe('detectTask: anything else', () => {
  it('lists the inputs', () => {
    const signature: IoSignature = {
      inputs: [tensor('pixel_values', 'float32', [1, 3, 224, 224]), tensor('mask', 'bool', [1])],
      outputs: [tensor('logits', 'float32', [1, 1000])],
    };
    expect(detectTask(signature, null, { tokenizer: true })).toEqual({
      task: 'generic',
      reason: `2 inputs (pixel_values, mask) match no task Glassbox knows; ${TENSOR_VIEW}`,
    });
    expect(
      detectTask({ inputs: [tensor('x', 'float32', [4])], outputs: [] }, null, WITH_TOKENIZER).reason,
    ).toBe(`1 input (x) matches no task Glassbox knows; ${TENSOR_VIEW}`);
    expect(detectTask({ inputs: [], outputs: [] }, null, WITH_TOKENIZER).reason).toBe(
      `The model takes no inputs and matches no task Glassbox knows; ${TENSOR_VIEW}`,
    );
  });

  it('shortens hostile names', () => {
    const name = `<img onerror=alert(1)>${'x'.repeat(1000)}`;
    const { reason } = detectTask(
      { inputs: [tensor(name, 'float32', [1])], outputs: [] },
      null,
      WITH_TOKENIZER,
    );
    expect(reason).toBe(`1 input (${name.slice(0, 40)}…) matches no task Glassbox knows; ${TENSOR_VIEW}`);
  });
});

describe('detectTask: the embedded models', () => {
  function signatureOf(id: string): IoSignature {
    const bytes = new Uint8Array(
      readFileSync(new URL(`../../../models/${id}/onnx/model.onnx`, import.meta.url)),
    );
    return ioSignatureOf(decodeModel(bytes, { fileName: 'model.onnx' }));
  }

  function configOf(id: string): Record<string, unknown> {
    return JSON.parse(
      readFileSync(new URL(`../../../models/${id}/config.json`, import.meta.url), 'utf8'),
    ) as Record<string, unknown>;
  }

  it('opens tiny-sentiment-bert as text classification', () => {
    expect(
      detectTask(signatureOf('tiny-sentiment-bert'), configOf('tiny-sentiment-bert'), WITH_TOKENIZER),
    ).toEqual({
      task: 'text-classification',
      reason:
        'The model takes input_ids and returns one row of scores per text (logits), and tokenizer.json is present; config.json names BertForSequenceClassification.',
    });
  });

  it('opens nanodet-coco and shapes-yolov8 as object detection', () => {
    expect(detectTask(signatureOf('nanodet-coco'), configOf('nanodet-coco'), { tokenizer: false })).toEqual({
      task: 'object-detection',
      reason:
        'The model takes one image (images [1, 3, 416, 416]) and its output output0 reads as YOLOv8/v11 with 80 classes and 3549 boxes.',
    });
    expect(detectTask(signatureOf('shapes-yolov8'), configOf('shapes-yolov8'), { tokenizer: false })).toEqual(
      {
        task: 'object-detection',
        reason:
          'The model takes one image (images [1, 3, 256, 256]) and its output output0 reads as YOLOv8/v11 with 4 classes and 1344 boxes.',
      },
    );
  });

  it('detects the embedded models without their config files too', () => {
    expect(detectTask(signatureOf('nanodet-coco'), null, { tokenizer: false }).task).toBe('object-detection');
    expect(detectTask(signatureOf('shapes-yolov8'), null, { tokenizer: false }).task).toBe(
      'object-detection',
    );
    expect(detectTask(signatureOf('tiny-sentiment-bert'), null, { tokenizer: false }).task).toBe('generic');
  });
});
