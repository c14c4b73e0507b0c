import { describe, expect, it } from 'vitest';
import { opensOnDefaultTextView } from '../../../src/app/shell/start-early.ts';

describe('opensOnDefaultTextView', () => {
  it('starts the text worker early only for a page that opens on the text view with its default model', () => {
    expect(opensOnDefaultTextView('')).toBe(true);
    expect(opensOnDefaultTextView('?task=text')).toBe(true);
    expect(opensOnDefaultTextView('?task=detection')).toBe(false);
    expect(opensOnDefaultTextView('?task=bench')).toBe(false);
    // A link with a model, a lesson or a synthetic preset may show another view or model.
    expect(opensOnDefaultTextView('?task=text&model=hub:Xenova/distilbert')).toBe(false);
    expect(opensOnDefaultTextView('?synthetic=bert-tiny')).toBe(false);
  });
});
