import { describe, expect, it } from 'vitest';
import { settingsSummary } from '../../../src/app/workbench/settings-summary.ts';

describe('the folded settings bar’s line', () => {
  it('says the backend and the WASM threads', () => {
    expect(settingsSummary({ backend: 'wasm', threads: 1, status: 'ready' })).toBe(
      'Settings: WASM · 1 thread',
    );
    expect(settingsSummary({ backend: 'wasm', threads: 4, status: 'ready' })).toBe(
      'Settings: WASM · 4 threads',
    );
  });

  it('leaves out threads on WebGPU or before they are known', () => {
    expect(settingsSummary({ backend: 'webgpu', threads: 2, status: 'ready' })).toBe('Settings: WebGPU');
    expect(settingsSummary({ backend: 'wasm', threads: null, status: 'idle' })).toBe('Settings: WASM');
  });

  it('says when the model is loading or did not load', () => {
    expect(settingsSummary({ backend: 'webgpu', threads: null, status: 'loading' })).toBe(
      'Settings: WebGPU · loading…',
    );
    expect(settingsSummary({ backend: 'wasm', threads: 1, status: 'failed' })).toBe(
      'Settings: WASM · 1 thread · not loaded',
    );
  });
});
