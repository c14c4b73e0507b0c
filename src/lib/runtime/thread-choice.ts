// How many WASM threads a model runs with: the candidates this device offers, a rule from the model's
// work per node (used before anything is measured), the choice from a calibration's timings, and the
// stored form of a choice (read defensively: localStorage holds whatever anyone wrote there).

/** Where a thread count came from; the view says it next to the count. */
export type ThreadSource = 'measured' | 'rule' | 'user' | 'single';

export interface ThreadChoice {
  threads: number;
  source: ThreadSource;
  /** Median ms per run at each candidate count (a calibration's result), by thread count. */
  medians?: Record<string, number>;
  /** The model's FLOPs per node at its default input shapes (what the rule read). */
  flopsPerNode?: number;
}

/** More threads than this rarely pays off in a browser tab (ORT's own default is cores / 2). */
export const MAX_THREADS = 4;

/**
 * Below this much work per node, thread hand-offs cost more than they save: the tiny BERT (40–130 k
 * FLOPs per node) runs fastest on 1 thread everywhere we measured, the detectors (1.6 M and 38 M) on
 * every thread there is (docs/benchmark.md, shared GPU notes).
 */
export const RULE_FLOPS_PER_NODE = 500_000;

/** Timings within this fraction of the fastest count as a tie, and a tie goes to fewer threads. */
export const TIE_TOLERANCE = 0.05;

/** The most threads this device can give one model: 1 without cross-origin isolation (no shared memory). */
export function maxThreads(cores: number, crossOriginIsolated: boolean): number {
  if (!crossOriginIsolated || !Number.isFinite(cores)) return 1;
  return Math.max(1, Math.min(MAX_THREADS, Math.floor(cores)));
}

/** The counts a calibration tries: 1, 2, 4 up to the device's maximum, and that maximum. */
export function threadCandidates(cores: number, crossOriginIsolated: boolean): number[] {
  const most = maxThreads(cores, crossOriginIsolated);
  const counts = [1, 2, 4].filter((count) => count <= most);
  if (!counts.includes(most)) counts.push(most);
  return counts;
}

/** The rule: 1 thread for models with little work per node, every thread this device has otherwise. */
export function ruleThreads(flopsPerNode: number, cores: number, crossOriginIsolated: boolean): number {
  const most = maxThreads(cores, crossOriginIsolated);
  return Number.isFinite(flopsPerNode) && flopsPerNode >= RULE_FLOPS_PER_NODE ? most : 1;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * A calibration replaces the count in use (the rule's) only when another is faster by more than this: a few
 * runs on a busy machine are noisy, and a choice that flips between visits helps nobody.
 */
export const SWITCH_MARGIN = 0.1;

/**
 * The count to use from a calibration's timings (ms per run, by thread count): the count in use (incumbent)
 * while it is within SWITCH_MARGIN of the fastest median; otherwise the fewest threads within
 * TIE_TOLERANCE of the fastest — fewer threads leave cores to the page and to other tabs. Null when no
 * count has a usable timing.
 */
export function chooseFromCalibration(
  timings: Readonly<Record<number, readonly number[]>>,
  incumbent: number | null = null,
  tolerance = TIE_TOLERANCE,
): ThreadChoice | null {
  const medians: Record<string, number> = {};
  for (const [count, values] of Object.entries(timings)) {
    const finite = values.filter((value) => Number.isFinite(value) && value >= 0);
    if (finite.length > 0 && Number(count) >= 1) medians[count] = median(finite);
  }
  const counts = Object.keys(medians)
    .map(Number)
    .sort((a, b) => a - b);
  if (counts.length === 0) return null;
  const fastest = Math.min(...counts.map((count) => medians[count] as number));
  const held = incumbent === null ? undefined : medians[incumbent];
  if (held !== undefined && held <= fastest * (1 + SWITCH_MARGIN)) {
    return { threads: incumbent as number, source: 'measured', medians };
  }
  const threads = counts.find((count) => (medians[count] as number) <= fastest * (1 + tolerance)) as number;
  return { threads, source: 'measured', medians };
}

/** The localStorage key of a model's choice on this device (a device with other cores chooses anew). */
export function threadChoiceKey(modelKey: string, cores: number): string {
  return `glassbox.threads.v1:${cores}:${modelKey}`;
}

const STORED_SOURCES: readonly ThreadSource[] = ['measured', 'rule', 'user'];

/**
 * A stored choice, or null when the text is not one this device can use (not JSON, wrong fields, a count
 * this device cannot give): the caller then chooses again, as if nothing were stored.
 */
export function parseStoredChoice(text: string | null, candidates: readonly number[]): ThreadChoice | null {
  if (!text) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { threads, source, medians, flopsPerNode } = value as Record<string, unknown>;
  if (typeof threads !== 'number' || !Number.isInteger(threads) || !candidates.includes(threads)) return null;
  if (typeof source !== 'string' || !STORED_SOURCES.includes(source as ThreadSource)) return null;
  const choice: ThreadChoice = { threads, source: source as ThreadSource };
  if (typeof medians === 'object' && medians !== null) {
    const entries = Object.entries(medians).filter(
      ([count, ms]) => candidates.includes(Number(count)) && typeof ms === 'number' && Number.isFinite(ms),
    );
    if (entries.length > 0) choice.medians = Object.fromEntries(entries) as Record<string, number>;
  }
  if (typeof flopsPerNode === 'number' && Number.isFinite(flopsPerNode)) choice.flopsPerNode = flopsPerNode;
  return choice;
}

const SOURCE_TEXT: Record<ThreadSource, string> = {
  measured: 'fastest measured here',
  rule: 'little work per node: 1 is usually fastest',
  user: 'your choice',
  single: 'page not cross-origin isolated, so ONNX Runtime cannot use more',
};

/** "1 thread (fastest measured here)". */
export function describeThreads(choice: ThreadChoice): string {
  const count = `${choice.threads} ${choice.threads === 1 ? 'thread' : 'threads'}`;
  const why =
    choice.source === 'rule' && choice.threads > 1
      ? 'much work per node: threads usually help'
      : SOURCE_TEXT[choice.source];
  return `${count} (${why})`;
}
