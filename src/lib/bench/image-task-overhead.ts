// What an image task's view call adds over a bare ONNX Runtime session.run, from interleaved rounds of the
// call, the bare run and a no-op worker call (scripts/measure-image-task-overhead.ts): the medians of each
// stage the call reports (decode, preprocess, session.run, post-processing) and of the page's colouring,
// the ratio of medians with its 95 % bootstrap interval, and where the time outside session.run goes.
import { summarizeOverhead } from './overhead.ts';
import { speedupWithSpread, type Speedup } from './speedup.ts';
import { percentile } from './statistics.ts';

/** One backend's rounds of one image task, each list in ms (the stage lists come from the call's run). */
export interface ImageTaskRounds {
  /** The view's worker call, timed on the page. */
  call: number[];
  /** A bare session.run on the same feeds in the same worker, timed there. */
  bare: number[];
  /** A no-op worker call: the page → worker → page hop alone. */
  hop: number[];
  decode: number[];
  preprocess: number[];
  /** session.run as the task's own call timed it in the worker. */
  inference: number[];
  postprocess: number[];
  /** Turning the run into the map's pixels on the page (segmentation and depth; empty for classifiers). */
  colour: number[];
}

export interface ImageTaskSummary {
  callMs: number;
  bareMs: number;
  hopMs: number;
  decodeMs: number;
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
  /** NaN when the task draws no map. */
  colourMs: number;
  /** call ÷ bare, medians, with its interval; null without samples. */
  ratio: Speedup | null;
  /** The task's own work ≈ call − hop − bare, plus the page's colouring (what the view adds to the run). */
  ownMs: number;
  /**
   * What the call's stages do not account for: call − hop − (decode + preprocess + run + post-processing),
   * i.e. copying the image in and the result out (structured clone, transfers) and waiting for the worker.
   */
  unaccountedMs: number;
  /** The largest named part of ownMs, for saying where the overhead goes. */
  largest: { stage: 'decode' | 'preprocess' | 'post-processing' | 'colouring' | 'copies'; ms: number };
}

function median(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value));
  return finite.length > 0 ? percentile(finite, 50) : Number.NaN;
}

/** NaN-tolerant sum: a stage the task does not have counts as 0. */
function sum(...values: number[]): number {
  return values.reduce((total, value) => total + (Number.isFinite(value) ? value : 0), 0);
}

export function summarizeImageTask(rounds: ImageTaskRounds): ImageTaskSummary {
  const overhead = summarizeOverhead('', rounds.bare, rounds.call);
  const callMs = overhead.pathMedianMs ?? Number.NaN;
  const bareMs = overhead.bareMedianMs ?? Number.NaN;
  const hopMs = median(rounds.hop);
  const decodeMs = median(rounds.decode);
  const preprocessMs = median(rounds.preprocess);
  const inferenceMs = median(rounds.inference);
  const postprocessMs = median(rounds.postprocess);
  const colourMs = median(rounds.colour);
  const unaccountedMs = callMs - hopMs - sum(decodeMs, preprocessMs, inferenceMs, postprocessMs);
  const parts = [
    { stage: 'decode', ms: decodeMs },
    { stage: 'preprocess', ms: preprocessMs },
    { stage: 'post-processing', ms: postprocessMs },
    { stage: 'colouring', ms: colourMs },
    { stage: 'copies', ms: unaccountedMs },
  ] as const;
  let largest: ImageTaskSummary['largest'] = { stage: 'copies', ms: Number.NaN };
  for (const part of parts) {
    if (Number.isFinite(part.ms) && !(part.ms <= largest.ms)) largest = { stage: part.stage, ms: part.ms };
  }
  return {
    callMs,
    bareMs,
    hopMs,
    decodeMs,
    preprocessMs,
    inferenceMs,
    postprocessMs,
    colourMs,
    ratio: overhead.ratio,
    ownMs: callMs - hopMs - bareMs + sum(colourMs),
    unaccountedMs,
    largest,
  };
}

/**
 * WASM ÷ WebGPU of the bare runs measured side by side (medians, with the interval): above 1, WebGPU ran
 * faster. Null without samples on either side.
 */
export function wasmOverWebGpu(
  wasmBareMs: readonly number[],
  webGpuBareMs: readonly number[],
): Speedup | null {
  return speedupWithSpread(wasmBareMs, webGpuBareMs);
}

/** "1.23× (1.10–1.40)", or "n/a" without a ratio. */
export function formatRatio(ratio: Speedup | null): string {
  return ratio
    ? `${formatFactor(ratio.ratio)} (${formatFactor(ratio.low, false)}–${formatFactor(ratio.high, false)})`
    : 'n/a';
}

/** 3 significant digits under 10, then 1 decimal, then none: a WebGPU-on-CPU ratio can be 0.005 or 200. */
function formatFactor(value: number, sign = true): string {
  const text = value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toPrecision(3);
  return `${text}${sign ? '×' : ''}`;
}
