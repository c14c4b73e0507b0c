// The one line a folded settings bar shows on a phone (ModelControls.svelte): the backend, the WASM thread
// count and, while it is not ready, the model's state. It is the disclosure button's label, so it must say
// what the closed panel holds without opening it.
import type { Backend } from '../../lib/runtime/backend.ts';

export interface SettingsState {
  backend: Backend;
  /** The WASM threads in use (or planned, before the load ends); null when not known yet. */
  threads: number | null;
  status: 'idle' | 'loading' | 'ready' | 'failed';
}

const BACKEND_SHORT: Record<Backend, string> = { wasm: 'WASM', webgpu: 'WebGPU' };

const STATUS_WORD: Record<SettingsState['status'], string | null> = {
  idle: null,
  loading: 'loading…',
  ready: null,
  failed: 'not loaded',
};

/** "Settings: WASM · 1 thread", "Settings: WebGPU · loading…". */
export function settingsSummary(state: SettingsState): string {
  const parts = [BACKEND_SHORT[state.backend]];
  if (state.backend === 'wasm' && state.threads !== null)
    parts.push(`${state.threads} thread${state.threads === 1 ? '' : 's'}`);
  const word = STATUS_WORD[state.status];
  if (word) parts.push(word);
  return `Settings: ${parts.join(' · ')}`;
}
