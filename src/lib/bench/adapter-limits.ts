// Will a model fit a WebGPU adapter? Each weight tensor becomes one GPU buffer bound as storage, so the
// largest one must fit maxBufferSize and maxStorageBufferBindingSize. Checked before a session is tried,
// so "too large" is said plainly instead of surfacing as an opaque runtime failure.

export interface AdapterBufferLimits {
  maxBufferSize: number | null;
  maxStorageBufferBindingSize: number | null;
}

export interface ModelTensorSizes {
  /** Bytes of the largest initializer. */
  largestTensorBytes: number;
  /** Name of that initializer, for the message. */
  largestTensorName: string;
}

/** null when it fits (or the adapter states no limits); otherwise why not, in words. */
export function adapterLimitProblem(model: ModelTensorSizes, limits: AdapterBufferLimits): string | null {
  const checks: Array<[string, number | null]> = [
    ['maxStorageBufferBindingSize', limits.maxStorageBufferBindingSize],
    ['maxBufferSize', limits.maxBufferSize],
  ];
  for (const [name, limit] of checks) {
    if (limit !== null && model.largestTensorBytes > limit) {
      return (
        `The weight ${model.largestTensorName} needs ${model.largestTensorBytes} bytes in one GPU buffer, ` +
        `more than this adapter's ${name} of ${limit} bytes.`
      );
    }
  }
  return null;
}
