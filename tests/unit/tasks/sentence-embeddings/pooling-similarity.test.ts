// Pooling and normalisation as sentence-transformers computes them (hand-made token vectors, padding that
// must not count), cosine similarity and nearest neighbours, and the 2-D PCA map against the NumPy golden
// of the tiny random sentence-transformers fixture.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { l2Normalize, poolTokens } from '../../../../src/lib/tasks/sentence-embeddings/pooling.ts';
import { project2d } from '../../../../src/lib/tasks/sentence-embeddings/pca.ts';
import {
  cosine,
  cosineMatrix,
  nearestNeighbours,
} from '../../../../src/lib/tasks/sentence-embeddings/similarity.ts';
import {
  splitSentences,
  MAX_SENTENCES,
} from '../../../../src/lib/tasks/sentence-embeddings/sentence-lines.ts';

// Two sentences, 3 token positions, width 2; the second has one padded position holding huge values.
const hidden = [1, 2, 3, 4, 5, -6, 10, 20, -1, 8, 1000, 1000];
const mask = [1n, 1n, 1n, 1n, 1n, 0n];

describe('poolTokens', () => {
  it('mean: the average of the unpadded tokens', () => {
    const [a, b] = poolTokens(hidden, mask, 2, 3, 2, ['mean']);
    expect(Array.from(a!)).toEqual([3, 0]);
    expect(Array.from(b!)).toEqual([4.5, 14]);
  });

  it('cls: the first token; max: the largest unpadded value; last token: the last unpadded one', () => {
    expect(Array.from(poolTokens(hidden, mask, 2, 3, 2, ['cls'])[1]!)).toEqual([10, 20]);
    expect(Array.from(poolTokens(hidden, mask, 2, 3, 2, ['max'])[1]!)).toEqual([10, 20]);
    expect(Array.from(poolTokens(hidden, mask, 2, 3, 2, ['max'])[0]!)).toEqual([5, 4]);
    expect(Array.from(poolTokens(hidden, mask, 2, 3, 2, ['lasttoken'])[1]!)).toEqual([-1, 8]);
  });

  it('mean_sqrt_len: the sum over √tokens; several modes concatenate in sentence-transformers’ order', () => {
    const [, b] = poolTokens(hidden, mask, 2, 3, 2, ['mean_sqrt_len']);
    expect(b![0]).toBeCloseTo(9 / Math.SQRT2, 5);
    const [both] = poolTokens(hidden, mask, 2, 3, 2, ['mean', 'cls']);
    expect(Array.from(both!)).toEqual([1, 2, 3, 0]);
  });

  it('an all-padding row divides by 1e-9, not 0, as sentence-transformers clamps it', () => {
    const [row] = poolTokens([1, 2], [0n], 1, 1, 2, ['mean']);
    expect(Array.from(row!)).toEqual([0, 0]);
  });

  it('refuses values that do not make the shape', () => {
    expect(() => poolTokens([1, 2, 3], [1], 1, 1, 2, ['mean'])).toThrow(RangeError);
  });
});

describe('l2Normalize and similarity', () => {
  it('divides by the L2 norm, leaving a zero vector at zero', () => {
    expect(Array.from(l2Normalize(Float32Array.from([3, 4])))).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(Array.from(l2Normalize(new Float32Array(3)))).toEqual([0, 0, 0]);
  });

  it('cosine: 1 for the same direction, -1 opposite, 0 orthogonal or with a zero vector', () => {
    expect(cosine([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [-3, 0])).toBeCloseTo(-1, 12);
    expect(cosine([1, 0], [0, 5])).toBe(0);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(
      cosineMatrix([
        [1, 0],
        [1, 1],
      ]),
    ).toEqual(
      [
        [1, Math.SQRT1_2],
        [Math.SQRT1_2, 1],
      ].map((row) => row.map((v) => expect.closeTo(v, 12))),
    );
  });

  it('nearest neighbours: most similar first, ties to the earlier sentence, at most k', () => {
    const vectors = [
      [1, 0],
      [0, 1],
      [1, 1],
      [1, 0],
    ];
    expect(nearestNeighbours([1, 0.1], vectors, 2).map((n) => n.index)).toEqual([0, 3]);
    expect(nearestNeighbours([0, 1], vectors, 10)).toHaveLength(4);
  });
});

describe('project2d', () => {
  it('matches NumPy’s PCA of the fixture’s embeddings (axes signed by their largest entry)', () => {
    const reference = JSON.parse(
      readFileSync('tests/fixtures/hub/glassbox/tiny-random-sentence-bert/reference.json', 'utf8'),
    ) as { embeddings: number[][]; pca: { points: number[][]; variances: number[] } };
    const { points, variances } = project2d(reference.embeddings);
    reference.pca.points.forEach(([x, y], i) => {
      expect(points[i * 2]).toBeCloseTo(x!, 4);
      expect(points[i * 2 + 1]).toBeCloseTo(y!, 4);
    });
    expect(variances[0]).toBeCloseTo(reference.pca.variances[0]!, 6);
    expect(variances[1]).toBeCloseTo(reference.pca.variances[1]!, 6);
  });

  it('puts points along a line on the first axis, and keeps all the variance there', () => {
    const { points, explained, variances } = project2d([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(
      Array.from(points)
        .filter((_, i) => i % 2 === 1)
        .every((y) => Math.abs(y) < 1e-9),
    ).toBe(true);
    expect(points[6]! - points[0]!).toBeCloseTo(3 * Math.SQRT2, 5);
    expect(explained).toBeCloseTo(1, 9);
    expect(variances[1]).toBeCloseTo(0, 9);
  });

  it('maps identical sentences to one point without NaN', () => {
    const { points, explained } = project2d([
      [1, 2],
      [1, 2],
    ]);
    expect(Array.from(points)).toEqual([0, 0, 0, 0]);
    expect(explained).toBe(0);
  });
});

describe('splitSentences', () => {
  it('one sentence per non-blank line; beyond the limit lines are dropped and counted', () => {
    expect(splitSentences(' a \n\n b\r\nc')).toEqual({ sentences: ['a', 'b', 'c'], dropped: 0, clipped: 0 });
    const many = Array.from({ length: MAX_SENTENCES + 5 }, (_, i) => `s${i}`).join('\n');
    expect(splitSentences(many)).toMatchObject({ dropped: 5 });
  });
});
