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
