// The lesson step fields that open the explanation panels and set the benchmark lab (pure): the attention
// panel at a layer and head, the feature maps at a layer, the occlusion grid, the inspector's overlay,
// benchmark configurations and iterations, and a scale sweep's family and sizes. Each parser returns the
// value or reports one problem (a sentence without the step's name; the format adds it).
import { OVERLAY_METRICS, type OverlayMetric } from '../capture/run-overlay.ts';
import { familyPresets, type SweepFamily } from '../synthetic/presets.ts';

export interface AttentionSetting {
  /** Index among the model's attention layers, in graph order (0 = the first). */
  layer: number;
  head: number | 'mean';
}

/** A benchmark configuration as a lesson names it: WASM on N threads (fewer when the device has fewer). */
export type LessonConfig = { backend: 'wasm'; threads: number } | { backend: 'webgpu' };

export const OCCLUSION_PATCH_CHOICES = [4, 8, 12, 16] as const;
export const SWEEP_FAMILIES: readonly SweepFamily[] = ['encoder', 'conv-backbone', 'matmul'];
export { OVERLAY_METRICS, type OverlayMetric };

/** Limits that keep a lesson from asking for absurd work. */
const MAX_INDEX = 255;
const MAX_THREADS = 64;
export const MAX_LESSON_ITERATIONS = 1000;
/** The longest value name a features: field may give (real ONNX names are far shorter). */
const MAX_VALUE_NAME = 300;

type Report = (problem: string) => void;

const quoted = (value: string) => `“${value.slice(0, 40)}”`;

/** "layer 1, head 0" or "layer 0, mean" (the heads' mean). */
export function parseAttention(value: string, report: Report): AttentionSetting | null {
  const match = /^layer (\d{1,3})(?:,\s*|\s+)(?:head (\d{1,3})|(mean))$/i.exec(value.trim());
  const layer = Number(match?.[1]);
  const head = match?.[3] ? 'mean' : Number(match?.[2]);
  if (!match || layer > MAX_INDEX || (head !== 'mean' && head > MAX_INDEX)) {
    report(`${quoted(value)} is not “layer N, head H” or “layer N, mean” (N and H from 0 to ${MAX_INDEX}).`);
    return null;
  }
  return { layer, head };
}

/** A captured value's name (as the layer picker lists it), or "default" for the panel's own choice. */
export function parseFeatures(value: string, report: Report): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (value === '' || value.length > MAX_VALUE_NAME || /[\u0000-\u001f\u007f]/.test(value)) {
    report(
      `${quoted(value)} is not a value name (1 to ${MAX_VALUE_NAME} printable characters) or “default”.`,
    );
    return null;
  }
  return value;
}

export function parsePatches(value: string, report: Report): number | null {
  const patches = Number(value);
  if ((OCCLUSION_PATCH_CHOICES as readonly number[]).includes(patches)) return patches;
  report(`${quoted(value)} is not one of ${OCCLUSION_PATCH_CHOICES.join(', ')} (patches per side).`);
  return null;
}

export function parseOverlay(value: string, report: Report): OverlayMetric | null {
  if ((OVERLAY_METRICS as readonly string[]).includes(value)) return value as OverlayMetric;
  report(`${quoted(value)} is not one of ${OVERLAY_METRICS.join(', ')}.`);
  return null;
}

/** "wasm-1, wasm-4, webgpu": each once. */
export function parseConfigs(value: string, report: Report): LessonConfig[] | null {
  const keys = value
    .split(',')
    .map((key) => key.trim().toLowerCase())
    .filter((key) => key !== '');
  const configs: LessonConfig[] = [];
  for (const key of keys) {
    const wasm = /^wasm-(\d{1,2})$/.exec(key);
    const threads = Number(wasm?.[1]);
    if (wasm && threads >= 1 && threads <= MAX_THREADS) configs.push({ backend: 'wasm', threads });
    else if (key === 'webgpu') configs.push({ backend: 'webgpu' });
    else {
      report(`${quoted(key)} is not wasm-N (N threads, 1 to ${MAX_THREADS}) or webgpu.`);
      return null;
    }
  }
  if (configs.length === 0) {
    report('name at least one configuration, e.g. “wasm-1, wasm-4, webgpu”.');
    return null;
  }
  if (new Set(keys).size !== keys.length) {
    report(`${quoted(value)} names a configuration twice.`);
    return null;
  }
  return configs;
}

export function parseIterations(value: string, report: Report): number | null {
  const count = Number(value);
  if (/^\d+$/.test(value) && count >= 1 && count <= MAX_LESSON_ITERATIONS) return count;
  report(`${quoted(value)} is not a whole number from 1 to ${MAX_LESSON_ITERATIONS}.`);
  return null;
}

export function parseSweep(value: string, report: Report): SweepFamily | null {
  if ((SWEEP_FAMILIES as readonly string[]).includes(value)) return value as SweepFamily;
  report(`${quoted(value)} is not one of ${SWEEP_FAMILIES.join(', ')}.`);
  return null;
}

/** Preset ids of the sweep's family, e.g. "bert-tiny, bert-mini". */
export function parseSizes(value: string, family: SweepFamily, report: Report): string[] | null {
  const known = familyPresets(family).map((preset) => preset.id);
  const sizes = value
    .split(',')
    .map((size) => size.trim())
    .filter((size) => size !== '');
  const unknown = sizes.filter((size) => !known.includes(size));
  if (sizes.length === 0 || unknown.length > 0) {
    report(
      `${quoted(unknown[0] ?? value)} is not a size of the ${family} sweep; use some of ${known.join(', ')}.`,
    );
    return null;
  }
  return sizes;
}
