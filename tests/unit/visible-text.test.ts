import { describe, expect, it } from 'vitest';
import { clipText, excerpt, hasInvisible, visibleClip, visibleText } from '../../src/lib/visible-text.ts';

describe('visibleText', () => {
  it.each([
    ['C0 controls', 'a\u0000b\u0007c\u001b[31m', 'a␀b␇c␛[31m'],
    ['DEL and C1 controls', 'x\u007fy\u009bz', 'x␡y\\x9bz'],
    [
      'embeddings and overrides',
      '\u202aa\u202bb\u202cc\u202dd\u202ee',
      '⟨U+202A⟩a⟨U+202B⟩b⟨U+202C⟩c⟨U+202D⟩d⟨U+202E⟩e',
    ],
    ['isolates', '\u2066a\u2067b\u2068c\u2069', '⟨U+2066⟩a⟨U+2067⟩b⟨U+2068⟩c⟨U+2069⟩'],
    ['marks', 'a\u200eb\u200fc\u061cd', 'a⟨U+200E⟩b⟨U+200F⟩c⟨U+061C⟩d'],
    ['line separators', 'a\u2028b\u2029c', 'a⟨U+2028⟩b⟨U+2029⟩c'],
  ])('makes %s visible', (_, text, shown) => {
    expect(visibleText(text)).toBe(shown);
    expect(hasInvisible(text)).toBe(true);
    expect(hasInvisible(shown)).toBe(false);
    // Idempotent: text made visible twice reads the same.
    expect(visibleText(shown)).toBe(shown);
  });

  it('leaves ordinary text, including right-to-left scripts, alone', () => {
    expect(visibleText('négatif שלום مرحبا 😀')).toBe('négatif שלום مرحبا 😀');
    expect(hasInvisible('plain')).toBe(false);
  });

  it('shows an impersonating name as what it is', () => {
    expect(visibleText('invoice\u202Efdp.exe')).toBe('invoice⟨U+202E⟩fdp.exe');
  });
});

describe('clipping', () => {
  it('clips by code points without splitting the whole text', () => {
    expect(clipText('abcdef', 4)).toBe('abc…');
    expect(clipText('abcd', 4)).toBe('abcd');
    expect(clipText('😀😀😀😀', 4)).toBe('😀😀😀😀');
    expect(clipText('😀😀😀😀😀', 4)).toBe('😀😀😀…');
  });

  it('visibleClip makes only the head visible, and clips a long name', () => {
    const long = `\u202e${'n'.repeat(100_000)}`;
    expect(visibleClip(long, 20)).toBe(`⟨U+202E⟩${'n'.repeat(11)}…`);
    expect(visibleClip('a\u0000b', 20)).toBe('a␀b');
    expect(visibleClip('😀'.repeat(50), 10)).toBe(`${'😀'.repeat(9)}…`);
  });

  it('excerpt flattens line breaks, shows other controls, and shortens', () => {
    expect(excerpt('a\r\n\u2028b')).toBe('a b');
    expect(excerpt('x'.repeat(500), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});
