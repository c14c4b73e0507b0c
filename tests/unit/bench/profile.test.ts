import { describe, expect, it } from 'vitest';
import {
  aggregateProfile,
  cpuFallbackNodes,
  parseOrtTrace,
  webGpuKernelEvent,
} from '../../../src/lib/bench/profile.ts';

/** ORT Web's profiler output as it prints it (format copied from a real run; args shortened). */
function node(name: string, op: string, ts: number, dur: number, provider = 'CPUExecutionProvider'): string {
  return `{"cat" : "Node","pid" :42,"tid" :1053752,"dur" :${dur},"ts" :${ts},"ph" : "X","name" :"${name}_kernel_time","args" : {"op_name" : "${op}","provider" : "${provider}","node_index" : "0"}},`;
}
const TRACE = [
  '[',
  '{"cat" : "Session","pid" :42,"tid" :1053752,"dur" :43953,"ts" :155,"ph" : "X","name" :"model_loading_array","args" : {}},',
  // run 1 (cold): 100..1000
  node('Conv_6', 'FusedConv', 110, 800),
  node('Conv_6', 'FusedConv', 110, 5).replace('_kernel_time', '_fence_before'),
  '{"cat" : "Session","pid" :42,"tid" :1053752,"dur" :900,"ts" :100,"ph" : "X","name" :"model_run","args" : {}},',
  // run 2: 2000..2400
  node('Conv_6', 'FusedConv', 2010, 200),
  node('Conv_7', 'FusedConv', 2210, 100),
  node('Concat_52', 'Concat', 2310, 60),
  node('Shape_1', 'Shape', 2370, 40, 'JsExecutionProvider'),
  '{"cat" : "Session","pid" :42,"tid" :1053752,"dur" :400,"ts" :2000,"ph" : "X","name" :"model_run","args" : {}},',
  // run 3: 3000..3400
  node('Conv_6', 'FusedConv', 3010, 200),
  node('Conv_7', 'FusedConv', 3210, 100),
  node('Concat_52', 'Concat', 3310, 60),
  node('Shape_1', 'Shape', 3370, 40, 'JsExecutionProvider'),
  '{"cat" : "Session","pid" :42,"tid" :1053752,"dur" :400,"ts" :3000,"ph" : "X","name" :"model_run","args" : {}}',
  '{"cat" : "Node", "name" :"cut off by the cons',
  ']',
];

describe('ORT profiler traces', () => {
  it('keeps node kernel events, drops fences, session events and cut lines', () => {
    const trace = parseOrtTrace(TRACE);
    expect(trace.runs).toBe(3);
    expect(trace.events).toHaveLength(9);
    expect(trace.events[0]).toEqual({
      node: 'Conv_6',
      opType: 'FusedConv',
      provider: 'CPUExecutionProvider',
      durationMs: 0.8,
      run: 0,
      order: 0,
    });
    expect(trace.events.map((event) => event.run)).toEqual([0, 1, 1, 1, 1, 2, 2, 2, 2]);
    // The execution order within each run, by start time (it places fused kernels in the graph).
    expect(trace.events.map((event) => event.order)).toEqual([0, 0, 1, 2, 3, 0, 1, 2, 3]);
  });

  it('drops the cold first run when asked', () => {
    const trace = parseOrtTrace(TRACE, 1);
    expect(trace.runs).toBe(2);
    expect(trace.events).toHaveLength(8);
    expect(trace.events.every((event) => event.durationMs < 0.8)).toBe(true);
    // Runs are numbered among the kept ones: the cold run is gone, so the first kept is 0.
    expect(trace.events.map((event) => event.run)).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });
});

describe('output shapes in ORT trace events', () => {
  const withShapes = (shapes: string) =>
    `{"cat" : "Node","dur" :5,"ts" :1,"ph" : "X","name" :"LayerNorm_kernel_time","args" : {"op_name" : "LayerNormalization","provider" : "CPUExecutionProvider","output_type_shape" : ${shapes}}},`;

  it('reads each output’s dims, whatever its element type', () => {
    const [event] = parseOrtTrace([withShapes('[{"float":[8,8,64]},{"int64":[]}]')]).events;
    expect(event?.outputShapes).toEqual([[8, 8, 64], []]);
  });

  it('drops shapes it cannot read rather than guessing', () => {
    for (const bad of ['"8x8"', '[{"float":"8,8"}]', '[null]', '[{"float":[8,"x"]}]']) {
      const [event] = parseOrtTrace([withShapes(bad)]).events;
      expect(event?.outputShapes).toBeUndefined();
    }
  });
});

describe('profile aggregation', () => {
  const { events, runs } = parseOrtTrace(TRACE, 1);
  const summary = aggregateProfile(events, runs, 'ort-profiler', 2);

  it('gives time per op type per run, slowest first, with shares that add up to 1', () => {
    expect(summary.kernelMsPerRun).toBeCloseTo(0.4, 12);
    expect(summary.byOpType.map((op) => [op.opType, op.nodes, op.callsPerRun])).toEqual([
      ['FusedConv', 2, 2],
      ['Concat', 1, 1],
      ['Shape', 1, 1],
    ]);
    expect(summary.byOpType[0]?.msPerRun).toBeCloseTo(0.3, 12);
    expect(summary.byOpType[0]?.share).toBeCloseTo(0.75, 12);
    expect(summary.byOpType.reduce((sum, op) => sum + op.share, 0)).toBeCloseTo(1, 12);
  });

  it('lists the slowest nodes (top n) and time per provider', () => {
    expect(summary.slowestNodes.map((n) => [n.node, n.msPerRun])).toEqual([
      ['Conv_6', 0.2],
      ['Conv_7', 0.1],
    ]);
    expect(summary.providers.map((p) => [p.provider, p.nodes])).toEqual([
      ['CPUExecutionProvider', 3],
      ['JsExecutionProvider', 1],
    ]);
  });

  it('names the nodes a WebGPU session ran on the CPU provider', () => {
    const webgpu = events.map((event) =>
      event.node === 'Shape_1' ? event : { ...event, provider: 'JsExecutionProvider' },
    );
    expect(cpuFallbackNodes(webgpu)).toEqual([]);
    expect(cpuFallbackNodes(events)).toEqual(['Conv_6', 'Conv_7', 'Concat_52']);
  });

  it('is empty but well-formed for no events', () => {
    expect(aggregateProfile([], 3, 'webgpu-timestamps')).toMatchObject({ kernelMsPerRun: 0, byOpType: [] });
  });
});

describe('WebGPU kernel timestamps', () => {
  it('become node events in milliseconds', () => {
    const event = webGpuKernelEvent({
      kernelType: 'MatMul',
      kernelName: '/encoder/MatMul',
      programName: 'MatMul',
      startTime: 1_000_000,
      endTime: 3_500_000,
    });
    expect(event).toEqual({ node: '/encoder/MatMul', opType: 'MatMul', provider: 'gpu', durationMs: 2.5 });
  });
});
