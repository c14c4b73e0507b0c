// The runtime's one door: everything the workers use of ONNX Runtime Web, re-exported from ort/, the only
// folder that imports onnxruntime-web. ort/ is split by concern: builds.ts (which build, its .wasm),
// threads.ts (the WASM thread count), session.ts (create, run, the queue), capture-session.ts,
// bench-session.ts (bare runs, profiling) and webgpu.ts (outputs on the GPU, graph capture, kernel times).
export {
  downloadRuntime,
  loadedRuntime,
  ortVersion,
  runtimeFetchByOrt,
  type OrtModule,
} from './ort/builds.ts';
export {
  configureWasmThreads,
  markWasmStarted,
  requestWasmThreads,
  wasmThreadsInUse,
  type WasmThreading,
} from './ort/threads.ts';
export {
  createRuntimeSession,
  enqueue,
  openSession,
  toOrtTensor,
  type ExternalDataFile,
  type RuntimeSession,
  type ValueInfo,
} from './ort/session.ts';
export { createCaptureSession, type CaptureSession } from './ort/capture-session.ts';
export {
  createBenchSession,
  installProfileCapture,
  type BenchSession,
  type BenchSessionOptions,
  type PreparedFeeds,
} from './ort/bench-session.ts';
export {
  setWebGpuKernelProfiling,
  settleWebGpu,
  type WebGpuKernelTiming,
  type WebGpuRunOptions,
} from './ort/webgpu.ts';
