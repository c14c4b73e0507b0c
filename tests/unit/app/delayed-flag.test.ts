// The busy flag of the text view: off for work that ends within the delay, on once work outlasts it, off
// when the last of overlapping works ends. Time is moved by hand (an injected clock).
import { describe, expect, it } from 'vitest';
import { DelayedFlag } from '../../../src/app/workbench/delayed-flag.svelte.ts';
import { ManualClock } from '../../support/manual-clock.ts';

describe('DelayedFlag', () => {
  it('stays off for work that ends within the delay, and leaves no timer behind', () => {
    const clock = new ManualClock();
    const flag = new DelayedFlag(150, clock);
    flag.start();
    clock.advance(149);
    flag.stop();
    expect(flag.on).toBe(false);
    expect(clock.pending).toBe(0);
    clock.advance(10);
    expect(flag.on).toBe(false);
  });

  it('turns on once work outlasts the delay, and off when it ends', () => {
    const clock = new ManualClock();
    const flag = new DelayedFlag(150, clock);
    flag.start();
    clock.advance(150);
    expect(flag.on).toBe(true);
    flag.stop();
    expect(flag.on).toBe(false);
  });

  it('stays on until the last of overlapping works ends', () => {
    const clock = new ManualClock();
    const flag = new DelayedFlag(150, clock);
    flag.start();
    flag.start();
    expect(clock.pending).toBe(1);
    clock.advance(200);
    flag.stop();
    expect(flag.on).toBe(true);
    flag.stop();
    expect(flag.on).toBe(false);
    flag.stop(); // an extra stop does not count below zero
    flag.start();
    clock.advance(150);
    expect(flag.on).toBe(true);
  });
});
