// The precisions a hub box offers: the listed variants with their sizes (in the listing's order), every
// precision without sizes while the repo is unlisted, a failed listing in words, and a stale answer for a
// repo typed before ignored.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HubVariantList, variantChoices } from '../../../src/app/models/hub-variants.svelte.ts';
import { DTYPES } from '../../../src/lib/sources/hub.ts';

const HUB = 'http://127.0.0.1:9/';

function listing(files: Record<string, number>): Response {
  const entries = Object.entries(files).map(([path, size]) => ({ type: 'file', oid: path, size, path }));
  return new Response(JSON.stringify(entries), {
    status: 200,
    headers: { 'Content-Type': 'application/json' },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('variantChoices', () => {
  it('offers every precision without sizes until the hub lists the repo', () => {
    expect(variantChoices({ kind: 'none' }).map((c) => [c.dtype, c.size])).toEqual(
      DTYPES.map((d) => [d, null]),
    );
    expect(variantChoices({ kind: 'listed', repo: 'a/b', variants: [] })).toHaveLength(DTYPES.length);
  });
});

describe('HubVariantList', () => {
  it('lists the repo’s precisions with their sizes, and tells whether the hub answered', async () => {
    const fetch = vi.fn(async (_url: string) =>
      listing({ 'onnx/model.onnx': 297_683, 'onnx/model_fp16.onnx': 176_073, 'onnx/model_q4.onnx': 90_000 }),
    );
    vi.stubGlobal('fetch', fetch);
    const reach = { reachable: vi.fn(), unreachable: vi.fn() };
    const list = new HubVariantList(() => HUB, reach);
    await list.list('glassbox/tiny-random-gpt2');
    expect(fetch.mock.calls[0]?.[0]).toMatch(/\/api\/models\/glassbox\/tiny-random-gpt2\/tree\/main\/onnx/);
    expect(list.choices.map((c) => [c.dtype, c.size])).toEqual(
      expect.arrayContaining([
        ['fp32', 297_683],
        ['fp16', 176_073],
        ['q4', 90_000],
      ]),
    );
    expect(list.choices).toHaveLength(3);
    expect(reach.reachable).toHaveBeenCalledOnce();
  });

  it('says in words why a repo is not listed, and offers every precision', async () => {
    vi.stubGlobal('fetch', async () => new Response('{"error":"Repository not found"}', { status: 404 }));
    const list = new HubVariantList(() => HUB);
    await list.list('glassbox/nothing-here');
    expect(list.listing.kind).toBe('unlisted');
    if (list.listing.kind === 'unlisted')
      expect(list.listing.error.message).toMatch(/glassbox\/nothing-here/);
    expect(list.choices).toHaveLength(DTYPES.length);
  });

  it('clears the list for an id it cannot read, and ignores the answer for a repo typed before', async () => {
    let answer: (response: Response) => void = () => {};
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => (answer = resolve)));
    const list = new HubVariantList(() => HUB);
    const first = list.list('glassbox/first');
    await list.list('not a repo id');
    expect(list.listing).toEqual({ kind: 'none' });
    answer(listing({ 'onnx/model.onnx': 10 }));
    await first;
    expect(list.listing).toEqual({ kind: 'none' });
  });
});
