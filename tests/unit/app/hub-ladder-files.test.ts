// The hub dtype files a ladder offers: a hub model's repo, revision and loaded dtype read back from its
// location (a mirror's address kept), the listed variants other than the loaded one with their sizes
// (external data counted) and download addresses; nothing for a model from elsewhere.
import { describe, expect, it } from 'vitest';
import { hubLadderFiles, hubRepoOf } from '../../../src/app/ladder/hub-ladder-files.ts';
import { hubLocation, variantsInListing } from '../../../src/lib/sources/hub.ts';

describe('hub dtype files for the ladder', () => {
  const location = hubLocation(
    'http://127.0.0.1:4320/mirror',
    'glassbox/tiny-random-nli-bert',
    'v1.0',
    'fp32',
  );

  it('reads the hub, repo, revision and dtype back from a hub location', () => {
    expect(hubRepoOf(location)).toEqual({
      hubUrl: 'http://127.0.0.1:4320/mirror',
      repo: 'glassbox/tiny-random-nli-bert',
      revision: 'v1.0',
      dtype: 'fp32',
    });
    expect(hubRepoOf({ ...location, origin: 'url' })).toBeNull();
    expect(hubRepoOf({ ...location, key: 'hub:glassbox/x@main#nonsense' })).toBeNull();
  });

  it('offers every listed dtype file but the loaded one, with sizes and addresses', () => {
    const of = hubRepoOf(location);
    if (!of) throw new Error('not a hub location');
    const variants = variantsInListing([
      { path: 'onnx/model.onnx', size: 148_789 },
      { path: 'onnx/model_quantized.onnx', size: 97_716 },
      { path: 'onnx/model_q4.onnx', size: 1_000 },
      { path: 'onnx/model_q4.onnx_data', size: 95_000 },
      { path: 'onnx/other.onnx', size: 5 },
    ]);
    expect(hubLadderFiles(variants, of)).toEqual([
      {
        name: 'model_quantized.onnx',
        dtype: 'q8',
        url: 'http://127.0.0.1:4320/mirror/glassbox/tiny-random-nli-bert/resolve/v1.0/onnx/model_quantized.onnx',
        listedBytes: 97_716,
        externalData: [],
      },
      {
        name: 'model_q4.onnx',
        dtype: 'q4',
        url: 'http://127.0.0.1:4320/mirror/glassbox/tiny-random-nli-bert/resolve/v1.0/onnx/model_q4.onnx',
        listedBytes: 96_000,
        externalData: [
          {
            path: 'model_q4.onnx_data',
            url: 'http://127.0.0.1:4320/mirror/glassbox/tiny-random-nli-bert/resolve/v1.0/onnx/model_q4.onnx_data',
          },
        ],
      },
    ]);
  });
});
