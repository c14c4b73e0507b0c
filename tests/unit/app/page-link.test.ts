// The page's link: what it names, and the parameters it keeps.
import { describe, expect, it } from 'vitest';
import { linkFor, readLink } from '../../../src/app/shell/page-link.ts';

describe('linkFor with a synthetic model', () => {
  it('names the lab’s synthetic preset and keeps parameters it does not own', () => {
    const { url } = linkFor(
      {
        view: 'bench',
        model: null,
        shared: { kind: 'synthetic', id: 'bert-tiny' },
        backend: null,
        text: null,
        sample: null,
      },
      'https://glassbox.example/?models=%2Fmirror%2F&synthetic=old&task=text',
    );
    expect(new URL(url).search).toBe('?synthetic=bert-tiny&task=bench&models=%2Fmirror%2F');
  });

  it('reads synthetic= back against the real presets, refusing others in words', () => {
    expect(readLink('?synthetic=distilbert&task=inspect', 'https://glassbox.example').state.model).toEqual({
      kind: 'synthetic',
      id: 'distilbert',
    });
    const refused = readLink('?synthetic=bert-large', 'https://glassbox.example');
    expect(refused.state.model).toBeNull();
    expect(refused.problems[0]).toMatch(/^The link’s synthetic model “bert-large” is not known/);
  });
});
