// Worker entry point: exposes the inference service over comlink, nothing else.
import { expose } from 'comlink';
import { installProfileCapture } from '../../src/lib/runtime/onnx-runtime.ts';
import { installErrorTransfer } from '../../src/contracts/errors.ts';
import { InferenceService } from './inference-service.ts';
import { CRASH_FOR_TEST } from '../../src/contracts/inference.ts';

installErrorTransfer();
// profileRun reads ORT's profile through a console tap that must exist before WebAssembly starts.
installProfileCapture();
expose(new InferenceService());

// Lets tests (and the "simulate crash" check) exercise the page's crash recovery with a real uncaught error.
self.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.data === CRASH_FOR_TEST) {
    setTimeout(() => {
      throw new Error('Simulated worker crash');
    });
  }
});

/** What the page calls on this worker (through comlink's Remote): its one import from this folder. */
export type InferenceApi = InferenceService;
