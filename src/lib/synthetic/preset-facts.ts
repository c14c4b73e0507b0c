// What the synthetic model picker shows for each preset: its exact parameter count and its FLOPs per
// run at the benchmark's input shapes, counted on a structure-only build (no weight data generated).
import { modelFlops } from '../flops/index.ts';
import { decodeModel, encodeModel } from '../onnx/index.ts';
import { buildSyntheticMessage } from './build-model.ts';
import { syntheticParameterCount, type SyntheticPreset } from './presets.ts';

export interface PresetFacts {
  id: string;
  parameters: number;
  /** FLOPs of one run at batch 1 (sequence 128 for encoders), as the benchmark counts them. */
  flops: number;
}

export function presetFacts(preset: SyntheticPreset): PresetFacts {
  const structure = decodeModel(encodeModel(buildSyntheticMessage(preset.model, preset.id, false)));
  return {
    id: preset.id,
    parameters: syntheticParameterCount(preset.model),
    flops: modelFlops(structure).total,
  };
}
