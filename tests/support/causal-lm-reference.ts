// Runs a hub-layout causal LM (models/README.md, "The causal-LM layout") with the project's ONNX Runtime
// module and compares it with the reference.json its recipe wrote from PyTorch. Kept independent of the
// app's generation code on purpose: these tests check the model files, the app's code is tested against them.
import { createRuntimeSession, type RuntimeSession } from '../../src/lib/runtime/onnx-runtime.ts';
import type { TensorData } from '../../src/lib/tensor.ts';

export interface TopLogit {
  id: number;
  logit: number;
}

export interface CausalLmReference {
  prompt: string;
  input_ids: number[];
  noCache: { input_ids: number[]; lastLogits: number[]; top20: TopLogit[] };
  withCache?: { prefix_ids: number[]; step_ids: number[]; lastLogits: number[]; top20: TopLogit[] };
  greedy: { maxNewTokens: number; ids: number[]; text: string; smallestTop2Gap?: number };
  logitLens: { position: number; layers: TopLogit[][] };
  tokenizerCases: Array<{ text: string; ids: number[]; decoded: string }>;
  chat?: {
    messages: Array<{ role: string; content: string }>;
    rendered: string;
    input_ids: number[];
    greedy: { maxNewTokens: number; ids: number[] };
  };
}

export interface CausalLmConfig {
  n_layer?: number;
  num_hidden_layers?: number;
  n_head?: number;
  num_attention_heads?: number;
  num_key_value_heads?: number;
  n_embd?: number;
  hidden_size?: number;
}

export type KvCache = Record<string, TensorData>;

const int64 = (values: readonly number[]): TensorData => ({
  type: 'int64',
  dims: [1, values.length],
  data: BigInt64Array.from(values, (v) => BigInt(v)),
});

export class CausalLm {
  private constructor(
    private readonly session: RuntimeSession,
    private readonly layers: number,
    private readonly kvHeads: number,
    private readonly headDim: number,
  ) {}

  static async open(modelBytes: Uint8Array, config: CausalLmConfig): Promise<CausalLm> {
    const layers = config.n_layer ?? config.num_hidden_layers ?? 0;
    const heads = config.n_head ?? config.num_attention_heads ?? 0;
    const hidden = config.n_embd ?? config.hidden_size ?? 0;
    const session = await createRuntimeSession(modelBytes, 'wasm');
    return new CausalLm(session, layers, config.num_key_value_heads ?? heads, hidden / heads);
  }

  get usesCache(): boolean {
    return this.session.inputs.some((input) => input.name.startsWith('past_key_values.'));
  }

  get inputNames(): string[] {
    return this.session.inputs.map((input) => input.name);
  }

  get outputNames(): string[] {
    return this.session.outputs.map((output) => output.name);
  }

  /** Past tensors of length 0: what the first step feeds. */
  emptyCache(): KvCache {
    const cache: KvCache = {};
    for (let i = 0; i < this.layers; i++)
      for (const kv of ['key', 'value'])
        cache[`past_key_values.${i}.${kv}`] = {
          type: 'float32',
          dims: [1, this.kvHeads, 0, this.headDim],
          data: new Float32Array(0),
        };
    return cache;
  }

  /** Feeds ids after pastLength cached tokens; the last position's logits and the grown cache. */
  async step(
    ids: readonly number[],
    cache: KvCache,
    pastLength: number,
  ): Promise<{ logits: Float32Array; cache: KvCache }> {
    const total = pastLength + ids.length;
    const feeds: Record<string, TensorData> = {
      input_ids: int64(ids),
      attention_mask: int64(Array.from({ length: total }, () => 1)),
      position_ids: int64(ids.map((_, i) => pastLength + i)),
      ...cache,
    };
    const out = await this.session.run(feeds);
    const next: KvCache = {};
    for (let i = 0; i < this.layers; i++)
      for (const kv of ['key', 'value']) {
        const present = out[`present.${i}.${kv}`];
        if (!present) throw new Error(`no present.${i}.${kv} output`);
        next[`past_key_values.${i}.${kv}`] = present;
      }
    return { logits: lastLogits(out, ids.length), cache: next };
  }

  /** The whole sequence in one run, no cache inputs (for a model exported without a cache). */
  async full(ids: readonly number[]): Promise<Float32Array> {
    const feeds: Record<string, TensorData> = {
      input_ids: int64(ids),
      attention_mask: int64(ids.map(() => 1)),
    };
    if (this.usesCache)
      Object.assign(feeds, this.emptyCache(), { position_ids: int64(ids.map((_, i) => i)) });
    return lastLogits(await this.session.run(feeds), ids.length);
  }

  async greedyWithCache(ids: readonly number[], count: number): Promise<number[]> {
    let state = await this.step(ids, this.emptyCache(), 0);
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const next = argmax(state.logits);
      out.push(next);
      if (i + 1 < count) state = await this.step([next], state.cache, ids.length + i);
    }
    return out;
  }

  async greedyWithoutCache(ids: readonly number[], count: number): Promise<number[]> {
    const sequence = [...ids];
    for (let i = 0; i < count; i++) sequence.push(argmax(await this.full(sequence)));
    return sequence.slice(ids.length);
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

function lastLogits(out: Record<string, TensorData>, sequenceLength: number): Float32Array {
  const logits = out['logits'];
  if (logits?.type !== 'float32') throw new Error('no float32 logits output');
  const vocab = logits.dims[2] ?? 0;
  return logits.data.slice((sequenceLength - 1) * vocab, sequenceLength * vocab);
}

/** Index of the largest value, the lowest index on ties (as torch.argmax). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++)
    if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return max;
}
