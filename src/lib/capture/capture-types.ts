// The run-capture contract: what crosses from the inference worker to the page when a user looks inside a
// real run. Plain data only (structured clone). The page receives summaries of every captured value; one
// tensor (or a slice of it) crosses only when the user looks at it.
import type { Backend } from '../runtime/backend.ts';

/** Equal-width bins over [min, max] of the finite values; the last bin includes max. */
export interface ValueHistogram {
  min: number;
  max: number;
  counts: number[];
}

/** One intermediate (or output) value of the run, summarised in the worker. */
export interface CapturedValueSummary {
  /** The ONNX value name (a node output). */
  name: string;
  /** Name of the node that produced it ('' when the node has no name). */
  producer: string;
  /** Index of that node in the main graph's node list (file order, which ONNX requires to be topological). */
  producerIndex: number;
  producerOpType: string;
  /** ONNX element type as ORT names it: float32, float16, int64, bool, … */
  dtype: string;
  /** The actual shape of this run (symbolic dimensions resolved). */
  shape: number[];
  elementCount: number;
  /** Bytes of the tensor as ORT returned it. */
  bytes: number;
  /** Over finite values; NaN when none is finite (JSON carries null for it). */
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation. */
  std: number;
  meanAbs: number;
  /** Share of exact zeros, 0…1. */
  zeroShare: number;
  nanCount: number;
  infCount: number;
  histogram: ValueHistogram;
  /** The tensor stays in the worker (within the memory budget): capturedTensor() returns it at once. */
  kept: boolean;
}

/** A value that could not be captured, and why (in one sentence a user understands). */
export interface SkippedValue {
  name: string;
  producer: string;
  reason: string;
}

/** An attention-probability value found structurally (Softmax over the last axis of Q·Kᵀ). */
export interface AttentionSite {
  /** The Softmax node's name and its output value. */
  node: string;
  value: string;
  /** A short label such as "layer 0" (the scope of the node, or its order among attention sites). */
  label: string;
}

/** What the captured run was fed. */
export type CaptureInput =
  /** Text: the tokens of each line of the batch, as the model saw them ([CLS] … [SEP], padding excluded). */
  | { kind: 'text'; lines: string[]; tokens: string[][] }
  /** Image: the letterboxed model input (size in model pixels) and the original image size. */
  | { kind: 'image'; inputWidth: number; inputHeight: number; originalWidth: number; originalHeight: number }
  | { kind: 'tensors'; names: string[] };

export interface CaptureOptions {
  /** Bytes of tensors the worker may keep after the run (default DEFAULT_CAPTURE_BUDGET_BYTES). */
  budgetBytes?: number;
  /** Capture only the values produced by nodes in this name scope ("/bert/encoder/layer.0"). */
  scope?: string;
  /** Capture only these values. */
  names?: string[];
  /**
   * Capture only the attention probabilities found structurally (every AttentionSite's value): the text
   * view's attention panel needs nothing else, so its capture stays quick.
   */
  attentionOnly?: boolean;
}

export const DEFAULT_CAPTURE_BUDGET_BYTES = 256 * 1024 * 1024;

export interface CaptureTimings {
  /** Building the capture variant of the graph. */
  buildMs: number;
  /** Creating its session(s) on the backend. */
  createSessionMs: number;
  /** session.run of the variant, all chunks. */
  runMs: number;
  /** Statistics and histograms in the worker. */
  summarizeMs: number;
}

export interface CaptureResult {
  captureId: string;
  modelKey: string;
  backend: Backend;
  input: CaptureInput;
  /** The run's concrete shape of each graph input it fed (the graph may only say [batch, sequence]). */
  inputShapes?: Record<string, number[]>;
  /** In the graph's topological order. */
  values: CapturedValueSummary[];
  skipped: SkippedValue[];
  attention: AttentionSite[];
  /** 1 = one run; more when the values did not fit the budget together and were captured scope by scope. */
  chunks: number;
  budgetBytes: number;
  /** Bytes of all captured values, and of those kept in the worker. */
  totalBytes: number;
  keptBytes: number;
  timings: CaptureTimings;
}

/** A part of a tensor: `start` and `count` per axis (count 0 = the whole axis from start). */
export interface TensorSlice {
  start: number[];
  count: number[];
}

/** One captured tensor sent to the page, as float32 whatever its ONNX type (bool as 0/1). */
export interface CapturedTensor {
  name: string;
  /** The value's ONNX type before conversion. */
  dtype: string;
  /** Dims of `data` (the slice's when sliced). */
  dims: number[];
  data: Float32Array;
  /** The whole value's shape, and where the slice starts when this is a slice. */
  fullShape: number[];
  sliceStart: number[] | null;
}

/** How one value differs between two captures of the same model and input on two backends. */
export interface ValueDivergence {
  name: string;
  producer: string;
  producerIndex: number;
  maxAbsDiff: number;
  /** max |a − b| / max(|a|, tiny) over elements. */
  maxRelDiff: number;
  /** Some element breaks |a − b| ≤ atol + rtol·|a|, or NaN/Inf differ, or shapes differ. */
  divergent: boolean;
  /** Set when the values cannot be compared element by element. */
  note?: string;
}

export interface BackendComparison {
  reference: { captureId: string; backend: Backend };
  other: { captureId: string; backend: Backend };
  tolerance: { atol: number; rtol: number };
  /** In topological order. */
  values: ValueDivergence[];
  /** The first divergent value in topological order, or null when the backends agree everywhere. */
  firstDivergent: ValueDivergence | null;
}

/** Time of one node in a profiled run (ORT's profiler), keyed by the node's name in the model. */
export interface NodeTiming {
  node: string;
  opType: string;
  /** Per run, in milliseconds: the median over `runs` profiled runs when given, else a mean. */
  ms: number;
  /** How many profiled runs the median is of (absent in timings from before medians). */
  runs?: number;
  /** The execution provider that ran it (a CPU fallback on WebGPU shows as CPUExecutionProvider). */
  provider: string;
  /** Its place in the first profiled run's execution order (maps fused kernels back to the graph). */
  order?: number;
  /** Its outputs' shapes as ORT's profiler reports them. */
  outputShapes?: number[][];
}
