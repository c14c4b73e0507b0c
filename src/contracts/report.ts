// What the page asks of the inference worker to prepare a divergence report, and what comes back: the
// zip's bytes (transferred) and the parts' names, so the page can say what it downloaded.
import type { EnvironmentFacts, ModelSourceFacts, VariantPairFacts } from '../lib/report/report-types.ts';

/** A report on two variants of one model (the precision ladder) rather than two backends. */
export type VariantReportRequest = Omit<VariantPairFacts, 'otherSha256' | 'otherBytes'>;

export interface ReportRequest {
  /** The reference capture (WASM) and the other (WebGPU) of the comparison. */
  referenceId: string;
  otherId: string;
  /** The value whose producer the report cuts out (the first divergent one, or the one differing most). */
  value: string;
  tolerance: { atol: number; rtol: number };
  /** What the page knows of the model's origin; the worker adds its size and sha256. */
  source: Omit<ModelSourceFacts, 'sha256' | 'bytes'>;
  /** The page's browser, OS and adapter; the worker adds the ORT version and the backends. */
  environment: Pick<EnvironmentFacts, 'adapter' | 'userAgent' | 'platform'>;
  /** Set when the two captures are two variants on one backend; the worker adds the other's sha256. */
  variants?: VariantReportRequest;
}

export interface PreparedReport {
  zip: Uint8Array<ArrayBuffer>;
  /** Paths inside the zip. */
  parts: string[];
  node: string;
}
