// Owns the inspector worker (decoding, graph analysis and layout; no ONNX Runtime), so a large model or
// a slow layout never blocks the page, and the inspector works while the inference worker is busy.
import type { GlassboxError } from '../../lib/errors.ts';
import type { InspectorApi as InspectorService } from '../../../workers/inspector/inspector.worker.ts';
import { WorkerClient } from '../workbench/worker-client.ts';

export class InspectorClient extends WorkerClient<InspectorService> {
  constructor(onEnded: (error: GlassboxError) => void = () => {}) {
    super({
      spawn: () =>
        new Worker(new URL('../../../workers/inspector/inspector.worker.ts', import.meta.url), {
          type: 'module',
          name: 'glassbox-inspector',
        }),
      label: 'inspector',
      crashRemedy: 'Glassbox started a new worker: open the model again.',
      onEnded,
    });
  }
}
