// Where a ViT-style classifier's [CLS] token looks among the image patches, from the attention
// probabilities of each layer ([1, heads, T, T], T = the tokens before the patches + the patches). Two maps:
// - the last layer's attention from [CLS] to each patch, mean over heads: what the token the classifier
//   reads took in at its last step;
// - attention rollout (Abnar & Zuidema 2020): each layer mixes the tokens, and the residual connection
//   keeps half of each token, so per layer Â = 0.5·mean_heads(A) + 0.5·I with rows renormalised, and the
//   product Â_L ⋯ Â_1 says how much of each input patch reaches [CLS] through all the layers.
// Pure: the worker captures the probabilities and passes them here.

/** One layer's attention probabilities, [1, heads, T, T] float32 (a Softmax output). */
export interface AttentionProbabilities {
  dims: readonly number[];
  data: Float32Array;
}

/** How a row of T tokens lies on the image: `prefix` tokens ([CLS], distillation, registers), then a grid. */
export interface PatchGrid {
  prefix: number;
  width: number;
  height: number;
}

export interface PatchAttentionMap {
  width: number;
  height: number;
  /** Row-major height × width, one value per patch (non-negative). */
  values: Float32Array;
  /** The largest value: the scale the view divides by. */
  max: number;
}

/** [CLS] and up to four more tokens before the patches (DeiT's distillation token, DINOv2's registers). */
const MAX_PREFIX = 5;

/**
 * The grid that `tokens` tokens make over an input of inputWidth × inputHeight pixels: the fewest leading
 * tokens such that the rest tile the input with square patches; else, with [CLS] alone, a square grid.
 * Null when no such grid exists (these are not image patches).
 */
export function patchGrid(tokens: number, inputWidth: number, inputHeight: number): PatchGrid | null {
  for (let prefix = 1; prefix <= MAX_PREFIX && prefix < tokens; prefix++) {
    const patches = tokens - prefix;
    for (let height = 1; height <= patches; height++) {
      if (patches % height !== 0) continue;
      const width = patches / height;
      const side = inputWidth / width;
      if (Number.isInteger(side) && side === inputHeight / height) return { prefix, width, height };
    }
  }
  const side = Math.round(Math.sqrt(tokens - 1));
  return tokens > 1 && side * side === tokens - 1 ? { prefix: 1, width: side, height: side } : null;
}

/** The layers' common token count, checking each is [1, heads, T, T] with the same T. */
export function tokensOf(layers: readonly AttentionProbabilities[]): number {
  if (layers.length === 0) throw new RangeError('There is no attention layer to read.');
  const tokens = layers[0]?.dims[3] ?? 0;
  layers.forEach((layer, index) => {
    const [batch, heads = 0, rows, columns] = layer.dims;
    if (
      layer.dims.length !== 4 ||
      batch !== 1 ||
      heads < 1 ||
      rows !== tokens ||
      columns !== tokens ||
      layer.data.length !== heads * tokens * tokens
    ) {
      throw new RangeError(
        `Attention layer ${index + 1} is [${layer.dims.join(', ')}], not [1, heads, ${tokens}, ${tokens}] like the first.`,
      );
    }
  });
  return tokens;
}

/** The heads' mean of one layer, T × T row-major, in float64 (rollout multiplies many of them). */
function headMean(layer: AttentionProbabilities, tokens: number): Float64Array {
  const heads = layer.dims[1] ?? 1;
  const plane = tokens * tokens;
  const mean = new Float64Array(plane);
  for (let h = 0; h < heads; h++) {
    const offset = h * plane;
    for (let i = 0; i < plane; i++) mean[i] = (mean[i] ?? 0) + (layer.data[offset + i] ?? 0);
  }
  for (let i = 0; i < plane; i++) mean[i] = (mean[i] ?? 0) / heads;
  return mean;
}

function toMap(row: ArrayLike<number>, grid: PatchGrid): PatchAttentionMap {
  const count = grid.width * grid.height;
  const values = new Float32Array(count);
  let max = 0;
  for (let i = 0; i < count; i++) {
    const value = row[grid.prefix + i] ?? 0;
    values[i] = value;
    max = Math.max(max, value);
  }
  return { width: grid.width, height: grid.height, values, max };
}

function checkGrid(tokens: number, grid: PatchGrid): void {
  if (grid.prefix + grid.width * grid.height !== tokens) {
    throw new RangeError(
      `${tokens} tokens are not ${grid.prefix} before a ${grid.width} × ${grid.height} grid of patches.`,
    );
  }
}

/** The last layer's attention from [CLS] (token 0) to each patch, mean over heads. */
export function lastLayerClsMap(
  layers: readonly AttentionProbabilities[],
  grid: PatchGrid,
): PatchAttentionMap {
  const tokens = tokensOf(layers);
  checkGrid(tokens, grid);
  const last = layers[layers.length - 1] as AttentionProbabilities;
  return toMap(headMean(last, tokens).subarray(0, tokens), grid);
}

/** Attention rollout: the [CLS] row of Â_L ⋯ Â_1 over the patches, Â = 0.5·mean_heads(A) + 0.5·I renormalised. */
export function attentionRollout(
  layers: readonly AttentionProbabilities[],
  grid: PatchGrid,
): PatchAttentionMap {
  const tokens = tokensOf(layers);
  checkGrid(tokens, grid);
  // Only [CLS]'s row of the product is wanted: carry that row from the last layer down, row × Â_l.
  const layerMixes = layers.map((layer) => {
    const mixed = headMean(layer, tokens);
    for (let r = 0; r < tokens; r++) {
      const offset = r * tokens;
      mixed[offset + r] = (mixed[offset + r] ?? 0) + 1;
      let sum = 0;
      for (let c = 0; c < tokens; c++) sum += mixed[offset + c] ?? 0;
      // 0.5·A + 0.5·I then dividing by the row's sum: the 0.5s cancel.
      for (let c = 0; c < tokens; c++) mixed[offset + c] = (mixed[offset + c] ?? 0) / sum;
    }
    return mixed;
  });
  let row = new Float64Array(tokens);
  row[0] = 1;
  for (let l = layerMixes.length - 1; l >= 0; l--) {
    const mixed = layerMixes[l] as Float64Array;
    const next = new Float64Array(tokens);
    for (let k = 0; k < tokens; k++) {
      const weight = row[k] ?? 0;
      if (weight === 0) continue;
      const offset = k * tokens;
      for (let c = 0; c < tokens; c++) next[c] = (next[c] ?? 0) + weight * (mixed[offset + c] ?? 0);
    }
    row = next;
  }
  return toMap(row, grid);
}
