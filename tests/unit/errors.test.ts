import { describe, expect, it } from 'vitest';
import { fromErrorData, GlassboxError, isErrorData, toErrorData } from '../../src/lib/errors.ts';

describe('typed errors', () => {
  it('round-trip through plain data with code, remedy and detail', () => {
    const original = new GlassboxError({
      code: 'model-file-missing',
      message: 'The model file x is missing.',
      remedy: 'Restore it.',
      detail: '404',
    });
    const data = toErrorData(original);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    const back = fromErrorData(data);
    expect(back).toBeInstanceOf(GlassboxError);
    expect(back).toMatchObject({ code: 'model-file-missing', remedy: 'Restore it.', detail: '404' });
    expect(back.message).toBe('The model file x is missing.');
  });

  it('map unknown errors to code "unknown" and keep their message as detail', () => {
    const data = toErrorData(new RangeError('offset out of bounds'));
    expect(data.code).toBe('unknown');
    expect(data.detail).toBe('offset out of bounds');
    expect(isErrorData(data)).toBe(true);
    expect(toErrorData('plain string').detail).toBe('plain string');
  });

  it('recognise error data only with code, message and remedy', () => {
    expect(isErrorData({ code: 'x', message: 'y' })).toBe(false);
    expect(isErrorData(null)).toBe(false);
  });
});
