// Generates synthetic models off the page's thread: the .onnx bytes of a preset (hundreds of MB of seeded
// random weights for the big ones, seconds of work) as a Blob, and the picker's facts (parameters, FLOPs).
import type { BuiltSynthetic } from '../../src/contracts/synthetic.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { SYNTHETIC_PRESETS, syntheticPreset } from '../../src/lib/synthetic/index.ts';
import { buildSyntheticModel } from '../../src/lib/synthetic/build-model.ts';
import { presetFacts, type PresetFacts } from '../../src/lib/synthetic/preset-facts.ts';

export class SyntheticService {
  /** Parameters and FLOPs of every preset, in preset order. */
  facts(): PresetFacts[] {
    return SYNTHETIC_PRESETS.map(presetFacts);
  }

  build(id: string): BuiltSynthetic {
    const preset = syntheticPreset(id);
    if (!preset) {
      throw new GlassboxError({
        code: 'source-rejected',
        message: `There is no synthetic model “${id}”.`,
        remedy: `Choose one of ${SYNTHETIC_PRESETS.map((p) => p.id).join(', ')}.`,
      });
    }
    const started = performance.now();
    const bytes = buildSyntheticModel(preset.model, preset.id);
    const blob = new Blob([bytes as BlobPart], { type: 'application/octet-stream' });
    return { blob, bytes: bytes.byteLength, buildMs: performance.now() - started };
  }
}
