// The execution backends a user can choose, and how each is described in the UI.
export type Backend = 'wasm' | 'webgpu';

export const BACKENDS: readonly Backend[] = ['wasm', 'webgpu'];

export const BACKEND_LABELS: Record<Backend, string> = {
  wasm: 'WASM (CPU)',
  webgpu: 'WebGPU',
};
