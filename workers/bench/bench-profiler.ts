// Turns one profiling pass into profile summaries: ORT's trace (every backend; node providers show the
// nodes a WebGPU session ran on the CPU) and, on WebGPU, the GPU's own kernel timestamps.
import {
  aggregateProfile,
  cpuFallbackNodes,
  parseOrtTrace,
  type ProfileEvent,
  type ProfileSummary,
} from '../../src/lib/bench/profile.ts';

export interface ProfileOutcome {
  profiles: ProfileSummary[];
  cpuFallbackNodes: string[];
  note: string | null;
}

/** Most fallback node names kept in a result; the count is what matters beyond that. */
const MAX_FALLBACK_NODES = 50;

/** lines: what ORT printed at endProfiling; its first run (cold) is dropped, as the caller ran one extra. */
export function summarizeProfiles(
  lines: string[],
  gpuEvents: ProfileEvent[],
  runs: number,
  webgpu: boolean,
): ProfileOutcome {
  const profiles: ProfileSummary[] = [];
  const notes: string[] = [];
  if (runs === 0) return { profiles, cpuFallbackNodes: [], note: 'Cancelled before any profiled run.' };
  if (webgpu) {
    if (gpuEvents.length > 0) profiles.push(aggregateProfile(gpuEvents, runs, 'webgpu-timestamps'));
    else notes.push('No GPU kernel timestamps (the adapter lacks timestamp-query): CPU-side times only.');
  }
  const trace = parseOrtTrace(lines, 1);
  if (trace.events.length > 0) {
    profiles.push(aggregateProfile(trace.events, trace.runs || runs, 'ort-profiler'));
  } else {
    notes.push('ONNX Runtime printed no profile (it must be captured before WebAssembly starts).');
  }
  const fallback = webgpu ? cpuFallbackNodes(trace.events) : [];
  if (fallback.length > MAX_FALLBACK_NODES) {
    notes.push(`${fallback.length} nodes ran on the CPU; the first ${MAX_FALLBACK_NODES} are listed.`);
  }
  return {
    profiles,
    cpuFallbackNodes: fallback.slice(0, MAX_FALLBACK_NODES),
    note: notes.length > 0 ? notes.join(' ') : null,
  };
}
