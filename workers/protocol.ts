// Messages between the page and the inference worker outside comlink's calls. Kept apart from the
// service so the page can import it without pulling ONNX Runtime into the main bundle.

/** Makes the worker throw an uncaught error, to test crash recovery for real. */
export const CRASH_FOR_TEST = 'glassbox:crash-for-test';
