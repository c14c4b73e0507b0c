// Time per node as the median of N profiled runs: one outlier run does not move it, a node that runs
// several kernels in a run is summed within the run, and N travels with every timing.
import { describe, expect, it } from 'vitest';
import { parseOrtTrace, type ProfileEvent } from '../../../src/lib/bench/profile.ts';
import { timingSentence } from '../../../src/lib/capture/capture-text.ts';
import { medianNodeTimings } from '../../../src/lib/capture/node-time-median.ts';

const event = (node: string, run: number, durationMs: number, opType = 'MatMul'): ProfileEvent => ({
  node,
  opType,
  provider: 'CPUExecutionProvider',
  durationMs,
  run,
});

describe('medianNodeTimings', () => {
  it('takes each node’s median over the runs, so one slow run does not wash the others out', () => {
    // Reshape took 8.1 ms once (a page fault), 0.01 ms otherwise: the mean would be 1.6 ms.
    const events = [0, 1, 2, 3, 4].flatMap((run) => [
      event('/reshape', run, run === 2 ? 8.1 : 0.01, 'Reshape'),
      event('/matmul', run, 1 + run * 0.1),
    ]);
    const timings = medianNodeTimings(events, 5);
    expect(timings.map((t) => [t.node, t.runs])).toEqual([
      ['/matmul', 5],
      ['/reshape', 5],
    ]);
    expect(timings[0]?.ms).toBeCloseTo(1.2, 12);
    expect(timings[1]?.ms).toBeCloseTo(0.01, 12);
  });

  it('sums a node’s kernels within a run and counts a run it missed as 0 ms', () => {
    const events = [event('/a', 0, 1), event('/a', 0, 2), event('/a', 1, 3), event('/b', 2, 4)];
    const timings = medianNodeTimings(events, 3);
    expect(timings.find((t) => t.node === '/a')?.ms).toBe(3);
    expect(timings.find((t) => t.node === '/b')?.ms).toBe(0);
  });

  it('reads ORT’s trace: runs come from its model_run spans after the cold one', () => {
    const node = (name: string, ts: number, dur: number) =>
      `{"cat" : "Node","dur" :${dur},"ts" :${ts},"ph" : "X","name" :"${name}_kernel_time","args" : {"op_name" : "Add","provider" : "CPUExecutionProvider"}},`;
    const run = (ts: number) =>
      `{"cat" : "Session","dur" :500,"ts" :${ts},"ph" : "X","name" :"model_run","args" : {}},`;
    const lines = [
      run(0),
      node('add', 10, 9000), // the cold run: dropped
      run(1000),
      node('add', 1010, 100),
      run(2000),
      node('add', 2010, 5000), // an outlier
      run(3000),
      node('add', 3010, 120),
    ];
    const trace = parseOrtTrace(lines, 1);
    const [timing] = medianNodeTimings(trace.events, trace.runs);
    expect(timing).toEqual({
      node: 'add',
      opType: 'Add',
      provider: 'CPUExecutionProvider',
      ms: 0.12,
      runs: 3,
      order: 0,
    });
  });

  it('says N in the sentence the inspector shows', () => {
    const timings = medianNodeTimings([event('/a', 0, 2), event('/a', 1, 3), event('/a', 2, 4)], 3);
    expect(timingSentence(timings, 'wasm')).toBe(
      '3.00 ms in 1 kernel on WASM (CPU) (each kernel’s median of 3 profiled runs); slowest: /a (3.00 ms).',
    );
  });
});
