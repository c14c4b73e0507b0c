// Display text of the inspector worker (names made visible, clipped, shapes, counts) and export file names.
import { describe, expect, it } from 'vitest';
import { clipText, visibleText } from '../../../src/lib/visible-text.ts';
import { formatCompactCount, formatDims } from '../../../workers/inspector/inspector-text.ts';
import { exportBaseName } from '../../../src/app/inspector/inspector-export.ts';

describe('inspector display text', () => {
  it('makes control characters visible and leaves markup as plain characters', () => {
    expect(visibleText('a\u0000b\u0007c\u001b[0m\u007f\u009b')).toBe('a\u2400b\u2407c\u241b[0m\u2421\\x9b');
    expect(visibleText('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('clips by characters, not UTF-16 units, with an ellipsis', () => {
    expect(clipText('LayerNormalization', 10)).toBe('LayerNorm…');
    expect(clipText('short', 10)).toBe('short');
    expect(clipText('😀😀😀😀', 3)).toBe('😀😀…');
  });

  it('formats shapes with symbolic, unknown, zero and huge dims', () => {
    expect(formatDims(['batch', 3, 416, 416])).toBe('batch×3×416×416');
    expect(formatDims([0, null, 2 ** 40])).toBe(`0×?×${2 ** 40}`);
    expect(formatDims([])).toBe('scalar');
    expect(formatDims(undefined)).toBe('?');
    expect(formatDims(['seq\u0007'])).toBe('seq\u2407');
  });

  it('abbreviates parameter counts', () => {
    expect([950, 12_345, 4_500_000, 110_000_000, 1.2e9].map(formatCompactCount)).toEqual([
      '950',
      '12K',
      '4.5M',
      '110M',
      '1.2B',
    ]);
  });

  it('names export files after the model', () => {
    expect(exportBaseName('nanodet-coco/onnx/model.onnx')).toBe('nanodet-coco');
    expect(exportBaseName('my model (v2).onnx')).toBe('my_model_v2_');
    expect(exportBaseName('resnet50.ONNX')).toBe('resnet50');
  });
});
