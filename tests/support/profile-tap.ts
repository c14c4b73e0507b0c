// As the inference worker does at startup: profileRun reads ORT's trace through this tap. In a browser
// ORT's glue prints through console.log; under Node it writes to fd 1 with fs.writeSync instead, so here
// those lines are handed to console.log, where the tap reads them as it does in the worker. Call it before
// any session is created (at the top of a test file).
import fs from 'node:fs';
import { installProfileCapture } from '../../src/lib/runtime/onnx-runtime.ts';

export function installNodeProfileTap(): void {
  installProfileCapture();
  const writeSync = fs.writeSync.bind(fs);
  fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd === 1 && typeof data === 'string' && data.startsWith('{')) {
      // eslint-disable-next-line no-console -- the tap wraps console.log; see above
      console.log(data.replace(/\n$/, ''));
      return data.length;
    }
    return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
  }) as typeof fs.writeSync;
}
