// Whether an image classifier has ViT-style attention to draw over the image, found by structure: the
// attention Softmax nodes the text views already find (a Softmax over Q·Kᵀ of one sequence, see
// lib/capture/attention.ts), one per layer. Their output must be [batch, heads, T, T] where T is [CLS]
// (plus maybe a few more tokens) followed by one token per image patch. When the graph states T and the
// input size, that is checked here; otherwise the capture's own shapes are checked after the run.
import { findAttentionSites } from '../capture/attention.ts';
import type { AttentionSite } from '../capture/capture-types.ts';
import type { GraphIR } from '../graph/graph-types.ts';
import { patchGrid } from './attention-rollout.ts';

export type VitAttentionFinding = { found: true; sites: AttentionSite[] } | { found: false; reason: string };

const NOT_FOUND = 'No attention map: ';

export function findVitAttention(graph: GraphIR): VitAttentionFinding {
  const sites = findAttentionSites(graph);
  if (sites.length === 0) {
    return {
      found: false,
      reason: `${NOT_FOUND}the model has no self-attention (a Softmax over queries times keys), which ViT-style models have; the class activation map and the occlusion map explain it instead.`,
    };
  }
  const [input] = graph.inputs;
  const inputShape = input === undefined ? undefined : graph.values.get(input)?.shape;
  const [, , inputHeight, inputWidth] = inputShape ?? [];
  for (const site of sites) {
    const shape = graph.values.get(site.value)?.shape;
    if (shape === undefined) continue;
    const [, , rows, columns] = shape;
    if (shape.length !== 4) {
      return {
        found: false,
        reason: `${NOT_FOUND}the attention of ${site.label} has ${shape.length} axes, not [batch, heads, tokens, tokens].`,
      };
    }
    if (typeof rows === 'number' && typeof columns === 'number') {
      const fits =
        typeof inputWidth === 'number' && typeof inputHeight === 'number'
          ? patchGrid(columns, inputWidth, inputHeight) !== null
          : patchGrid(columns, 1, 1) !== null;
      if (rows !== columns || !fits) {
        return {
          found: false,
          reason: `${NOT_FOUND}the attention of ${site.label} is over ${rows} × ${columns} tokens, which are not [CLS] and a grid of image patches.`,
        };
      }
    }
  }
  return { found: true, sites };
}
