import { describe, expect, it } from 'vitest';
import {
  decodeShareState,
  encodeShareState,
  MAX_SHARED_NODE,
  MAX_SHARED_TEXT,
  SHARE_PARAMS,
  type ShareContext,
  type ShareState,
} from '../../../src/lib/sources/share-state.ts';

const CONTEXT: ShareContext = {
  catalogIds: ['tiny-sentiment-bert', 'nanodet-coco', 'shapes-yolov8'],
  sampleNames: ['street', 'kitchen'],
  pageOrigin: 'https://glassbox.example',
};

const EMPTY: ShareState = {
  model: null,
  view: null,
  backend: null,
  text: null,
  sample: null,
  overlay: null,
  node: null,
};

function decode(search: string) {
  return decodeShareState(search, CONTEXT);
}

describe('encodeShareState', () => {
  it('writes only the parameters a link owns, in SHARE_PARAMS order', () => {
    const query = encodeShareState({
      model: { kind: 'hub', repo: 'a/b', revision: 'main', dtype: 'q8' },
      view: 'text',
      backend: 'wasm',
      text: 'hi',
      pair: 'ho',
      sample: 'street.jpg',
      overlay: 'std',
      node: '/a/b',
    });
    expect([...new URLSearchParams(query).keys()]).toEqual(
      SHARE_PARAMS.filter((name) => name !== 'url' && name !== 'synthetic').slice(0, 9),
    );
  });

  it('writes nothing for an empty state', () => {
    expect(encodeShareState(EMPTY)).toBe('');
  });

  it('writes parameters in a stable order', () => {
    expect(
      encodeShareState({
        sample: 'street',
        overlay: null,
        node: null,
        text: 'Great film!',
        backend: 'webgpu',
        view: 'detection',
        model: { kind: 'hub', repo: 'onnx-community/yolov10n', revision: 'v2', dtype: 'q8' },
      }),
    ).toBe(
      '?model=onnx-community%2Fyolov10n%40v2&dtype=q8&task=detection&backend=webgpu&text=Great+film%21&sample=street',
    );
  });

  it('leaves out revision main and dtype fp32', () => {
    expect(
      encodeShareState({ ...EMPTY, model: { kind: 'hub', repo: 'a/b', revision: 'main', dtype: 'fp32' } }),
    ).toBe('?model=a%2Fb');
    expect(encodeShareState({ ...EMPTY, model: { kind: 'catalog', id: 'nanodet-coco' } })).toBe(
      '?model=nanodet-coco',
    );
    expect(
      encodeShareState({ ...EMPTY, model: { kind: 'url', url: 'https://x.example/m.onnx?a=1&b=2' } }),
    ).toBe('?url=https%3A%2F%2Fx.example%2Fm.onnx%3Fa%3D1%26b%3D2');
  });
});

describe('round trip', () => {
  const states: ShareState[] = [
    EMPTY,
    { ...EMPTY, model: { kind: 'catalog', id: 'tiny-sentiment-bert' }, view: 'text', text: 'I loved it' },
    {
      model: {
        kind: 'hub',
        repo: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english',
        revision: 'main',
        dtype: 'q8',
      },
      view: 'text',
      backend: 'wasm',
      text: 'Ünïcödé 😀 — “quotes” & ampersands = equals + plus\nsecond line\r\n\ttab 日本語',
      sample: null,
      overlay: null,
      node: null,
    },
    {
      model: { kind: 'hub', repo: 'a/b', revision: 'refs/pr/1', dtype: 'fp32' },
      view: 'inspect',
      backend: null,
      text: null,
      sample: null,
      overlay: null,
      node: null,
    },
    {
      model: { kind: 'url', url: 'https://cdn.example/models/onnx/model.onnx?sig=a%2Bb&x=1' },
      view: 'detection',
      backend: 'webgpu',
      text: null,
      sample: 'kitchen',
      overlay: null,
      node: null,
    },
    // The page is https (port 443): plain http to this machine only on that port.
    { ...EMPTY, model: { kind: 'url', url: 'http://localhost:443/model.onnx' }, view: 'bench' },
    { ...EMPTY, view: 'tensors', text: '' },
    { ...EMPTY, text: 'x'.repeat(MAX_SHARED_TEXT) },
    { ...EMPTY, text: '😀'.repeat(MAX_SHARED_TEXT) },
    {
      ...EMPTY,
      model: { kind: 'catalog', id: 'tiny-sentiment-bert' },
      view: 'inspect',
      backend: 'webgpu',
      text: 'I loved it',
      overlay: 'divergence',
      node: '/bert/encoder/layer.0/attention/self/Softmax',
    },
    {
      ...EMPTY,
      model: { kind: 'catalog', id: 'nanodet-coco' },
      view: 'inspect',
      sample: 'street',
      overlay: 'time',
      node: 'Conv_0 ünïcödé & = + ?#',
    },
    { ...EMPTY, model: { kind: 'catalog', id: 'shapes-yolov8' }, view: 'inspect', node: '/model.2' },
  ];

  it.each(states.map((state) => [encodeShareState(state), state] as const))(
    'decodes %s back',
    (search, state) => {
      expect(decode(search)).toEqual({ state, problems: [] });
    },
  );
});

describe('decodeShareState', () => {
  it('reads a catalog model before a hub id', () => {
    expect(decode('?model=nanodet-coco&task=detection').state).toEqual({
      ...EMPTY,
      model: { kind: 'catalog', id: 'nanodet-coco' },
      view: 'detection',
    });
  });

  it('links to the tab that opens a model', () => {
    expect(decode('?task=models')).toEqual({ state: { ...EMPTY, view: 'models' }, problems: [] });
  });

  it('reads hub ids with a revision and dtype', () => {
    expect(decode('?model=a/b@v1&dtype=fp16').state.model).toEqual({
      kind: 'hub',
      repo: 'a/b',
      revision: 'v1',
      dtype: 'fp16',
    });
  });

  it('ignores unknown parameters silently, and the models folder with a sentence', () => {
    expect(decode('?utm_source=x&foo')).toEqual({ state: EMPTY, problems: [] });
    expect(decode('?models=/mirror/&utm_source=x')).toEqual({
      state: EMPTY,
      problems: [
        'The link’s models was ignored: where the embedded models come from is set in this app’s configuration, never by a link.',
      ],
    });
    expect(decode('')).toEqual({ state: EMPTY, problems: [] });
  });

  it('opens fp32 when the dtype is invalid', () => {
    expect(decode('?model=a/b&dtype=q3')).toEqual({
      state: { ...EMPTY, model: { kind: 'hub', repo: 'a/b', revision: 'main', dtype: 'fp32' } },
      problems: [
        'The link’s dtype “q3” is not one of fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4, so the fp32 variant is opened.',
      ],
    });
  });

  it('ignores a dtype without a hub model', () => {
    expect(decode('?model=nanodet-coco&dtype=q8')).toEqual({
      state: { ...EMPTY, model: { kind: 'catalog', id: 'nanodet-coco' } },
      problems: ['The link’s dtype was ignored: it applies to hub models only.'],
    });
    expect(decode('?dtype=q8').problems).toEqual([
      'The link’s dtype was ignored: it applies to hub models only.',
    ]);
  });

  it('prefers model over url', () => {
    expect(decode('?model=nanodet-coco&url=https://x.example/m.onnx')).toEqual({
      state: { ...EMPTY, model: { kind: 'catalog', id: 'nanodet-coco' } },
      problems: ['The link names both a model and a url; the url was ignored and the model opened.'],
    });
  });

  it.each([
    [
      '?url=javascript:alert(1)',
      /^The link’s url was ignored: only https addresses can be opened; javascript:/,
    ],
    ['?url=data:text/html,<script>alert(1)</script>', /^The link’s url was ignored: only https.*data:/],
    [
      '?url=http://evil.example/m.onnx',
      /^The link’s url was ignored: only https.*http:\/\/evil\.example would send/,
    ],
    ['?url=https://u:p@x.example/m.onnx', /^The link’s url was ignored: the address contains a user name/],
    ['?url=file:///etc/passwd', /^The link’s url was ignored: only https.*file:/],
    ['?url=', /^The link’s url is empty, so it was ignored\.$/],
    ['?url=/relative/model.onnx', /^The link’s url was ignored: “\/relative\/model\.onnx” is not a complete/],
  ])('refuses %s', (search, problem) => {
    const { state, problems } = decode(search);
    expect(state).toEqual(EMPTY);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  it('refuses a plain-http link to another port of this computer, saying why', () => {
    const { state, problems } = decode('?url=http://127.0.0.1:6379/model.onnx');
    expect(state.model).toBeNull();
    expect(problems).toEqual([
      'The link’s url was ignored: links may open plain-http addresses only on this page’s own server; 127.0.0.1:6379 is another service on this computer.',
    ]);
  });

  it('allows http urls on the page origin', () => {
    const context = { ...CONTEXT, pageOrigin: 'http://lab.local:5173' };
    expect(decodeShareState('?url=http://lab.local:5173/m.onnx', context).state.model).toEqual({
      kind: 'url',
      url: 'http://lab.local:5173/m.onnx',
    });
  });

  it.each([
    ['?model=owner/name/../x', 'model', 'owner/name/../x'],
    ['?model=../../etc/passwd', 'model', '../../etc/passwd'],
    ['?model=not-in-catalog', 'model', 'not-in-catalog'],
    ['?task=admin', 'task', 'admin'],
    ['?backend=webgl', 'backend', 'webgl'],
    ['?sample=../../secret', 'sample', '../../secret'],
  ])('refuses %s, naming the parameter', (search, name, value) => {
    const { state, problems } = decode(search);
    expect(state).toEqual(EMPTY);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`The link’s ${name} “${value}”`);
  });

  it('says what each value should be', () => {
    expect(decode('?backend=cuda').problems).toEqual([
      'The link’s backend “cuda” is not known, so it was ignored; it should be one of wasm, webgpu.',
    ]);
    expect(decode('?model=x').problems).toEqual([
      'The link’s model “x” was ignored: it is neither a Glassbox model nor a hub id (owner/name).',
    ]);
  });

  it('echoes at most 60 characters of a hostile value, on one line', () => {
    const hostile = `<script>alert(1)</script>\n${'A'.repeat(10_000)}`;
    for (const name of ['model', 'task', 'backend', 'sample', 'dtype']) {
      const search = `?${name}=${encodeURIComponent(hostile)}${name === 'dtype' ? '&model=a/b' : ''}`;
      const { problems } = decode(search);
      expect(problems).toHaveLength(1);
      const problem = problems[0] ?? '';
      expect(problem).toContain(`“<script>alert(1)</script> ${'A'.repeat(34)}…”`);
      expect(problem).not.toContain('\n');
      // The echo is bounded; the sentence also lists the views a link may name.
      expect(problem.length).toBeLessThan(240);
    }
    const { problems } = decode(`?url=${encodeURIComponent(`https://x.example/${'A'.repeat(5000)}`)}`);
    expect(problems).toEqual([
      'The link’s url was ignored: the address is 5018 characters long; the limit is 2048.',
    ]);
  });

  it('drops text over the limit, saying how long it was', () => {
    const { state, problems } = decode(`?text=${'x'.repeat(MAX_SHARED_TEXT + 1)}&task=text`);
    expect(state).toEqual({ ...EMPTY, view: 'text' });
    expect(problems).toEqual([
      'The link’s text was dropped: it is 2001 characters long and the limit is 2000.',
    ]);
    expect(decode(`?text=${encodeURIComponent('😀'.repeat(MAX_SHARED_TEXT + 5))}`).problems).toEqual([
      'The link’s text was dropped: it is 2005 characters long and the limit is 2000.',
    ]);
  });

  it('carries a minimal pair next to its text, validated like text', () => {
    const state: ShareState = { ...EMPTY, view: 'text', text: 'good', pair: 'not good' };
    const query = encodeShareState(state);
    expect(query).toBe('?task=text&text=good&pair=not+good');
    expect(decode(query)).toEqual({ state, problems: [] });
    expect(decode(`?text=good&pair=${'y'.repeat(MAX_SHARED_TEXT + 1)}`)).toEqual({
      state: { ...EMPTY, text: 'good' },
      problems: ['The link’s pair was dropped: it is 2001 characters long and the limit is 2000.'],
    });
  });

  it('drops a pair without a text to compare it with', () => {
    expect(decode('?pair=not+good')).toEqual({
      state: EMPTY,
      problems: ['The link’s pair was ignored: it is compared with the link’s text, and there is none.'],
    });
    expect(encodeShareState({ ...EMPTY, pair: 'alone' })).toBe('');
  });

  it('reads only the first of repeated parameters', () => {
    expect(decode('?task=text&task=bench').state.view).toBe('text');
  });

  it('keeps valid parameters when others are refused', () => {
    const { state, problems } = decode('?model=nanodet-coco&backend=gpu&sample=street&task=detection');
    expect(state).toEqual({
      ...EMPTY,
      model: { kind: 'catalog', id: 'nanodet-coco' },
      view: 'detection',
      sample: 'street',
      overlay: null,
      node: null,
    });
    expect(problems).toHaveLength(1);
  });
});

describe('overlay and node (the inspect view with a run)', () => {
  const inspect = '?model=tiny-sentiment-bert&task=inspect&text=hi';

  it('drops an unknown metric and keeps the rest of the link', () => {
    const { state, problems } = decode(`${inspect}&overlay=%3Cscript%3E&node=Add_1`);
    expect(state).toMatchObject({ view: 'inspect', overlay: null, node: 'Add_1', text: 'hi' });
    expect(problems).toEqual([
      'The link’s overlay “<script>” is not known, so it was ignored; it should be one of mean-abs, std, zero-share, nan-inf, time, divergence, variant-error.',
    ]);
  });

  it('drops overlay and node outside the inspect view', () => {
    const { state, problems } = decode('?model=tiny-sentiment-bert&task=text&overlay=std&node=Add');
    expect(state).toMatchObject({ view: 'text', overlay: null, node: null });
    expect(problems).toEqual([
      'The link’s overlay was ignored: it applies to the inspect view (task=inspect) only.',
      'The link’s node was ignored: it applies to the inspect view (task=inspect) only.',
    ]);
  });

  it('drops an overlay without a model: there is no run to capture', () => {
    const { state, problems } = decode('?task=inspect&overlay=std');
    expect(state.overlay).toBeNull();
    expect(problems).toEqual(['The link’s overlay was ignored: it needs a model whose run can be captured.']);
  });

  it('drops a node name that is empty, too long or holds control characters', () => {
    expect(decode(`${inspect}&node=%20`).problems).toEqual(['The link’s node is empty, so it was ignored.']);
    expect(decode(`${inspect}&node=${'n'.repeat(MAX_SHARED_NODE + 1)}`).problems).toEqual([
      `The link’s node was ignored: its name is ${MAX_SHARED_NODE + 1} characters long and the limit is ${MAX_SHARED_NODE}.`,
    ]);
    const { state, problems } = decode(`${inspect}&node=a%00b%1B[31m`);
    expect(state.node).toBeNull();
    expect(problems).toEqual(['The link’s node was ignored: its name contains control characters.']);
  });

  it('keeps markup-like node names as text: they are only ever rendered as text', () => {
    expect(decode(`${inspect}&node=${encodeURIComponent('<img src=x onerror=alert(1)>')}`).state.node).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });
});

describe('synthetic models (?synthetic=<preset>)', () => {
  const context: ShareContext = { ...CONTEXT, syntheticIds: ['bert-tiny', 'matmul-128'] };
  const decodeSynthetic = (search: string) => decodeShareState(search, context);

  it('round-trips a known preset with its view, in the stable parameter order', () => {
    const state: ShareState = { ...EMPTY, model: { kind: 'synthetic', id: 'bert-tiny' }, view: 'inspect' };
    const query = encodeShareState(state);
    expect(query).toBe('?synthetic=bert-tiny&task=inspect');
    expect(decodeSynthetic(query)).toEqual({ state, problems: [] });
  });

  it.each([
    ['an unknown preset', 'bert-huge'],
    ['an empty value', ''],
    ['a script', '<script>alert(1)</script>'],
    ['a path', '../../etc/passwd'],
    ['a catalog id', 'tiny-sentiment-bert'],
    ['a very long value', 'x'.repeat(5000)],
  ])('refuses %s with one sentence and opens nothing', (_, value) => {
    const { state, problems } = decodeSynthetic(`?synthetic=${encodeURIComponent(value)}&task=tensors`);
    expect(state.model).toBeNull();
    expect(state.view).toBe('tensors');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^The link’s synthetic model “.*” is not known, so it was ignored; it should be one of bert-tiny, matmul-128\.$/s,
    );
    // The quoted value is an excerpt, never the whole hostile string.
    expect((problems[0] ?? '').length).toBeLessThan(200);
  });

  it('says why it drops an overlay and a node next to a synthetic model', () => {
    const { state, problems } = decodeSynthetic('?synthetic=bert-tiny&task=inspect&overlay=time&node=%2Fa');
    expect(state).toMatchObject({ model: { kind: 'synthetic', id: 'bert-tiny' }, overlay: null, node: null });
    expect(problems).toEqual([
      'The link’s overlay was ignored: a synthetic model has no run to look inside yet.',
      'The link’s node was ignored: a synthetic model opens at its overview.',
    ]);
  });

  it('a link naming a model and a synthetic one opens the model and says so', () => {
    const { state, problems } = decodeSynthetic('?model=nanodet-coco&synthetic=bert-tiny');
    expect(state.model).toEqual({ kind: 'catalog', id: 'nanodet-coco' });
    expect(problems).toEqual([
      'The link names a synthetic model and another model; the synthetic one was ignored.',
    ]);
  });

  it('only the first of repeated synthetic parameters counts', () => {
    expect(decodeSynthetic('?synthetic=matmul-128&synthetic=bert-tiny').state.model).toEqual({
      kind: 'synthetic',
      id: 'matmul-128',
    });
  });

  it('is one of the parameters a link owns', () => {
    expect(SHARE_PARAMS).toContain('synthetic');
  });
});
