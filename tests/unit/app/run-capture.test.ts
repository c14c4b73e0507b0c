// The run-capture state machine with a fake CaptureSource and a fake inspector: stages, failures as
// sentences, what is painted, and which captures are released. The real engine is tested elsewhere.
import { describe, expect, it } from 'vitest';
import {
  RunCapture,
  stageText,
  type CaptureSource,
  type OverlayTarget,
  type RunCaptureStatus,
  type RunTarget,
} from '../../../src/app/inspector/run-capture.svelte.ts';
import { shownUrlModel } from '../../../src/app/workbench/shown-model.ts';
import type {
  BackendComparison,
  CapturedValueSummary,
  CaptureResult,
} from '../../../src/lib/capture/capture-types.ts';
import type { OverlayMetric, RunOverlay } from '../../../src/lib/capture/run-overlay.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';

const TARGET: RunTarget = {
  task: 'text-classification',
  model: shownUrlModel('https://models.example.org/tiny-bert/onnx/model.onnx'),
  backend: 'wasm',
  viewLabel: 'Classify text',
};

function summary(name: string, producerIndex: number): CapturedValueSummary {
  return {
    name,
    producer: `node-${producerIndex}`,
    producerIndex,
    producerOpType: 'Relu',
    dtype: 'float32',
    shape: [1, 4],
    elementCount: 4,
    bytes: 16,
    min: 0,
    max: 1,
    mean: 0.5,
    std: 0.5,
    meanAbs: 0.5,
    zeroShare: 0.5,
    nanCount: 0,
    infCount: 0,
    histogram: { min: 0, max: 1, counts: [2, 2] },
    kept: true,
  };
}

class FakeSource implements CaptureSource {
  calls: string[] = [];
  released: string[] = [];
  failOn: Backend | null = null;
  private next = 1;
  firstDivergent = true;

  async captureRun(_task: string, modelKey: string, backend: Backend): Promise<CaptureResult> {
    this.calls.push(`capture ${backend}`);
    if (backend === this.failOn)
      throw new GlassboxError({
        code: 'inference-failed',
        message: 'The GPU lost its device.',
        remedy: 'Retry.',
      });
    return {
      captureId: `c${this.next++}`,
      modelKey,
      backend,
      input: { kind: 'text', lines: ['hi'], tokens: [['[CLS]', 'hi', '[SEP]']] },
      values: [summary('a', 0), summary('b', 1)],
      skipped: [],
      attention: [],
      chunks: 1,
      budgetBytes: 1024,
      totalBytes: 32,
      keptBytes: 32,
      timings: { buildMs: 1, createSessionMs: 1, runMs: 1, summarizeMs: 1 },
    };
  }

  async capturedTensor(): Promise<never> {
    throw new Error('not used');
  }

  async compareCaptures(referenceId: string, otherId: string): Promise<BackendComparison> {
    this.calls.push(`compare ${referenceId} ${otherId}`);
    const divergence = {
      name: 'b',
      producer: 'node-1',
      producerIndex: 1,
      maxAbsDiff: 0.2,
      maxRelDiff: 0.4,
      divergent: true,
    };
    return {
      reference: { captureId: referenceId, backend: 'wasm' },
      other: { captureId: otherId, backend: 'webgpu' },
      tolerance: { atol: 1e-4, rtol: 1e-3 },
      values: [
        { ...divergence, name: 'a', producerIndex: 0, producer: 'node-0', maxAbsDiff: 0, divergent: false },
        divergence,
      ],
      firstDivergent: this.firstDivergent ? divergence : null,
    };
  }

  async profileRun(_task: string, _key: string, backend: Backend) {
    this.calls.push(`profile ${backend}`);
    return [
      { node: 'node-0', opType: 'Relu', ms: backend === 'wasm' ? 2 : 1, provider: 'CPUExecutionProvider' },
    ];
  }

  async releaseCapture(captureId: string): Promise<void> {
    this.released.push(captureId);
  }

  /** Like the real source: ending the worker rejects the run in flight. */
  stopped: string[] = [];
  rejectRun: ((error: unknown) => void) | null = null;
  stopRuns(task: string): void {
    this.stopped.push(task);
    this.rejectRun?.(new GlassboxError({ code: 'run-stopped', message: 'The run was stopped.', remedy: '' }));
  }
}

class FakeInspector implements OverlayTarget {
  shown = 0;
  opened: string[] = [];
  painted: { overlay: RunOverlay | null; metric: OverlayMetric }[] = [];
  revealed: string[] = [];
  openSucceeds = true;
  show(): void {
    this.shown++;
  }
  async openModel(model: RunTarget['model']): Promise<boolean> {
    this.opened.push(model.location.key);
    return this.openSucceeds;
  }
  async attachRun(overlay: RunOverlay | null, metric: OverlayMetric): Promise<boolean> {
    this.painted.push({ overlay, metric });
    return true;
  }
  async revealNode(name: string): Promise<boolean> {
    this.revealed.push(name);
    return true;
  }
  openedKey(): string | null {
    return this.opened.at(-1) ?? null;
  }
}

function setup(problems: Partial<Record<Backend, string>> = {}) {
  const source = new FakeSource();
  const inspector = new FakeInspector();
  const capture = new RunCapture(source, inspector, (backend) => problems[backend] ?? null);
  return { source, inspector, capture };
}

describe('RunCapture.stop', () => {
  it('ends a capture in progress by ending its view’s worker, and says it was stopped', async () => {
    const { source, inspector, capture } = setup();
    source.captureRun = () =>
      new Promise<CaptureResult>((_resolve, reject) => {
        source.rejectRun = reject;
      });
    const done = capture.lookInside(TARGET);
    expect(capture.status.kind).toBe('working');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(source.rejectRun).not.toBeNull();
    capture.stop();
    expect(source.stopped).toEqual([TARGET.task]);
    expect(await done).toBe(false);
    expect(capture.status).toMatchObject({
      kind: 'failed',
      action: 'look-inside',
      error: { code: 'run-stopped' },
    });
    expect(inspector.shown).toBe(0);
    // Nothing in progress: Stop does nothing.
    capture.stop();
    expect(source.stopped).toHaveLength(1);
  });
});

describe('RunCapture.lookInside', () => {
  it('says in a sentence that there is no run yet, and touches nothing', async () => {
    const { source, inspector, capture } = setup();
    expect(await capture.lookInside(null)).toBe(false);
    expect(capture.status).toMatchObject({
      kind: 'failed',
      action: 'look-inside',
      error: { code: 'no-run-yet', message: 'There is no run to look inside yet.' },
    });
    expect(source.calls).toEqual([]);
    expect(inspector.shown).toBe(0);
  });

  it('goes capture → open graph → paint, shows the inspector and paints mean |x| by default', async () => {
    const { source, inspector, capture } = setup();
    const stages: string[] = [];
    const done = capture.lookInside(TARGET);
    // The first stage is set synchronously, before the worker answers.
    stages.push(describeStatus(capture.status));
    expect(await done).toBe(true);
    expect(stages).toEqual(['working look-inside capture']);
    expect(capture.status).toEqual({ kind: 'ready', action: 'look-inside' });
    expect(source.calls).toEqual(['capture wasm']);
    expect(inspector.shown).toBe(1);
    expect(inspector.opened).toEqual([TARGET.model.location.key]);
    expect(inspector.painted).toHaveLength(1);
    expect(inspector.painted[0]?.metric).toBe('mean-abs');
    expect(inspector.painted[0]?.overlay?.values.map((value) => value.name)).toEqual(['a', 'b']);
    expect(capture.capture?.captureId).toBe('c1');
  });

  it('keeps the run attached to the graph only while its model is the one open there', async () => {
    const { inspector, capture } = setup();
    expect(capture.attachedTarget).toBeNull();
    await capture.lookInside(TARGET);
    expect(capture.attachedTarget).toBe(TARGET);
    inspector.opened.push('embedded:another-model');
    expect(capture.attachedTarget).toBeNull();
  });

  it('restores a link’s metric and node after painting', async () => {
    const { inspector, capture } = setup();
    await capture.lookInside(TARGET, { metric: 'zero-share', node: '/bert/encoder/layer.0/Add' });
    expect(inspector.painted[0]?.metric).toBe('zero-share');
    expect(inspector.revealed).toEqual(['/bert/encoder/layer.0/Add']);
  });

  it('keeps the worker’s typed error and says what failed otherwise; the inspector is not opened', async () => {
    const { source, inspector, capture } = setup();
    source.failOn = 'wasm';
    expect(await capture.lookInside(TARGET)).toBe(false);
    expect(capture.status).toMatchObject({
      kind: 'failed',
      error: { code: 'inference-failed', message: 'The GPU lost its device.' },
    });
    expect(inspector.opened).toEqual([]);

    source.captureRun = () => Promise.reject(new TypeError('captureRun is not a function'));
    await capture.lookInside(TARGET);
    expect(capture.status).toMatchObject({
      kind: 'failed',
      error: {
        code: 'capture-failed',
        message: 'Capturing the Classify text run failed.',
        detail: 'captureRun is not a function',
      },
    });
  });

  it('says so when the graph cannot be opened, and keeps the capture', async () => {
    const { inspector, capture } = setup();
    inspector.openSucceeds = false;
    expect(await capture.lookInside(TARGET)).toBe(false);
    expect(capture.status).toMatchObject({ kind: 'failed', error: { code: 'capture-failed' } });
    expect(capture.capture?.captureId).toBe('c1');
  });

  it('releases the previous capture when a new run is looked inside', async () => {
    const { source, capture } = setup();
    await capture.lookInside(TARGET);
    await capture.lookInside(TARGET);
    expect(source.released).toEqual(['c1']);
    capture.clear();
    expect(source.released).toEqual(['c1', 'c2']);
    expect(capture.status).toEqual({ kind: 'idle' });
  });

  it('drops a capture overtaken by a newer one and releases it', async () => {
    const { source, capture } = setup();
    const first = capture.lookInside(TARGET);
    const second = capture.lookInside({ ...TARGET, backend: 'webgpu' });
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(capture.capture?.backend).toBe('webgpu');
    expect(source.released).toContain('c1');
  });
});

describe('RunCapture.compareBackends', () => {
  it('captures the other backend, compares, paints divergence and reveals the first divergent node', async () => {
    const { source, inspector, capture } = setup();
    await capture.lookInside(TARGET);
    expect(await capture.compareBackends()).toBe(true);
    expect(source.calls).toEqual(['capture wasm', 'capture webgpu', 'compare c1 c2']);
    expect(inspector.painted.at(-1)?.metric).toBe('divergence');
    expect(inspector.painted.at(-1)?.overlay?.divergences?.firstDivergent).toBe('b');
    expect(inspector.revealed).toEqual(['node-1']);
    expect(capture.comparison?.firstDivergent?.maxAbsDiff).toBe(0.2);
  });

  it('reveals nothing when the backends agree', async () => {
    const { source, inspector, capture } = setup();
    source.firstDivergent = false;
    await capture.lookInside(TARGET);
    await capture.compareBackends();
    expect(capture.comparison?.firstDivergent).toBeNull();
    expect(inspector.revealed).toEqual([]);
  });

  it('says why when WebGPU is not available, without capturing anything', async () => {
    const { source, capture } = setup({ webgpu: 'this browser has no navigator.gpu.' });
    await capture.lookInside(TARGET);
    expect(await capture.compareBackends()).toBe(false);
    expect(capture.status).toMatchObject({
      kind: 'failed',
      action: 'compare',
      error: {
        code: 'webgpu-unavailable',
        message: 'WASM and WebGPU cannot be compared here: this browser has no navigator.gpu.',
      },
    });
    expect(source.calls).toEqual(['capture wasm']);
  });

  it('reports a backend that fails mid-capture; the earlier capture stays shown', async () => {
    const { source, capture } = setup();
    await capture.lookInside(TARGET);
    source.failOn = 'webgpu';
    expect(await capture.compareBackends()).toBe(false);
    expect(capture.status).toMatchObject({
      kind: 'failed',
      action: 'compare',
      error: { code: 'inference-failed' },
    });
    expect(capture.capture?.captureId).toBe('c1');
  });

  it('asks for a run first when nothing was looked inside', async () => {
    const { capture } = setup();
    await capture.compareBackends();
    expect(capture.status).toMatchObject({ kind: 'failed', error: { code: 'no-run-yet' } });
  });
});

describe('RunCapture.profileNodes', () => {
  it('times both backends, paints the run’s backend, and switches to the other on request', async () => {
    const { source, inspector, capture } = setup();
    await capture.lookInside(TARGET);
    expect(await capture.profileNodes()).toBe(true);
    expect(source.calls.slice(1)).toEqual(['profile wasm', 'profile webgpu']);
    expect(inspector.painted.at(-1)).toMatchObject({
      metric: 'time',
      overlay: { timings: { backend: 'wasm', nodes: [{ ms: 2 }] } },
    });
    await capture.showTimesOf('webgpu');
    expect(inspector.painted.at(-1)?.overlay?.timings).toMatchObject({
      backend: 'webgpu',
      nodes: [{ ms: 1 }],
    });
  });

  it('times only the available backend and says why the other was not timed', async () => {
    const { source, capture } = setup({ webgpu: 'no adapter was found.' });
    await capture.lookInside(TARGET);
    await capture.profileNodes();
    expect(source.calls.slice(1)).toEqual(['profile wasm']);
    expect(capture.timingNotes).toEqual(['WebGPU was not timed: no adapter was found.']);
  });
});

describe('stageText', () => {
  it('names each stage in a sentence', () => {
    expect(stageText({ step: 'capture', backend: 'webgpu' })).toBe(
      'Capturing every value of the run on WebGPU…',
    );
    expect(stageText({ step: 'profile', backend: 'wasm' })).toBe('Timing every node on WASM (CPU)…');
  });
});

function describeStatus(status: RunCaptureStatus): string {
  return status.kind === 'working' ? `working ${status.action} ${status.stage.step}` : status.kind;
}
