import { describe, expect, it } from 'vitest';
import {
  DownloadTracker,
  downloadFraction,
  type DownloadSnapshot,
} from '../../../src/lib/loading/download-progress.ts';

/** A tracker on a clock the test moves by hand (milliseconds). */
function trackerAt(start = 1_000) {
  let time = start;
  const tracker = new DownloadTracker(() => time);
  return {
    tracker,
    advance(ms: number) {
      time += ms;
    },
  };
}

describe('DownloadTracker', () => {
  it('starts empty and not done', () => {
    const { tracker } = trackerAt();
    const snapshot = tracker.snapshot();
    expect(snapshot).toEqual({
      files: [],
      loadedBytes: 0,
      totalBytes: 0,
      bytesPerSecond: null,
      secondsLeft: null,
      done: false,
    });
    expect(downloadFraction(snapshot)).toBe(0);
  });

  it('sums files in start order, with speed and time left', () => {
    const { tracker, advance } = trackerAt();
    tracker.start('onnx/model.onnx', 10_000);
    tracker.start('config.json', 1_000, true);
    tracker.finish('config.json');
    tracker.update('onnx/model.onnx', 1_000);
    advance(500);
    tracker.update('onnx/model.onnx', 3_000);
    expect(tracker.snapshot()).toEqual({
      files: [
        { file: 'onnx/model.onnx', loadedBytes: 3_000, totalBytes: 10_000, fromCache: false, done: false },
        { file: 'config.json', loadedBytes: 1_000, totalBytes: 1_000, fromCache: true, done: true },
      ],
      loadedBytes: 4_000,
      totalBytes: 11_000,
      // 2 000 network bytes in 500 ms; the cached config does not count.
      bytesPerSecond: 4_000,
      secondsLeft: 7_000 / 4_000,
      done: false,
    });
  });

  it('has no speed until two samples lie 250 ms apart', () => {
    const { tracker, advance } = trackerAt();
    tracker.start('a', 1_000);
    tracker.update('a', 100);
    expect(tracker.snapshot().bytesPerSecond).toBeNull();
    advance(249);
    tracker.update('a', 200);
    expect(tracker.snapshot()).toMatchObject({ bytesPerSecond: null, secondsLeft: null });
    advance(1);
    tracker.update('a', 300);
    expect(tracker.snapshot().bytesPerSecond).toBe(800);
  });

  it('measures speed over the last 3 seconds only', () => {
    const { tracker, advance } = trackerAt();
    tracker.start('a', 100_000);
    tracker.update('a', 0);
    // A slow first second, then 10 000 bytes a second.
    advance(1_000);
    tracker.update('a', 1_000);
    for (let second = 1; second <= 4; second++) {
      advance(1_000);
      tracker.update('a', 1_000 + second * 10_000);
    }
    // Samples at t = 2 s … 5 s remain: 30 000 bytes in 3 s.
    expect(tracker.snapshot().bytesPerSecond).toBe(10_000);
    expect(tracker.snapshot().secondsLeft).toBeCloseTo(59_000 / 10_000);
  });

  it('forgets the speed of a download that stalled for the whole window', () => {
    const { tracker, advance } = trackerAt();
    tracker.start('a', 10_000);
    tracker.update('a', 1_000);
    advance(1_000);
    tracker.update('a', 2_000);
    expect(tracker.snapshot().bytesPerSecond).toBe(1_000);
    advance(3_001);
    expect(tracker.snapshot()).toMatchObject({ bytesPerSecond: null, secondsLeft: null, loadedBytes: 2_000 });
  });

  it('excludes cached bytes from the speed', () => {
    const { tracker, advance } = trackerAt();
    tracker.start('cached', 50_000, true);
    tracker.update('cached', 10_000);
    advance(500);
    tracker.update('cached', 50_000);
    expect(tracker.snapshot()).toMatchObject({
      bytesPerSecond: null,
      loadedBytes: 50_000,
      totalBytes: 50_000,
    });
  });

  it('has no total while an unfinished file’s size is unknown', () => {
    const { tracker } = trackerAt();
    tracker.start('a', 1_000);
    tracker.start('b', null);
    tracker.update('b', 500);
    expect(tracker.snapshot().totalBytes).toBeNull();
    expect(downloadFraction(tracker.snapshot())).toBeNull();
    tracker.update('b', 700, 2_000);
    expect(tracker.snapshot().totalBytes).toBe(3_000);
    tracker.update('b', 800, null);
    expect(tracker.snapshot().totalBytes).toBeNull();
    tracker.finish('b');
    expect(tracker.snapshot()).toMatchObject({ totalBytes: 1_800, loadedBytes: 800 });
  });

  it('completes a file on finish, whatever its size said', () => {
    const { tracker } = trackerAt();
    tracker.start('gzip', 100);
    tracker.update('gzip', 250);
    tracker.start('short', 1_000, true);
    tracker.finish('gzip');
    tracker.finish('short');
    const snapshot = tracker.snapshot();
    expect(snapshot.files).toEqual([
      { file: 'gzip', loadedBytes: 250, totalBytes: 250, fromCache: false, done: true },
      { file: 'short', loadedBytes: 1_000, totalBytes: 1_000, fromCache: true, done: true },
    ]);
    expect(snapshot).toMatchObject({ loadedBytes: 1_250, totalBytes: 1_250, done: true });
    expect(downloadFraction(snapshot)).toBe(1);
  });

  it('starts a file it hears of first through update, and restarts one started twice', () => {
    const { tracker, advance } = trackerAt();
    tracker.update('late', 100, 400);
    expect(tracker.snapshot().files).toEqual([
      { file: 'late', loadedBytes: 100, totalBytes: 400, fromCache: false, done: false },
    ]);
    tracker.start('other', 10);
    advance(300);
    tracker.start('late', 400);
    tracker.update('late', 50);
    const snapshot = tracker.snapshot();
    expect(snapshot.files.map((file) => [file.file, file.loadedBytes])).toEqual([
      ['late', 50],
      ['other', 0],
    ]);
    // The retry's first 50 bytes count toward the speed: 150 network bytes in all, 50 of them in 300 ms.
    expect(snapshot.bytesPerSecond).toBeCloseTo(50 / 0.3);
  });

  it('reads a byte-progress report: 0 bytes (re)starts the file with its size, more bytes update it', () => {
    const { tracker } = trackerAt();
    tracker.report('model.onnx', 0, 100, true);
    tracker.report('model.onnx', 40, 100, true);
    expect(tracker.snapshot().files).toEqual([
      { file: 'model.onnx', loadedBytes: 40, totalBytes: 100, fromCache: true, done: false },
    ]);
    tracker.report('model.onnx', 0, 120, false);
    expect(tracker.snapshot().files).toEqual([
      { file: 'model.onnx', loadedBytes: 0, totalBytes: 120, fromCache: false, done: false },
    ]);
  });

  it('ignores finish for a file never started', () => {
    const { tracker } = trackerAt();
    tracker.finish('ghost');
    expect(tracker.snapshot().files).toEqual([]);
  });

  it('returns copies, so a snapshot does not change later', () => {
    const { tracker } = trackerAt();
    tracker.start('a', 10);
    const before = tracker.snapshot();
    tracker.update('a', 5);
    expect(before.files[0]?.loadedBytes).toBe(0);
  });

  it('uses performance.now by default', () => {
    const tracker = new DownloadTracker();
    tracker.start('a', 10);
    expect(tracker.snapshot().totalBytes).toBe(10);
  });
});

describe('downloadFraction', () => {
  const base: DownloadSnapshot = {
    files: [],
    loadedBytes: 0,
    totalBytes: 0,
    bytesPerSecond: null,
    secondsLeft: null,
    done: false,
  };

  it.each([
    [{ loadedBytes: 250, totalBytes: 1_000 }, 0.25],
    [{ loadedBytes: 1_500, totalBytes: 1_000 }, 1],
    [{ loadedBytes: 10, totalBytes: null }, null],
    [{ loadedBytes: 0, totalBytes: 0 }, 0],
    [{ loadedBytes: 0, totalBytes: 0, done: true }, 1],
  ])('%j → %s', (fields, fraction) => {
    expect(downloadFraction({ ...base, ...fields })).toBe(fraction);
  });
});
