// What crosses the synthetic-model worker's boundary: a generated model file.

export interface BuiltSynthetic {
  /** The model file; a Blob crosses to the page without copying its bytes on the page's thread. */
  blob: Blob;
  bytes: number;
  buildMs: number;
}
