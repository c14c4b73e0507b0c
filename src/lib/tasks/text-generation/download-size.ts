// Whether a language model's download suits this device, decided before a byte of it is fetched: its
// size (from the hub's file listing) against the memory the device reports. A language model is often
// gigabytes, and a phone that runs out of memory closes the tab without a word, so the page says so first.
import { formatBytes } from '../../format.ts';

/**
 * ONNX Runtime Web reads the model into WebAssembly memory, which is at most 4 GiB (wasm32), and the
 * worker holds the downloaded bytes beside it: a download over this cannot load on any device.
 */
export const MAX_GENERATION_DOWNLOAD_BYTES = 4 * 1024 ** 3;

/**
 * While it loads, the page holds the weights about twice (the downloaded file and ONNX Runtime's copy),
 * next to the browser's own needs: past a quarter of the device's memory the tab risks being closed.
 */
const MEMORY_SHARE = 1 / 4;

/** Without navigator.deviceMemory (Firefox, Safari), warn from this size on. */
const UNKNOWN_MEMORY_WARNING_BYTES = 2 * 1024 ** 3;

export type DownloadVerdict =
  | { kind: 'ok'; sentence: string }
  | { kind: 'warn'; sentence: string }
  | { kind: 'refuse'; sentence: string };

/**
 * What the page says before downloading `bytes` of `name`: its size, and a warning (the user may go on)
 * or a refusal. deviceMemoryGiB is navigator.deviceMemory (Chrome reports 0.25–8, rounded), or null.
 */
export function downloadVerdict(
  name: string,
  bytes: number,
  deviceMemoryGiB: number | null,
): DownloadVerdict {
  const size = formatBytes(bytes);
  if (bytes > MAX_GENERATION_DOWNLOAD_BYTES) {
    return {
      kind: 'refuse',
      sentence:
        `${name} downloads ${size}, more than the ${formatBytes(MAX_GENERATION_DOWNLOAD_BYTES)} ONNX Runtime ` +
        'can hold in a browser (WebAssembly memory), so it is not downloaded. Pick a smaller precision (q4, q8) or a smaller model.',
    };
  }
  const known = deviceMemoryGiB !== null && Number.isFinite(deviceMemoryGiB) && deviceMemoryGiB > 0;
  const limit = known ? deviceMemoryGiB * 1024 ** 3 * MEMORY_SHARE : UNKNOWN_MEMORY_WARNING_BYTES;
  if (bytes > limit) {
    const memory = known
      ? `This device reports ${deviceMemoryGiB} GB of memory`
      : 'This browser does not say how much memory the device has';
    return {
      kind: 'warn',
      sentence:
        `${name} downloads ${size}. ${memory}, and the page holds the weights about twice while it loads ` +
        'them: it may run out of memory and close the tab.',
    };
  }
  return { kind: 'ok', sentence: `${name} downloads ${size}.` };
}
