// Text from a model, a file or a link made safe to show: every character that would be invisible or would
// change how the text around it reads becomes a visible stand-in. One rule for names, labels, metadata,
// saved-model lists, error messages and exports, so a name can neither hide characters nor impersonate
// another (U+202E, RIGHT-TO-LEFT OVERRIDE, shows "exe.txt" as "txt.exe").

/**
 * C0 controls, DEL, C1 controls, and the bidirectional formatting characters: embeddings and overrides
 * (U+202A–U+202E), isolates (U+2066–U+2069), the LRM/RLM/ALM marks (U+200E, U+200F, U+061C), and the
 * line/paragraph separators (U+2028, U+2029), which break a line where none should be.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Whether text holds a character visibleText would replace. */
export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return found;
}

/**
 * C0 controls → their Control Pictures (U+2400…: NUL → ␀, ESC → ␛), DEL → ␡, C1 controls → "\x9b",
 * directional marks and overrides → "⟨U+202E⟩". The result holds no character that reorders or hides text.
 */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    if (code <= 0x9f) return `\\x${code.toString(16)}`;
    return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

/** Clips to maxChars (counted in code points), ending with an ellipsis when something was cut. */
export function clipText(text: string, maxChars: number): string {
  // Cheap test first: a million-character name must not be split into an array just to learn its length.
  if (text.length <= maxChars) return text;
  const chars = Array.from(text.slice(0, maxChars * 2));
  if (chars.length <= maxChars && text.length <= maxChars * 2) return text;
  return `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

/**
 * Untrusted text → a short one-line excerpt for a message: line breaks and runs of spaces become one
 * space, other invisible characters (tabs too) their visible stand-ins, and anything past max characters "…".
 */
export function excerpt(value: string, max = 60): string {
  const flat = visibleText(value.slice(0, max * 4).replace(/[ \r\n\u2028\u2029]+/g, ' '));
  const characters = Array.from(flat);
  return characters.length > max || value.length > max * 4 ? `${characters.slice(0, max).join('')}…` : flat;
}

/** visibleText, clipped to maxChars: what a label, title or tooltip line of untrusted text shows. */
export function visibleClip(text: string, maxChars: number): string {
  // Only the head is made visible: a 100,000-character name costs no more than a short one.
  if (text.length <= maxChars * 2) return clipText(visibleText(text), maxChars);
  const head = Array.from(visibleText(text.slice(0, maxChars * 2)));
  return `${head.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}
