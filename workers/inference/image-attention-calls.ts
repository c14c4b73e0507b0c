// The image-classification view's [CLS] attention map: a capture of the last run's attention Softmax
// outputs (in a session of the capture engine's own, the view's session untouched), read as the last
// layer's [CLS] row and as attention rollout over the patch grid, then released.
import type { ImageAttentionRun } from '../../src/contracts/inference.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import {
  attentionRollout,
  lastLayerClsMap,
  patchGrid,
  tokensOf,
  type AttentionProbabilities,
} from '../../src/lib/explain/attention-rollout.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import type { CaptureEngine } from './capture/capture-engine.ts';
import type { ImageClassifier } from './tasks/image-classifier.ts';

const REMEDY = 'Use the occlusion map: it works for any classifier.';

function unsupported(message: string): GlassboxError {
  return new GlassboxError({ code: 'output-layout-unsupported', message, remedy: REMEDY });
}

export async function attentionOfLastRun(
  classifier: ImageClassifier,
  captures: CaptureEngine,
  modelKey: string,
  backend: Backend,
): Promise<ImageAttentionRun> {
  const started = performance.now();
  const finding = classifier.attention;
  if (!finding.found) throw unsupported(finding.reason);
  const source = classifier.captureSource();
  const input = source.lastRun.input;
  if (input.kind !== 'image') throw unsupported('No attention map: the last run was not of an image.');
  const names = finding.sites.map((site) => site.value);
  const capture = await captures.capture(modelKey, source, backend, { names });
  try {
    const layers: AttentionProbabilities[] = [];
    for (const name of names) {
      const tensor = await captures.tensor(capture.captureId, name);
      layers.push({ dims: tensor.dims, data: tensor.data });
    }
    let tokens: number;
    try {
      tokens = tokensOf(layers);
    } catch (error) {
      throw unsupported(`No attention map: ${error instanceof Error ? error.message : String(error)}`);
    }
    const grid = patchGrid(tokens, input.inputWidth, input.inputHeight);
    if (!grid) {
      throw unsupported(
        `No attention map: the attention is over ${tokens} tokens, which are not [CLS] and a grid of patches of the ${input.inputWidth} × ${input.inputHeight} input.`,
      );
    }
    return {
      lastLayer: lastLayerClsMap(layers, grid),
      rollout: attentionRollout(layers, grid),
      layers: finding.sites.map(({ value, label }) => ({ value, label })),
      heads: layers[0]?.dims[1] ?? 0,
      tokens,
      prefix: grid.prefix,
      inputWidth: input.inputWidth,
      inputHeight: input.inputHeight,
      totalMs: performance.now() - started,
    };
  } finally {
    captures.release(capture.captureId);
  }
}
