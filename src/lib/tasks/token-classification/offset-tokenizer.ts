// A Hugging Face tokenizer.json that also says where each token came from: the token view of a text with
// offsets and special-token flags (for entities), a text's bare pieces with words (for question
// answering's windows), and the tokenizer's own pair template. Offsets are recovered by alignment
// (token-offsets.ts), as @huggingface/tokenizers reports none.
import { GlassboxError } from '../../errors.ts';
import { readTokenizer, tokenNamed } from '../text-classification/sequence-tokenizer.ts';
import type { SubwordRule, TokenizedText } from './aggregate.ts';
import { joinWordPieces } from './aggregate.ts';
import { alignTokens, bertWords, wordIndices } from './token-offsets.ts';
import { readPairTemplate, type PairTemplate, type PieceSequence } from '../question-answering/windows.ts';

export interface SpecialToken {
  id: number;
  token: string;
}

export interface EncodedText extends TokenizedText {
  /** Tokens before truncation, special tokens included. */
  fullLength: number;
  truncated: boolean;
}

export interface OffsetTokenizer {
  readonly maxLength: number;
  readonly padId: number;
  readonly cls: SpecialToken | null;
  readonly mask: SpecialToken | null;
  readonly unknown: SpecialToken | null;
  readonly subwordRule: SubwordRule;
  /** The text with the tokenizer's single-sequence template, cut to maxLength (the template kept). */
  encode(text: string): EncodedText;
  /** The text's tokens without special tokens, with offsets and BERT words. */
  pieces(text: string): PieceSequence;
  /** The special tokens the tokenizer puts around and between a pair of texts. */
  pairTemplate(first: string, second: string): PairTemplate;
  /** convert_tokens_to_string: the tokenizer's decoder over token strings. */
  joinTokens(tokens: readonly string[]): string;
}

export function createOffsetTokenizer(
  tokenizerJson: unknown,
  tokenizerConfig: Record<string, unknown>,
  maxLength: number,
): OffsetTokenizer {
  const tokenizer = readTokenizer(tokenizerJson, tokenizerConfig);
  const named = (key: string, fallback: string): SpecialToken | null => {
    const token = tokenNamed(tokenizerConfig, key, fallback);
    const id = tokenizer.token_to_id(token);
    return id === undefined ? null : { id, token };
  };
  const pad = named('pad_token', '[PAD]');
  const cls = named('cls_token', '[CLS]');
  const mask = named('mask_token', '[MASK]');
  const unknown = named('unk_token', '[UNK]');
  const model = (tokenizerJson as { model?: { continuing_subword_prefix?: unknown } }).model;
  const prefix = typeof model?.continuing_subword_prefix === 'string' ? model.continuing_subword_prefix : '';
  const subwordRule: SubwordRule = prefix !== '' ? 'prefix' : 'space';
  const bare = (text: string) => tokenizer.encode(text, { add_special_tokens: false });

  return {
    maxLength,
    padId: pad?.id ?? 0,
    cls,
    mask,
    unknown,
    subwordRule,
    encode(text) {
      const plain = bare(text);
      const full = tokenizer.encode(text);
      // The template's tokens are those around the bare encoding (a literal "[MASK]" typed in the text
      // is part of the text, as the pipeline's special_tokens_mask has it).
      const before = Math.max(
        0,
        full.ids.findIndex((_, i) => plain.ids.every((id, k) => full.ids[i + k] === id)),
      );
      const after = full.ids.length - before - plain.ids.length;
      const room = Math.max(0, maxLength - before - after);
      const kept = Math.min(room, plain.ids.length);
      const ids = [
        ...full.ids.slice(0, before),
        ...plain.ids.slice(0, kept),
        ...full.ids.slice(full.ids.length - after),
      ];
      const tokens = [
        ...full.tokens.slice(0, before),
        ...plain.tokens.slice(0, kept),
        ...full.tokens.slice(full.tokens.length - after),
      ];
      const special = ids.map((_, i) => i < before || i >= before + kept);
      return {
        text,
        ids,
        tokens,
        special,
        spans: alignTokens(text, tokens, special, unknown?.token ?? null),
        fullLength: full.ids.length,
        truncated: kept < plain.ids.length,
      };
    },
    pieces(text) {
      const plain = bare(text);
      const spans = alignTokens(
        text,
        plain.tokens,
        plain.tokens.map(() => false),
        unknown?.token ?? null,
      );
      return { ids: plain.ids, tokens: plain.tokens, spans, words: wordIndices(spans, bertWords(text)) };
    },
    pairTemplate(first, second) {
      const full = tokenizer.encode(first, { text_pair: second, return_token_type_ids: true });
      const template = readPairTemplate(
        { ids: full.ids, tokens: full.tokens, typeIds: full.token_type_ids },
        bare(first).ids,
        bare(second).ids,
      );
      if (template === null) {
        throw new GlassboxError({
          code: 'model-config-invalid',
          message:
            'tokenizer.json does not put a question and a context together as special tokens around them.',
          remedy: 'Use the tokenizer.json that came with the question-answering model.',
        });
      }
      return template;
    },
    joinTokens(tokens) {
      return tokenizer.decoder
        ? tokenizer.decoder.decode([...tokens])
        : joinWordPieces(tokens, prefix || '##');
    },
  };
}
