import { describe, expect, it } from 'vitest';
import {
  downloadVerdict,
  MAX_GENERATION_DOWNLOAD_BYTES,
} from '../../../../src/lib/tasks/text-generation/download-size.ts';

const GiB = 1024 ** 3;

describe('a language model download against the device', () => {
  it('says the size of a model that fits', () => {
    expect(downloadVerdict('tiny (fp32)', 300 * 1024, 8)).toEqual({
      kind: 'ok',
      sentence: 'tiny (fp32) downloads 300.0 KB.',
    });
    // 1.9 GB on an 8 GB laptop: under a quarter of its memory.
    expect(downloadVerdict('m', 1.9 * GiB, 8).kind).toBe('ok');
  });

  it('warns on a phone-sized memory: over a quarter of what the device reports', () => {
    const verdict = downloadVerdict('SmolLM2 (fp32)', 2 * GiB, 4);
    expect(verdict).toEqual({
      kind: 'warn',
      sentence:
        'SmolLM2 (fp32) downloads 2.00 GB. This device reports 4 GB of memory, and the page holds the weights about twice while it loads them: it may run out of memory and close the tab.',
    });
    expect(downloadVerdict('m', 1.01 * GiB, 4).kind).toBe('warn');
    expect(downloadVerdict('m', 0.99 * GiB, 4).kind).toBe('ok');
  });

  it('warns from 2 GB where the browser does not report its memory', () => {
    expect(downloadVerdict('m', 2.1 * GiB, null)).toMatchObject({
      kind: 'warn',
      sentence: expect.stringContaining('This browser does not say how much memory the device has'),
    });
    expect(downloadVerdict('m', 1.9 * GiB, null).kind).toBe('ok');
    expect(downloadVerdict('m', 1.9 * GiB, Number.NaN).kind).toBe('ok');
  });

  it('refuses over what ONNX Runtime can hold in a browser, whatever the device', () => {
    const verdict = downloadVerdict('big (fp32)', 5 * GiB, 8);
    expect(verdict.kind).toBe('refuse');
    expect(verdict.sentence).toBe(
      'big (fp32) downloads 5.00 GB, more than the 4.00 GB ONNX Runtime can hold in a browser (WebAssembly memory), so it is not downloaded. Pick a smaller precision (q4, q8) or a smaller model.',
    );
    expect(downloadVerdict('m', MAX_GENERATION_DOWNLOAD_BYTES, 8).kind).toBe('warn');
    expect(downloadVerdict('m', MAX_GENERATION_DOWNLOAD_BYTES + 1, 8).kind).toBe('refuse');
  });
});
