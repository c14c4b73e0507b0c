// What a divergence report says, as plain data: written as report.json and as the Markdown issue text.
import type { WebGpuAdapterSummary } from '../runtime/webgpu-probe.ts';

export interface ModelSourceFacts {
  /** Where the model came from, in words ("hub", "file", "url", "embedded"). */
  kind: 'hub' | 'file' | 'url' | 'embedded';
  /** The model as the page names it. */
  label: string;
  hubId?: string;
  revision?: string;
  /** The .onnx file's name (inside the repo for the hub). */
  file?: string;
  url?: string;
  sha256: string;
  bytes: number;
}

export interface EnvironmentFacts {
  ortVersion: string;
  reference: string;
  other: string;
  /** The WebGPU adapter the page saw; null when there is none. */
  adapter: WebGpuAdapterSummary | null;
  userAgent: string;
  /** OS as the browser names it (navigator.userAgentData or the user agent). */
  platform: string;
}

export interface NodeFacts {
  name: string;
  opType: string;
  domain: string;
  index: number;
  attributes: { name: string; text: string }[];
  inputs: string[];
  outputs: string[];
}

export interface DivergenceFacts {
  value: string;
  maxAbsDiff: number;
  maxRelDiff: number;
  tolerance: { atol: number; rtol: number };
  /** False when no value broke the tolerance and this is the value that differs most. */
  divergent: boolean;
  note?: string;
  /** The element that differs most: its flat index and the two values. */
  worst: { index: number; reference: number; other: number } | null;
  /** The first elements on each backend, for a glance. */
  head: { reference: number[]; other: number[] };
}

/** Two variants of one model compared on one backend (the precision ladder), instead of two backends. */
export interface VariantPairFacts {
  /** What the page calls each: "float32 (as loaded)", "model_q4.onnx (hub, q4)", "4-bit blocks …". */
  reference: string;
  other: string;
  /** The compared value's name in the other variant (quantisation may rename it). */
  otherValue: string;
  /** Its op in the other variant (MatMul may be MatMulNBits there). */
  otherOpType: string;
  snrDb: number;
  thresholdDb: number;
  /** True: the first computed value under the threshold; false: none fell under, this is the worst. */
  past: boolean;
  otherSha256: string;
  otherBytes: number;
}

export interface TensorFile {
  name: string;
  type: string;
  dims: number[];
  /** Path inside the zip. */
  path: string;
}

export interface ReportFacts {
  createdAt: string;
  source: ModelSourceFacts;
  environment: EnvironmentFacts;
  node: NodeFacts;
  divergence: DivergenceFacts;
  /** Set for a report on two variants: the expected outputs are then keyed "reference" and "variant". */
  variants?: VariantPairFacts;
  modelInputs: TensorFile[];
  cut: {
    path: string;
    feeds: TensorFile[];
    embedded: string[];
    expected: Record<string, TensorFile[]>;
    /** Why the cut may not stand alone (a node with subgraphs). */
    note?: string;
  };
}
