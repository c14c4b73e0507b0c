import { describe, expect, it } from 'vitest';
import { GlassboxError } from '../../../../src/lib/errors.ts';
import {
  decodeCandidates,
  describeLayout,
  detectLayout,
  layoutOfKind,
  type DetectionLayout,
  type OutputShape,
} from '../../../../src/lib/tasks/object-detection/output-layouts.ts';

function output(dims: number[], name = 'output0'): OutputShape {
  return { name, dims };
}

/** The GlassboxError a call throws (fails the test when it throws something else or nothing). */
function thrown(call: () => unknown): GlassboxError {
  try {
    call();
  } catch (error) {
    if (error instanceof GlassboxError) return error;
    throw error;
  }
  throw new Error('expected a GlassboxError');
}

describe('detectLayout on real export shapes', () => {
  it('reads [1, 84, 8400] as YOLOv8 with 80 classes', () => {
    expect(detectLayout([output([1, 84, 8400])])).toEqual({
      kind: 'yolov8',
      outputName: 'output0',
      numClasses: 80,
      numBoxes: 8400,
      nmsFree: false,
    });
  });

  it('reads [1, 25200, 85] as YOLOv5 with 80 classes', () => {
    expect(detectLayout([output([1, 25200, 85])])).toMatchObject({
      kind: 'yolov5',
      numClasses: 80,
      numBoxes: 25200,
      nmsFree: false,
    });
  });

  it('reads [1, 300, 6] as YOLOv10 end-to-end, taking the class count from the hint', () => {
    expect(detectLayout([output([1, 300, 6])])).toMatchObject({
      kind: 'yolov10',
      numClasses: null,
      numBoxes: 300,
      nmsFree: true,
    });
    expect(detectLayout([output([1, 300, 6])], 80)).toMatchObject({ kind: 'yolov10', numClasses: 80 });
    expect(detectLayout([output([1, 300, 6])], 1)).toMatchObject({ kind: 'yolov10', numClasses: 1 });
  });

  it('reads a long [1, N, 6] grid as one-class YOLOv5', () => {
    expect(detectLayout([output([1, 25200, 6])])).toMatchObject({ kind: 'yolov5', numClasses: 1 });
  });

  it('reads [1, 84, 3549] (416×416 input) as YOLOv8 with 3549 boxes', () => {
    expect(detectLayout([output([1, 84, 3549])])).toMatchObject({
      kind: 'yolov8',
      numClasses: 80,
      numBoxes: 3549,
    });
  });

  it('reads the 3-class shapes model [1, 7, 1344], with or without the hint', () => {
    const expected = { kind: 'yolov8', numClasses: 3, numBoxes: 1344 };
    expect(detectLayout([output([1, 7, 1344])])).toMatchObject(expected);
    expect(detectLayout([output([1, 7, 1344])], 3)).toMatchObject(expected);
  });

  it('skips outputs without a detection layout and names the one it reads', () => {
    const layout = detectLayout([
      output([1, 3, 80, 80, 85], 'onnx::Sigmoid_1'),
      output([1, 25200, 85], 'output'),
    ]);
    expect(layout).toMatchObject({ kind: 'yolov5', outputName: 'output' });
  });
});

describe('detectLayout on ambiguous and unsupported shapes', () => {
  it('names the shapes seen and the supported layouts for a classifier output', () => {
    const error = thrown(() => detectLayout([output([1, 1000], 'logits')]));
    expect(error.code).toBe('output-layout-unsupported');
    expect(error.message).toContain('Outputs seen: logits [1, 1000].');
    expect(error.message).toContain('[1, N, 5 + C]');
    expect(error.message).toContain('[1, 4 + C, N]');
    expect(error.message).toContain('[1, K, 6]');
  });

  it('rejects a shape whose class count contradicts config.json', () => {
    const error = thrown(() => detectLayout([output([1, 84, 8400])], 20));
    expect(error.message).toContain('output0 [1, 84, 8400]');
    expect(error.message).toContain('C = 20 classes');
  });

  it('does not read a segmentation head as 112 classes when config.json says 80', () => {
    const outputs = [output([1, 116, 8400]), output([1, 32, 160, 160], 'output1')];
    expect(thrown(() => detectLayout(outputs, 80)).message).toContain(
      'output0 [1, 116, 8400], output1 [1, 32, 160, 160]',
    );
  });

  it('asks for the class count when a tiny [1, 6, 6] fits several layouts', () => {
    const error = thrown(() => detectLayout([output([1, 6, 6])]));
    expect(error.code).toBe('output-layout-unsupported');
    expect(error.message).toBe(
      'The output output0 [1, 6, 6] fits more than one detection layout: YOLOv5/v7 with 1 class and 6 boxes; ' +
        'YOLOv8/v11 with 2 classes and 6 boxes; YOLOv10 with 6 boxes.',
    );
    expect(error.remedy).toContain('id2label');
  });

  it('lets the hint settle a tiny ambiguous shape', () => {
    expect(detectLayout([output([1, 6, 6])], 2)).toMatchObject({
      kind: 'yolov8',
      numClasses: 2,
      numBoxes: 6,
    });
    expect(detectLayout([output([1, 6, 6])], 1)).toMatchObject({
      kind: 'yolov5',
      numClasses: 1,
      numBoxes: 6,
    });
    expect(detectLayout([output([1, 7, 7])], 2)).toMatchObject({ kind: 'yolov5', numClasses: 2 });
    expect(detectLayout([output([1, 7, 7])], 3)).toMatchObject({ kind: 'yolov8', numClasses: 3 });
  });

  it('rejects a hint of no classes as a config error', () => {
    expect(thrown(() => detectLayout([output([1, 84, 8400])], 0)).code).toBe('model-config-invalid');
  });

  it('reports no outputs at all', () => {
    expect(thrown(() => detectLayout([])).message).toContain('Outputs seen: none.');
  });
});

describe('layoutOfKind', () => {
  it('reads a shape as the kind the user chose', () => {
    expect(layoutOfKind('yolov10', output([1, 6, 6]))).toMatchObject({ kind: 'yolov10', numBoxes: 6 });
    expect(describeLayout(layoutOfKind('yolov8', output([1, 84, 8400])))).toBe(
      'YOLOv8/v11 with 80 classes and 8400 boxes',
    );
  });

  it('refuses a kind the shape cannot be', () => {
    expect(thrown(() => layoutOfKind('yolov10', output([1, 84, 8400]))).message).toContain(
      'cannot be read as YOLOv10',
    );
  });
});

describe('decodeCandidates', () => {
  it('decodes YOLOv8 [1, 4 + 2, 3] channel-major, best class per box', () => {
    // prettier-ignore
    const data = Float32Array.from([
      10, 20, 30,         // cx
      10, 20, 30,         // cy
      4, 6, 8,            // w
      2, 2, 2,            // h
      0.9, 0.1, 0.005,    // class 0
      0.25, 0.75, 0.004,  // class 1
    ]);
    const layout = detectLayout([output([1, 6, 3])], 2);
    expect(decodeCandidates({ dims: [1, 6, 3], data }, layout, { minScore: 0.01 })).toEqual([
      { box: { x1: 8, y1: 9, x2: 12, y2: 11 }, score: Math.fround(0.9), classIndex: 0, sourceIndex: 0 },
      { box: { x1: 17, y1: 19, x2: 23, y2: 21 }, score: 0.75, classIndex: 1, sourceIndex: 1 },
    ]);
  });

  it('decodes YOLOv5 [1, 3, 5 + 2] rows with score = objectness × class score', () => {
    // prettier-ignore
    const data = Float32Array.from([
      10, 10, 4, 2, 0.5, 0.25, 0.75,   // score 0.375, class 1
      20, 20, 6, 2, 0.005, 1, 1,       // objectness under the floor
      30, 30, 8, 4, 1, 0.5, 0.5,       // tie: the first class wins
    ]);
    const layout = detectLayout([output([1, 3, 7])], 2);
    expect(layout.kind).toBe('yolov5');
    expect(decodeCandidates({ dims: [1, 3, 7], data }, layout, { minScore: 0.01 })).toEqual([
      { box: { x1: 8, y1: 9, x2: 12, y2: 11 }, score: 0.375, classIndex: 1, sourceIndex: 0 },
      { box: { x1: 26, y1: 28, x2: 34, y2: 32 }, score: 0.5, classIndex: 0, sourceIndex: 2 },
    ]);
  });

  it('decodes YOLOv10 [1, 3, 6] rows of corners, score and class', () => {
    // prettier-ignore
    const data = Float32Array.from([
      1, 2, 3, 4, 0.5, 2,
      5, 6, 7, 8, 0.005, 0,
      0, 0, 10, 10, 0.25, 0.9999999,  // a class index that float32 stored slightly off
    ]);
    const layout = layoutOfKind('yolov10', output([1, 3, 6]));
    expect(decodeCandidates({ dims: [1, 3, 6], data }, layout, { minScore: 0.01 })).toEqual([
      { box: { x1: 1, y1: 2, x2: 3, y2: 4 }, score: 0.5, classIndex: 2, sourceIndex: 0 },
      { box: { x1: 0, y1: 0, x2: 10, y2: 10 }, score: 0.25, classIndex: 1, sourceIndex: 2 },
    ]);
  });

  it('keeps scores equal to minScore and drops NaN scores', () => {
    const data = Float32Array.from([5, 5, 5, 5, 2, 2, 2, 2, 0.5, NaN]);
    const layout = layoutOfKind('yolov8', output([1, 5, 2]));
    const candidates = decodeCandidates({ dims: [1, 5, 2], data }, layout, { minScore: 0.5 });
    expect(candidates.map((c) => c.sourceIndex)).toEqual([0]);
  });

  it('refuses an output whose shape differs from the layout', () => {
    const layout: DetectionLayout = detectLayout([output([1, 84, 8400])]);
    const error = thrown(() =>
      decodeCandidates({ dims: [1, 84, 2100], data: new Float32Array(84 * 2100) }, layout, {
        minScore: 0.01,
      }),
    );
    expect(error.message).toBe(
      'The output output0 has shape [1, 84, 2100], but the YOLOv8/v11 layout found for it expects [1, 84, 8400].',
    );
    expect(() =>
      decodeCandidates({ dims: [1, 84, 8400], data: new Float32Array(10) }, layout, { minScore: 0 }),
    ).toThrow(/should hold 705600 values but holds 10/);
  });
});
