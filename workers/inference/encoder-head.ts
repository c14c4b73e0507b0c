// What the entities and question-answering adapters share: reading the tokenizer and the model's
// length limit from a downloaded folder, padded feeds for a batch of token rows, one run that returns
// each output as numbers, and occlusion: each token replaced by [MASK] in turn, every variant run in
// as few batched runs as the model allows, and a task's own score read off each.
import { GlassboxError } from '../../src/lib/errors.ts';
import type { ModelDownload } from '../../src/lib/loading/model-download.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import type { ExternalDataFile, RuntimeSession, ValueInfo } from '../../src/lib/runtime/onnx-runtime.ts';
import {
  createOffsetTokenizer,
  type OffsetTokenizer,
  type SpecialToken,
} from '../../src/lib/tasks/token-classification/offset-tokenizer.ts';
import { toNumbers, type TensorData } from '../../src/lib/tensor.ts';
import { SessionModel } from './served-model.ts';

/** Most token positions (rows × longest) one run takes, so a long text cannot exhaust memory. */
const MAX_TOKENS_PER_RUN = 16_384;

export interface TokenRow {
  ids: readonly number[];
  typeIds?: readonly number[];
}

/** The tokenizer of a downloaded folder, limited to the model's positions and the tokenizer's limit. */
export function tokenizerOf(download: ModelDownload): OffsetTokenizer {
  const { location, json } = download;
  if (json.tokenizer === null) {
    throw new GlassboxError({
      code: 'model-config-invalid',
      message: `${location.label} has no tokenizer.json, so its text cannot be turned into token ids.`,
      remedy: 'Open the whole model folder (with tokenizer.json), or open the model in the tensor view.',
    });
  }
  const config = (json.config ?? {}) as Record<string, unknown>;
  const tokenizerConfig = (json.tokenizerConfig ?? {}) as Record<string, unknown>;
  const positions = Number(config.max_position_embeddings ?? 512);
  const limit = Number.isFinite(positions) && positions > 0 ? positions : 512;
  const configured = Number(tokenizerConfig.model_max_length ?? limit);
  const maxLength = Math.min(limit, Number.isFinite(configured) && configured > 0 ? configured : limit);
  return createOffsetTokenizer(json.tokenizer, tokenizerConfig, maxLength);
}

/** The model's inputs filled from rows: input_ids, attention_mask and token_type_ids, padded to the longest. */
export function encoderFeeds(
  session: RuntimeSession,
  rows: readonly TokenRow[],
  padId: number,
): Record<string, TensorData> {
  const length = Math.max(1, ...rows.map((row) => row.ids.length));
  const dims = [rows.length, length];
  const ids = new BigInt64Array(rows.length * length).fill(BigInt(padId));
  const mask = new BigInt64Array(rows.length * length);
  const types = new BigInt64Array(rows.length * length);
  rows.forEach((row, r) => {
    row.ids.forEach((id, c) => {
      ids[r * length + c] = BigInt(id);
      mask[r * length + c] = 1n;
      types[r * length + c] = BigInt(row.typeIds?.[c] ?? 0);
    });
  });
  const all: Record<string, TensorData> = {
    input_ids: { type: 'int64', dims, data: ids },
    attention_mask: { type: 'int64', dims: [...dims], data: mask },
    token_type_ids: { type: 'int64', dims: [...dims], data: types },
  };
  const feeds: Record<string, TensorData> = {};
  for (const input of session.inputs) {
    const tensor = all[input.name];
    if (tensor) feeds[input.name] = tensor;
  }
  return feeds;
}

/** Runs feeds; each named output as flat numbers (a typed error when one is missing). */
export async function runOutputs(
  session: RuntimeSession,
  feeds: Record<string, TensorData>,
  names: readonly string[],
): Promise<Record<string, number[]>> {
  const outputs = await session.run(feeds);
  const result: Record<string, number[]> = {};
  for (const name of names) {
    const tensor = outputs[name];
    if (!tensor) {
      throw new GlassboxError({
        code: 'inference-failed',
        message: `The model returned no output named ${name}.`,
        remedy: 'Check that the model is the task’s head (its outputs are listed on the model card).',
      });
    }
    result[name] = toNumbers(tensor);
  }
  return result;
}

/** The inputs a session needs that an encoder-head adapter cannot make up. */
export function requireTextInputs(session: RuntimeSession, what: string): void {
  const names = session.inputs.map((input) => input.name);
  const missing = ['input_ids', 'attention_mask'].filter((name) => !names.includes(name));
  if (missing.length > 0) {
    throw new GlassboxError({
      code: 'model-file-invalid',
      message: `This model has no input named ${missing.join(' or ')}, so it is not a BERT-style ${what}.`,
      remedy: `Its inputs are: ${names.join(', ')}. Open it as another task.`,
    });
  }
}

/** Rows one run may take: 1 when the batch axis is fixed at 1, and never more than the token budget. */
export function rowsPerRun(session: RuntimeSession, rowLength: number): number {
  const batch = session.inputs.find((input) => input.name === 'input_ids')?.shape[0];
  const limit = typeof batch === 'number' ? Math.max(1, batch) : Infinity;
  return Math.max(1, Math.min(limit, Math.floor(MAX_TOKENS_PER_RUN / Math.max(1, rowLength))));
}

/** The token that hides another in an occlusion: [MASK], else [UNK] (same length, so positions hold). */
export function occlusionToken(tokenizer: OffsetTokenizer): SpecialToken {
  const token = tokenizer.mask ?? tokenizer.unknown;
  if (token === null) {
    throw new GlassboxError({
      code: 'model-config-invalid',
      message: 'The tokenizer has neither a [MASK] nor an [UNK] token to hide a token with.',
      remedy: 'Attributions need a tokenizer with a mask or unknown token.',
    });
  }
  return token;
}

export interface OcclusionResult {
  baseline: number;
  drops: number[];
  sequences: number;
  modelRuns: number;
  inferenceMs: number;
}

/**
 * Leave-one-out occlusion of row: the row and one variant per explainable position (that token replaced
 * by hide), run in batches; score reads a row's outputs (named outputs, flat, for that row alone).
 */
export async function occlude(
  session: RuntimeSession,
  padId: number,
  row: TokenRow,
  explainable: readonly boolean[],
  hide: SpecialToken,
  outputNames: readonly string[],
  score: (outputs: Record<string, number[]>) => number,
): Promise<OcclusionResult> {
  const positions = explainable.flatMap((yes, i) => (yes ? [i] : []));
  const rows: TokenRow[] = [
    row,
    ...positions.map((position) => ({
      ids: row.ids.map((id, i) => (i === position ? hide.id : id)),
      ...(row.typeIds ? { typeIds: row.typeIds } : {}),
    })),
  ];
  const perRun = rowsPerRun(session, row.ids.length);
  const scores: number[] = [];
  let modelRuns = 0;
  const started = performance.now();
  for (let first = 0; first < rows.length; first += perRun) {
    const batch = rows.slice(first, first + perRun);
    const outputs = await runOutputs(session, encoderFeeds(session, batch, padId), outputNames);
    batch.forEach((_, r) => {
      const own: Record<string, number[]> = {};
      for (const name of outputNames) {
        const flat = outputs[name] ?? [];
        const size = flat.length / batch.length;
        own[name] = flat.slice(r * size, (r + 1) * size);
      }
      scores.push(score(own));
    });
    modelRuns++;
  }
  const inferenceMs = performance.now() - started;
  const [baseline = 0, ...variants] = scores;
  const drops = explainable.map(() => 0);
  positions.forEach((position, k) => {
    drops[position] = baseline - (variants[k] ?? baseline);
  });
  return { baseline, drops, sequences: rows.length, modelRuns, inferenceMs };
}

/** A BERT-style head's model class: its tokenizer, and its session checked for the text inputs. */
export abstract class EncoderHeadModel<
  Info extends { inputs: ValueInfo[]; outputs: ValueInfo[] },
> extends SessionModel {
  protected constructor(
    override readonly info: Info,
    protected readonly tokenizer: OffsetTokenizer,
    modelBytes: Uint8Array<ArrayBuffer>,
    externalData: readonly ExternalDataFile[],
  ) {
    super(modelBytes, externalData);
  }

  /** What the model is, in "not a BERT-style …" ("token classifier"). */
  protected abstract readonly kind: string;
  /** Reads what the task needs of a new session (its output names); throws when it does not fit. */
  protected abstract adopt(session: RuntimeSession): void;

  async createSession(backend: Backend): Promise<void> {
    await this.sessions.create(backend, (session) => {
      requireTextInputs(session, this.kind);
      this.adopt(session);
      this.info.inputs = [...session.inputs];
      this.info.outputs = [...session.outputs];
    });
  }

  /** Feeds of token rows for the session on backend. */
  protected feeds(backend: Backend, rows: readonly TokenRow[]): Record<string, TensorData> {
    return encoderFeeds(this.sessions.get(backend), rows, this.tokenizer.padId);
  }
}
