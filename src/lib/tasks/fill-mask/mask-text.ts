// The text side of fill-mask: where the mask token stands in what the user typed, putting a chosen filler
// in its place, and naming every vocabulary id from tokenizer.json (the fillers' tokens).
import { continuesWord, fillerText } from './fillers.ts';

/** Where each mask token starts in text, in order. */
export function maskOffsets(text: string, maskToken: string): number[] {
  const offsets: number[] = [];
  if (maskToken === '') return offsets;
  for (let at = text.indexOf(maskToken); at !== -1; at = text.indexOf(maskToken, at + maskToken.length)) {
    offsets.push(at);
  }
  return offsets;
}

/** The sentence a text without a mask token gets (the view shows it instead of running). */
export function noMaskHint(maskToken: string): string {
  return `Put ${maskToken} where a word should be guessed — the model fills each ${maskToken} in the text.`;
}

/**
 * text with its index-th mask token replaced by the filler token (as it reads); a WordPiece continuation
 * (##eth) joins the word before it. text unchanged when there is no such mask.
 */
export function insertFiller(text: string, maskToken: string, index: number, token: string): string {
  const at = maskOffsets(text, maskToken)[index];
  if (at === undefined) return text;
  let before = text.slice(0, at);
  if (continuesWord(token)) before = before.replace(/\s+$/, '');
  return `${before}${fillerText(token)}${text.slice(at + maskToken.length)}`;
}

/** text with a mask token inserted at a caret position, spaced from the words on either side. */
export function insertMask(text: string, maskToken: string, caret: number): string {
  const at = Math.max(0, Math.min(text.length, caret));
  const before = text.slice(0, at);
  const after = text.slice(at);
  const left = before === '' || /\s$/.test(before) ? '' : ' ';
  const right = after === '' || /^[\s.,;:!?]/.test(after) ? '' : ' ';
  return `${before}${left}${maskToken}${right}${after}`;
}

/**
 * Every id's token from a parsed tokenizer.json: the model's vocabulary (WordPiece and BPE keep
 * {token: id}; Unigram keeps [[piece, score], …] in id order) and the added tokens. An id it does not name
 * reads "[id N]".
 */
export function vocabularyOf(tokenizerJson: unknown): (id: number) => string {
  const names = new Map<number, string>();
  const root = (typeof tokenizerJson === 'object' && tokenizerJson !== null ? tokenizerJson : {}) as {
    model?: { vocab?: unknown };
    added_tokens?: unknown;
  };
  const vocab = root.model?.vocab;
  if (Array.isArray(vocab)) {
    vocab.forEach((entry, id) => {
      if (Array.isArray(entry) && typeof entry[0] === 'string') names.set(id, entry[0]);
    });
  } else if (typeof vocab === 'object' && vocab !== null) {
    for (const [token, id] of Object.entries(vocab)) if (typeof id === 'number') names.set(id, token);
  }
  if (Array.isArray(root.added_tokens)) {
    for (const added of root.added_tokens as Array<{ id?: unknown; content?: unknown }>) {
      if (typeof added.id === 'number' && typeof added.content === 'string')
        names.set(added.id, added.content);
    }
  }
  return (id) => names.get(id) ?? `[id ${id}]`;
}
