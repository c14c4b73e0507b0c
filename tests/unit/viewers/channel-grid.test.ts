// Channel grid: pages of at most 32 maps, display sizes that keep the aspect ratio, per-channel ranges.
import { describe, expect, it } from 'vitest';
import {
  channelOffset,
  channelPage,
  channelRanges,
  mapDisplaySize,
} from '../../../src/lib/viewers/channel-grid.ts';

describe('channel grid', () => {
  it('pages 256 channels by 32 and clamps the page', () => {
    expect(channelPage(256, 0)).toEqual({ first: 0, count: 32, page: 0, pages: 8 });
    expect(channelPage(256, 7)).toEqual({ first: 224, count: 32, page: 7, pages: 8 });
    expect(channelPage(256, 99).page).toBe(7);
    expect(channelPage(40, 1)).toEqual({ first: 32, count: 8, page: 1, pages: 2 });
    expect(channelPage(16, -3)).toEqual({ first: 0, count: 16, page: 0, pages: 1 });
    expect(channelPage(0, 0)).toEqual({ first: 0, count: 0, page: 0, pages: 1 });
  });

  it('sizes a map so its longer side is the target, keeping the aspect ratio', () => {
    expect(mapDisplaySize(104, 104, 96)).toEqual({ width: 96, height: 96 });
    expect(mapDisplaySize(20, 40, 100)).toEqual({ width: 100, height: 50 });
    expect(mapDisplaySize(1, 1000, 100)).toEqual({ width: 100, height: 1 });
  });

  it('finds the offset and the range of each channel of one batch item', () => {
    const dims = [2, 3, 2, 2];
    const data = Float32Array.from({ length: 24 }, (_, i) => i);
    data[13] = Number.NaN;
    expect(channelOffset(dims, 1, 2)).toBe(20);
    const { perChannel, shared } = channelRanges(data, dims, 1);
    expect(perChannel).toEqual([
      { min: 12, max: 15 },
      { min: 16, max: 19 },
      { min: 20, max: 23 },
    ]);
    expect(shared).toEqual({ min: 12, max: 23 });
  });
});
