// Per-op profiles: parse what ONNX Runtime reports (its Chrome-trace JSON for any backend; WebGPU
// timestamp-query kernel records), then aggregate into time per op type, per provider, and slowest nodes.

/** One timed kernel execution of one graph node. */
export interface ProfileEvent {
  node: string;
  opType: string;
  /** Execution provider that ran it (CPUExecutionProvider, JsExecutionProvider, ...) or 'gpu'. */
  provider: string;
  durationMs: number;
  /** Which kept run (0-based) it belongs to, when the trace marks runs (ORT's model_run spans). */
  run?: number;
  /**
   * Its place in its run's execution order (0-based, by start time). ORT runs the optimised graph in a
   * topological order, so a fused kernel (a name the model lacks) runs after what feeds it and before
   * what reads it: src/lib/capture/fused-ops.ts uses that to place it in the graph.
   */
  order?: number;
  /** The shapes of its outputs, as ORT's trace reports them (args.output_type_shape). */
  outputShapes?: number[][];
}

export type ProfileSource = 'ort-profiler' | 'webgpu-timestamps';

export interface OpTypeTime {
  opType: string;
  /** Distinct nodes of this type. */
  nodes: number;
  callsPerRun: number;
  msPerRun: number;
  /** Fraction of the profile's total time. */
  share: number;
}

export interface NodeTime {
  node: string;
  opType: string;
  provider: string;
  msPerRun: number;
  share: number;
}

export interface ProviderTime {
  provider: string;
  nodes: number;
  msPerRun: number;
}

export interface ProfileSummary {
  source: ProfileSource;
  runs: number;
  /** Sum of kernel times per run: less than the run's latency (no gaps, copies or JS overhead). */
  kernelMsPerRun: number;
  byOpType: OpTypeTime[];
  slowestNodes: NodeTime[];
  providers: ProviderTime[];
}

interface TraceEvent {
  cat?: unknown;
  name?: unknown;
  dur?: unknown;
  ts?: unknown;
  args?: { op_name?: unknown; provider?: unknown; output_type_shape?: unknown };
}

const KERNEL_SUFFIX = '_kernel_time';

export interface ParsedTrace {
  events: ProfileEvent[];
  /** Runs whose node events are kept (model_run spans after the skipped ones). */
  runs: number;
}

function readTraceLines(lines: readonly string[]): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (const raw of lines) {
    const line = raw.trim().replace(/,$/, '');
    if (!line.startsWith('{')) continue;
    try {
      events.push(JSON.parse(line) as TraceEvent);
    } catch {
      // a line cut by the console is skipped, not fatal
    }
  }
  return events;
}

/** ORT's `[{"float":[8,8,64]}, …]` → [[8,8,64], …]; anything else (a hostile or cut trace) → undefined. */
function outputShapesOf(raw: unknown): number[][] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const shapes: number[][] = [];
  for (const entry of raw) {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const dims = Object.values(entry as Record<string, unknown>)[0];
    if (!Array.isArray(dims) || !dims.every((dim) => typeof dim === 'number' && Number.isFinite(dim)))
      return undefined;
    shapes.push(dims as number[]);
  }
  return shapes;
}

/**
 * ORT's profiler output (a JSON array of Chrome trace events, one per line as ORT Web prints it) →
 * node events. Session events and fences are dropped; durations there are in microseconds. The first
 * skipRuns runs (model_run spans) are dropped too: a profiling session's first run is a cold one.
 */
export function parseOrtTrace(lines: readonly string[], skipRuns = 0): ParsedTrace {
  const trace = readTraceLines(lines);
  const runs = trace
    .filter((event) => event.cat === 'Session' && event.name === 'model_run')
    .map((event) => ({ start: Number(event.ts), end: Number(event.ts) + Number(event.dur) }))
    .filter((span) => Number.isFinite(span.end))
    .sort((a, b) => a.start - b.start);
  const keepFrom =
    skipRuns > 0 ? (runs[Math.min(skipRuns, runs.length) - 1]?.end ?? 0) : Number.NEGATIVE_INFINITY;
  const kept = runs.slice(skipRuns);
  const events: ProfileEvent[] = [];
  const starts: number[] = [];
  for (const event of trace) {
    const name = typeof event.name === 'string' ? event.name : '';
    if (event.cat !== 'Node' || !name.endsWith(KERNEL_SUFFIX) || typeof event.dur !== 'number') continue;
    if (typeof event.ts === 'number' && event.ts < keepFrom) continue;
    const ts = typeof event.ts === 'number' ? event.ts : Number.NaN;
    // The run whose span holds the node (for a median per run); spans are sorted, so the last start ≤ ts.
    let run = -1;
    while (run + 1 < kept.length && (kept[run + 1]?.start ?? Number.POSITIVE_INFINITY) <= ts) run++;
    const outputShapes = outputShapesOf(event.args?.output_type_shape);
    events.push({
      node: name.slice(0, -KERNEL_SUFFIX.length),
      opType: typeof event.args?.op_name === 'string' ? event.args.op_name : '?',
      provider: typeof event.args?.provider === 'string' ? event.args.provider : '?',
      durationMs: event.dur / 1000,
      ...(run >= 0 ? { run } : {}),
      ...(outputShapes ? { outputShapes } : {}),
    });
    starts.push(ts);
  }
  numberExecutionOrder(events, starts);
  return { events, runs: Math.max(0, runs.length - skipRuns) };
}

/** Each event's place in its run by start time; events without a start time get none. */
function numberExecutionOrder(events: ProfileEvent[], starts: readonly number[]): void {
  const indices = events.map((_, index) => index).filter((index) => Number.isFinite(starts[index]));
  indices.sort((a, b) => (starts[a] ?? 0) - (starts[b] ?? 0));
  const next = new Map<number, number>();
  for (const index of indices) {
    const event = events[index];
    if (!event) continue;
    const run = event.run ?? -1;
    const order = next.get(run) ?? 0;
    event.order = order;
    next.set(run, order + 1);
  }
}

/** What ORT's WebGPU backend hands to env.webgpu.profiling.ondata (times in nanoseconds). */
export interface WebGpuKernelRecord {
  kernelType: string;
  kernelName: string;
  programName: string;
  startTime: number;
  endTime: number;
}

export function webGpuKernelEvent(record: WebGpuKernelRecord): ProfileEvent {
  return {
    node: record.kernelName || record.programName,
    opType: record.kernelType,
    provider: 'gpu',
    durationMs: Math.max(0, record.endTime - record.startTime) / 1e6,
  };
}

function byTimeDescending<T extends { msPerRun: number }>(a: T, b: T): number {
  return b.msPerRun - a.msPerRun;
}

/** Aggregates events of `runs` profiled runs into per-run figures; top = slowest nodes kept. */
export function aggregateProfile(
  events: readonly ProfileEvent[],
  runs: number,
  source: ProfileSource,
  top = 15,
): ProfileSummary {
  const perRun = Math.max(1, runs);
  const ops = new Map<string, { nodes: Set<string>; calls: number; ms: number }>();
  const nodes = new Map<string, { opType: string; provider: string; ms: number }>();
  const providers = new Map<string, { nodes: Set<string>; ms: number }>();
  let totalMs = 0;
  for (const event of events) {
    totalMs += event.durationMs;
    const op = ops.get(event.opType) ?? { nodes: new Set<string>(), calls: 0, ms: 0 };
    op.nodes.add(event.node);
    op.calls++;
    op.ms += event.durationMs;
    ops.set(event.opType, op);
    const node = nodes.get(event.node) ?? { opType: event.opType, provider: event.provider, ms: 0 };
    node.ms += event.durationMs;
    nodes.set(event.node, node);
    const provider = providers.get(event.provider) ?? { nodes: new Set<string>(), ms: 0 };
    provider.nodes.add(event.node);
    provider.ms += event.durationMs;
    providers.set(event.provider, provider);
  }
  const share = (ms: number): number => (totalMs > 0 ? ms / totalMs : 0);
  return {
    source,
    runs: perRun,
    kernelMsPerRun: totalMs / perRun,
    byOpType: [...ops.entries()]
      .map(([opType, op]) => ({
        opType,
        nodes: op.nodes.size,
        callsPerRun: op.calls / perRun,
        msPerRun: op.ms / perRun,
        share: share(op.ms),
      }))
      .sort(byTimeDescending),
    slowestNodes: [...nodes.entries()]
      .map(([node, n]) => ({
        node,
        opType: n.opType,
        provider: n.provider,
        msPerRun: n.ms / perRun,
        share: share(n.ms),
      }))
      .sort(byTimeDescending)
      .slice(0, top),
    providers: [...providers.entries()]
      .map(([provider, p]) => ({ provider, nodes: p.nodes.size, msPerRun: p.ms / perRun }))
      .sort(byTimeDescending),
  };
}

/** Nodes a WebGPU session ran on the CPU instead (ORT assigns unsupported ops to the CPU provider). */
export function cpuFallbackNodes(events: readonly ProfileEvent[]): string[] {
  const nodes = new Set<string>();
  for (const event of events) if (event.provider === 'CPUExecutionProvider') nodes.add(event.node);
  return [...nodes];
}
