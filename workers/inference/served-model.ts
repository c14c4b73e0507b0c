// The contract between the inference service and a loaded model of any task, and the base every task's
// model class extends: one ORT session per backend (BackendSessions) and the last user run, which is
// what Look inside, profiling and calibration replay.
import type { Backend } from '../../src/lib/runtime/backend.ts';
import type { ExternalDataFile, RuntimeSession } from '../../src/lib/runtime/onnx-runtime.ts';
import { BackendSessions } from '../shared/backend-sessions.ts';
import { requireLastRun, type CaptureSource, type LastRun } from './capture/last-run.ts';

/** What the service needs of a loaded model, whatever its task. */
export interface ServedModel {
  /** What a load answers about the model (labels, inputs, outputs, …; its task's info type). */
  readonly info: unknown;
  hasSession(backend: Backend): boolean;
  createSession(backend: Backend): Promise<void>;
  /** One run on a typical input, so the first user run does not pay for kernel or shader setup. */
  warmUp(backend: Backend): Promise<void>;
  release(): Promise<void>;
  /** The file and the feeds of the last user run (warm-ups excluded); a typed no-run-yet error before one. */
  captureSource(): CaptureSource;
  /** The session on backend (a typed no-model-loaded error before it exists): for timing bare runs. */
  sessionOn(backend: Backend): RuntimeSession;
}

/** A task's model class: the members every task shares, over its sessions and its last run. */
export abstract class SessionModel implements ServedModel {
  abstract readonly info: unknown;
  protected readonly sessions: BackendSessions;
  /** Set by the task's run (never by a warm-up). */
  protected lastRun: LastRun | null = null;

  protected constructor(modelBytes: Uint8Array<ArrayBuffer>, externalData: readonly ExternalDataFile[]) {
    this.sessions = new BackendSessions(modelBytes, externalData);
  }

  abstract createSession(backend: Backend): Promise<void>;
  abstract warmUp(backend: Backend): Promise<void>;

  hasSession(backend: Backend): boolean {
    return this.sessions.has(backend);
  }

  sessionOn(backend: Backend): RuntimeSession {
    return this.sessions.get(backend);
  }

  captureSource(): CaptureSource {
    const { modelBytes, externalData } = this.sessions;
    return { modelBytes, externalData, lastRun: requireLastRun(this.lastRun) };
  }

  release(): Promise<void> {
    return this.sessions.releaseAll();
  }
}
