// Typed errors shared by every layer: a stable code, a human message, and a remedy the UI can show.
// They cross the worker boundary as plain data (see toErrorData / fromErrorData).

export type ErrorCode =
  | 'model-file-missing'
  | 'model-file-not-binary'
  | 'model-file-invalid'
  | 'model-config-invalid'
  | 'fetch-failed'
  | 'webgpu-unavailable'
  | 'session-create-failed'
  | 'inference-failed'
  | 'empty-input'
  | 'image-invalid'
  | 'webcam-unavailable'
  | 'output-layout-unsupported'
  | 'no-model-loaded'
  /** A node, scope or tensor the opened model does not have (a stale view asked for it). */
  | 'graph-item-unknown'
  | 'worker-crashed'
  /** The view replaced its worker on purpose (a new WASM thread count); calls in flight end with it. */
  | 'worker-restarted'
  /** The user stopped a run: its worker was terminated (ONNX Runtime cannot cancel a run otherwise). */
  | 'run-stopped'
  /** A run outlived the time limit and its worker was terminated. */
  | 'run-timed-out'
  /** The user stopped loading a model (say, a warm-up run that never ends): its worker was terminated. */
  | 'load-stopped'
  | 'bench-cancelled'
  /** The user cancelled an explanation (an occlusion map) before it finished. */
  | 'explain-cancelled'
  | 'bench-model-too-large'
  | 'bench-input-unsupported'
  | 'storage-unavailable'
  /** The user cancelled a model download. */
  | 'download-cancelled'
  /** The hub has no such repo, revision or file. */
  | 'model-not-found'
  /** 401/403: a private or gated repo, or a server that wants credentials. */
  | 'model-access-denied'
  /** The request never got an answer: offline, server down, or blocked by CORS (browsers hide which). */
  | 'network-unreachable'
  /** The connection broke off before the whole file arrived. */
  | 'download-incomplete'
  | 'storage-quota-exceeded'
  /** The model keeps its weights in a separate file that was not given or not found. */
  | 'external-data-missing'
  /** A model source (URL, hub id, link parameter) that Glassbox refuses to open. */
  | 'source-rejected'
  /** A capture or profile was asked for before the model ran in that view. */
  | 'no-run-yet'
  /** Capturing, comparing or timing a run failed (the playground's own session is unaffected). */
  | 'capture-failed'
  /** A benchmark variant (float16, graph capture) this model or adapter cannot have. */
  | 'variant-unsupported'
  /** A view's code (its own file of the build, loaded when first shown) could not be fetched. */
  | 'view-load-failed'
  | 'unknown';

export interface ErrorData {
  code: ErrorCode;
  message: string;
  remedy: string;
  /** Technical detail (the underlying runtime message), shown on demand. */
  detail?: string;
}

export class GlassboxError extends Error implements ErrorData {
  override readonly name = 'GlassboxError';
  readonly code: ErrorCode;
  readonly remedy: string;
  readonly detail?: string;

  constructor(data: ErrorData) {
    super(data.message);
    this.code = data.code;
    this.remedy = data.remedy;
    if (data.detail !== undefined) this.detail = data.detail;
  }
}

export function isErrorData(value: unknown): value is ErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.remedy === 'string';
}

/** Any thrown value → plain ErrorData; unknown errors keep their message as detail. */
export function toErrorData(error: unknown): ErrorData {
  if (error instanceof GlassboxError) {
    const data: ErrorData = { code: error.code, message: error.message, remedy: error.remedy };
    if (error.detail !== undefined) data.detail = error.detail;
    return data;
  }
  if (isErrorData(error)) return { ...error };
  const detail = error instanceof Error ? error.message : String(error);
  return {
    code: 'unknown',
    message: 'Something went wrong that Glassbox did not expect.',
    remedy: 'Try again; if it keeps happening, reload the page.',
    detail,
  };
}

export function fromErrorData(data: ErrorData): GlassboxError {
  return new GlassboxError(data);
}

/** Short runtime messages are often the only clue; keep them but cap their length for display. */
export function describeCause(error: unknown, maxLength = 500): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
