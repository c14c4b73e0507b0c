// A lesson's benchmark configurations become the lab's keys on the device it plays on: WASM on N threads
// is the most threads up to N that the device offers, and duplicates collapse.
import { describe, expect, it } from 'vitest';
import { configKeysHere } from '../../../src/app/lessons/lesson-host.ts';

describe('configKeysHere', () => {
  const wanted = [
    { backend: 'wasm', threads: 1 },
    { backend: 'wasm', threads: 4 },
    { backend: 'webgpu' },
  ] as const;

  it('keeps 4 threads on an 8-core device', () => {
    expect(configKeysHere(wanted, 8)).toEqual(['wasm-1', 'wasm-4', 'webgpu']);
  });

  it('takes every core of a 2-core device instead of 4 threads', () => {
    expect(configKeysHere(wanted, 2)).toEqual(['wasm-1', 'wasm-2', 'webgpu']);
  });

  it('collapses to one WASM configuration on a single core', () => {
    expect(configKeysHere(wanted, 1)).toEqual(['wasm-1', 'webgpu']);
  });
});
