// Worker entry point: exposes the inference service over comlink, nothing else.
import { expose } from 'comlink';
import { installErrorTransfer } from './error-transfer.ts';
import { InferenceService } from './inference-service.ts';
import { CRASH_FOR_TEST } from './protocol.ts';

installErrorTransfer();
expose(new InferenceService());

// Lets tests (and the "simulate crash" check) exercise the page's crash recovery with a real uncaught error.
self.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (event.data === CRASH_FOR_TEST) {
    setTimeout(() => {
      throw new Error('Simulated worker crash');
    });
  }
});
