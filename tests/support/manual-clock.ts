// A setTimeout/clearTimeout pair whose time moves only when a test says so (advance), for watchdogs.
import type { WatchdogClock } from '../../src/app/workbench/run-watchdog.ts';

/** A clock whose time moves only when the test says so. */
export class ManualClock implements WatchdogClock {
  now = 0;
  private timers = new Map<number, { at: number; fire: () => void }>();
  private serial = 0;

  setTimeout(fire: () => void, ms: number): unknown {
    const id = ++this.serial;
    this.timers.set(id, { at: this.now + ms, fire });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.timers]) {
      if (timer.at <= this.now) {
        this.timers.delete(id);
        timer.fire();
      }
    }
  }
}
