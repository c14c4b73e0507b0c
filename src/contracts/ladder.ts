// What crosses the inference worker's boundary for the precision ladder: which variant to measure, and
// what one variant measured (size, load, latency, labels, error per aligned value against the reference).
import type { LatencySummary } from '../lib/bench/statistics.ts';
import type { ErrorData } from '../lib/errors.ts';
import type { LadderHeadroom } from '../lib/fp16/ladder-headroom.ts';
import type { Backend } from '../lib/runtime/backend.ts';
import type { UnalignedValue } from '../lib/variants/align-values.ts';
import type { BlockError, ValueErrorRow } from '../lib/variants/block-errors.ts';
import type { MadeVariantKind } from '../lib/variants/make-variant.ts';
import type { Detection } from '../lib/tasks/object-detection/nms.ts';

/** A variant's answers on the view's examples: top labels (text) or boxes per image (detection). */
export interface LadderAnswers {
  /** The top label of each example, in order ([] for detection). */
  labels: string[];
  /** The boxes of each image after the view's thresholds and NMS, in model input pixels; null for text. */
  detections: Detection[][] | null;
}

/** A dtype file of the hub repo the view's model came from, downloaded by the worker when measured. */
export interface HubVariantFile {
  /** Its name in the repo's onnx/ folder: "model_q4.onnx". */
  name: string;
  /** transformers.js's dtype name: "q4", "q8", "fp16", … */
  dtype: string;
  /** Download address of the .onnx file. */
  url: string;
  /** Bytes the hub's listing gives for it and its external data (said before the download). */
  listedBytes: number;
  /** Its external-data files: location relative to the model file, and address. */
  externalData: { path: string; url: string }[];
}

/** The model as loaded, a variant made in the worker, a file from disk, or a hub dtype file. */
export type LadderVariantSpec =
  | { kind: 'reference' }
  | { kind: 'made'; made: MadeVariantKind }
  | { kind: 'file'; name: string; file: Blob }
  | { kind: 'hub'; hub: HubVariantFile };

export interface LadderOptions {
  /** Timed runs after one warm-up (the lab's statistics on them). */
  iterations?: number;
  /** The SNR under which a value counts as past the threshold (DEFAULT_SNR_THRESHOLD_DB). */
  thresholdDb?: number;
}

/** One variant compared value by value with the reference on the view's last input. */
export interface LadderComparison {
  thresholdDb: number;
  /** The alignment in sentences: counts by name and by structure, what could not be aligned. */
  alignment: string[];
  /** Aligned values with their errors, in the reference's topological order. */
  values: ValueErrorRow[];
  blocks: BlockError[];
  firstPast: ValueErrorRow | null;
  /** Reference values with no counterpart (at most 50 listed; referenceOnlyCount has them all). */
  referenceOnly: UnalignedValue[];
  referenceOnlyCount: number;
  variantOnlyCount: number;
}

export interface LadderMeasurement extends LadderAnswers {
  /** "reference", "made:fp16", "file:model_q4.onnx". */
  id: string;
  backend: Backend;
  /** Bytes of the variant's .onnx file (0 when it could not be made). */
  sizeBytes: number;
  /** Time to make it in the worker (made variants only). */
  makeMs: number | null;
  /** Session creation on the backend. */
  loadMs: number | null;
  latency: LatencySummary | null;
  /** What the maker said it changed and kept. */
  notes: string[];
  /** Why the variant could not be made, loaded or run on this backend. */
  failure: ErrorData | null;
  comparison: LadderComparison | null;
  /** True when its bytes are held in the worker for a download (made variants). */
  downloadable: boolean;
  /**
   * The captures compared, held in the worker for Prepare a report (the variant's without its tensors:
   * a report captures the few it needs again); null when nothing was compared.
   */
  captures: { reference: string; variant: string } | null;
  /** The reference row's fp16 headroom (its float32 run against float16's range); null on other rows. */
  headroom: LadderHeadroom | null;
}

/** A row's id, the same in the page and the worker: "reference", "made:fp16", "file:<name>", "hub:<name>". */
export function ladderIdOf(spec: LadderVariantSpec): string {
  switch (spec.kind) {
    case 'reference':
      return 'reference';
    case 'made':
      return `made:${spec.made}`;
    case 'file':
      return `file:${spec.name}`;
    case 'hub':
      return `hub:${spec.hub.name}`;
  }
}
