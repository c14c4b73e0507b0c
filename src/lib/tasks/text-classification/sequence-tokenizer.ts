// Hugging Face tokenizer.json → sequences the model accepts, via @huggingface/tokenizers (the tokenizer
// package of transformers.js, without its ONNX Runtime copy).
import { Tokenizer } from '@huggingface/tokenizers';
import { GlassboxError } from '../../errors.ts';
import { truncateSequence, type SpecialToken, type TokenizedSequence } from './encode-batch.ts';

export interface SequenceTokenizer {
  readonly padId: number;
  readonly maxLength: number;
  /** The vocabulary's [MASK] token, or null when it has none (occlusion then removes tokens). */
  readonly mask: SpecialToken | null;
  /** Ids of the special tokens ([CLS], [SEP], [PAD], [MASK]) that an explanation never hides. */
  readonly specialIds: ReadonlySet<number>;
  encode(text: string): TokenizedSequence;
}

function specialToken(tokenizer: Tokenizer, token: string, file: string): SpecialToken {
  const id = tokenizer.token_to_id(token);
  if (id === undefined) {
    throw new GlassboxError({
      code: 'model-config-invalid',
      message: `${file} has no ${token} token.`,
      remedy: 'Use a BERT-style tokenizer.json with [CLS], [SEP] and [PAD] tokens.',
    });
  }
  return { id, token };
}

/** A special token's text from tokenizer_config.json (a string, or {content: "[SEP]", …}), else fallback. */
export function tokenNamed(config: Record<string, unknown>, key: string, fallback: string): string {
  const value = config[key];
  if (typeof value === 'string') return value;
  // Some exports store special tokens as {content: "[SEP]", ...}.
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { content?: unknown }).content === 'string'
  ) {
    return (value as { content: string }).content;
  }
  return fallback;
}

/** The parsed tokenizer.json as a Hugging Face tokenizer; a typed error when it is not one. */
export function readTokenizer(tokenizerJson: unknown, tokenizerConfig: Record<string, unknown>): Tokenizer {
  try {
    return new Tokenizer(tokenizerJson as object, tokenizerConfig);
  } catch (error) {
    throw new GlassboxError({
      code: 'model-config-invalid',
      message: 'tokenizer.json could not be read as a Hugging Face tokenizer.',
      remedy: 'Check that the model folder holds the tokenizer.json that belongs to the model.',
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * tokenizerJson / tokenizerConfig: the parsed tokenizer.json and tokenizer_config.json of a hub folder.
 * maxLength: the model's limit (max_position_embeddings), capped by the config's model_max_length.
 */
export function createSequenceTokenizer(
  tokenizerJson: unknown,
  tokenizerConfig: Record<string, unknown>,
  maxLength: number,
): SequenceTokenizer {
  const tokenizer = readTokenizer(tokenizerJson, tokenizerConfig);
  const sep = specialToken(tokenizer, tokenNamed(tokenizerConfig, 'sep_token', '[SEP]'), 'tokenizer.json');
  const pad = specialToken(tokenizer, tokenNamed(tokenizerConfig, 'pad_token', '[PAD]'), 'tokenizer.json');
  const optional = (key: string, fallback: string): SpecialToken | null => {
    const token = tokenNamed(tokenizerConfig, key, fallback);
    const id = tokenizer.token_to_id(token);
    return id === undefined ? null : { id, token };
  };
  const mask = optional('mask_token', '[MASK]');
  const cls = optional('cls_token', '[CLS]');
  const specialIds = new Set([sep.id, pad.id, ...[mask, cls].filter((t) => t !== null).map((t) => t.id)]);
  return {
    padId: pad.id,
    maxLength,
    mask,
    specialIds,
    encode(text: string): TokenizedSequence {
      const encoding = tokenizer.encode(text);
      return truncateSequence(encoding.ids, encoding.tokens, maxLength, sep);
    },
  };
}
