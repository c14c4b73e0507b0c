// The watchdog's timing with a hand-moved clock, the time-limit setting's parsing and storage, and the
// sentences a stopped run is told with.
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_RUN_LIMIT_SECONDS,
  parseRunLimit,
  readRunLimit,
  RUN_LIMIT_STORAGE_KEY,
  writeRunLimit,
} from '../../../src/app/workbench/run-limit-settings.ts';
import {
  isStoppedRun,
  runStoppedError,
  runTimedOutError,
  watchRun,
} from '../../../src/app/workbench/run-watchdog.ts';
import { ManualClock } from '../../support/manual-clock.ts';

describe('watchRun', () => {
  it('fires once when the limit has passed, not a millisecond before', () => {
    const clock = new ManualClock();
    const expired = vi.fn();
    watchRun(60_000, expired, clock);
    clock.advance(59_999);
    expect(expired).not.toHaveBeenCalled();
    clock.advance(1);
    expect(expired).toHaveBeenCalledTimes(1);
    clock.advance(120_000);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('never fires for a run that ended in time, and leaves no timer behind', () => {
    const clock = new ManualClock();
    const expired = vi.fn();
    const disarm = watchRun(1000, expired, clock);
    clock.advance(999);
    disarm();
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    expect(expired).not.toHaveBeenCalled();
  });

  it('ignores a disarm after it fired, and a second disarm', () => {
    const clock = new ManualClock();
    const expired = vi.fn();
    const disarm = watchRun(10, expired, clock);
    clock.advance(10);
    disarm();
    disarm();
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('watches runs one by one: each has its own limit from its own start', () => {
    const clock = new ManualClock();
    const first = vi.fn();
    const second = vi.fn();
    watchRun(1000, first, clock);
    clock.advance(600);
    watchRun(1000, second, clock);
    clock.advance(400);
    expect([first.mock.calls.length, second.mock.calls.length]).toEqual([1, 0]);
    clock.advance(600);
    expect([first.mock.calls.length, second.mock.calls.length]).toEqual([1, 1]);
  });
});

describe('stop errors', () => {
  it('names the limit in seconds and tells stopped runs from failures', () => {
    expect(runTimedOutError(60).message).toBe('The run took longer than 60 s and was stopped');
    expect(runStoppedError().message).toBe('The run was stopped');
    expect(isStoppedRun(runTimedOutError(5))).toBe(true);
    expect(isStoppedRun(runStoppedError())).toBe(true);
    expect(isStoppedRun({ code: 'worker-crashed', message: '', remedy: '' })).toBe(false);
    expect(isStoppedRun(null)).toBe(false);
  });
});

describe('the time-limit setting', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function memoryStorage(): Storage {
    const values = new Map<string, string>();
    return {
      getItem: (key: string) => values.get(key) ?? null,
      setItem: (key: string, value: string) => void values.set(key, value),
      removeItem: (key: string) => void values.delete(key),
      clear: () => values.clear(),
      key: () => null,
      get length() {
        return values.size;
      },
    };
  }

  it('accepts whole seconds from 1 to 3600 and says why anything else is refused', () => {
    expect(parseRunLimit(' 60 ')).toEqual({ ok: true, seconds: 60 });
    expect(parseRunLimit('1')).toEqual({ ok: true, seconds: 1 });
    expect(parseRunLimit('3600')).toEqual({ ok: true, seconds: 3600 });
    const outOfRange = 'The time limit must be between 1 and 3600 seconds.';
    expect(parseRunLimit('0')).toEqual({ ok: false, reason: outOfRange });
    expect(parseRunLimit('3601')).toEqual({ ok: false, reason: outOfRange });
    const notWhole = 'The time limit is a whole number of seconds, such as 60.';
    for (const text of ['', '1.5', '-3', '1e3', 'sixty', 'Infinity']) {
      expect(parseRunLimit(text)).toEqual({ ok: false, reason: notWhole });
    }
  });

  it('keeps a valid limit in localStorage and falls back to the default for a broken one', () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    expect(readRunLimit()).toBe(DEFAULT_RUN_LIMIT_SECONDS);
    expect(writeRunLimit('5')).toEqual({ ok: true, seconds: 5 });
    expect(readRunLimit()).toBe(5);
    expect(writeRunLimit('0').ok).toBe(false);
    expect(readRunLimit()).toBe(5);
    storage.setItem(RUN_LIMIT_STORAGE_KEY, 'forever');
    expect(readRunLimit()).toBe(DEFAULT_RUN_LIMIT_SECONDS);
  });

  it('works with the default when the browser blocks site data', () => {
    vi.stubGlobal('localStorage', undefined);
    expect(readRunLimit()).toBe(DEFAULT_RUN_LIMIT_SECONDS);
    expect(writeRunLimit('7')).toEqual({ ok: true, seconds: 7 });
  });
});
