// One ONNX Runtime session per backend for one model file: created once, checked before it is kept,
// released together. Shared by every task's model class.
import { GlassboxError } from '../../src/lib/errors.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import {
  createRuntimeSession,
  type ExternalDataFile,
  type RuntimeSession,
} from '../../src/lib/runtime/onnx-runtime.ts';

export class BackendSessions {
  private readonly sessions = new Map<Backend, RuntimeSession>();

  constructor(
    readonly modelBytes: Uint8Array<ArrayBuffer>,
    readonly externalData: readonly ExternalDataFile[] = [],
  ) {}

  has(backend: Backend): boolean {
    return this.sessions.has(backend);
  }

  /** The session on backend; a typed no-model-loaded error when it was never created. */
  get(backend: Backend): RuntimeSession {
    const session = this.sessions.get(backend);
    if (!session) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: `The model is not loaded on ${backend}.`,
        remedy: 'Load the model first.',
      });
    }
    return session;
  }

  /**
   * Creates the session on backend unless it exists. accept may throw to refuse the model (wrong inputs
   * for the task); the session is released then and never kept.
   */
  async create(backend: Backend, accept: (session: RuntimeSession) => void): Promise<void> {
    if (this.sessions.has(backend)) return;
    const session = await createRuntimeSession(this.modelBytes, backend, this.externalData);
    try {
      accept(session);
    } catch (error) {
      await session.release();
      throw error;
    }
    this.sessions.set(backend, session);
  }

  async releaseAll(): Promise<void> {
    for (const session of this.sessions.values()) await session.release();
    this.sessions.clear();
  }
}
