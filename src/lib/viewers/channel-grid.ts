// Layout of the channel-map grid for an image-like [N, C, H, W] value: which channels one page draws, the
// size of each map on screen, and the value range of every channel (for per-channel or shared scales).
import { finiteRange, type ValueRange } from './color-maps.ts';

/** At most this many channel maps are drawn at once, so a 256-channel map never stalls a frame. */
export const CHANNELS_PER_PAGE = 32;

export interface ChannelPage {
  /** Index of the first channel on the page. */
  first: number;
  count: number;
  page: number;
  pages: number;
}

export function channelPage(channels: number, page: number, perPage = CHANNELS_PER_PAGE): ChannelPage {
  const pages = Math.max(1, Math.ceil(channels / perPage));
  const clamped = Math.min(pages - 1, Math.max(0, Math.floor(page)));
  const first = clamped * perPage;
  return { first, count: Math.max(0, Math.min(perPage, channels - first)), page: clamped, pages };
}

/**
 * The displayed size of one map, in CSS px: the longer side is `target` px (maps are drawn at their own
 * resolution and scaled by CSS without smoothing), the aspect ratio kept.
 */
export function mapDisplaySize(
  height: number,
  width: number,
  target: number,
): { width: number; height: number } {
  const longest = Math.max(1, height, width);
  return {
    width: Math.max(1, Math.round((width / longest) * target)),
    height: Math.max(1, Math.round((height / longest) * target)),
  };
}

/** Where channel c of batch item n starts in a C-order [N, C, H, W] buffer. */
export function channelOffset(dims: readonly number[], batch: number, channel: number): number {
  const [, channels = 1, height = 1, width = 1] = dims;
  return (batch * channels + channel) * height * width;
}

/** The finite range of every channel of one batch item, and of all of them together. */
export function channelRanges(
  data: ArrayLike<number>,
  dims: readonly number[],
  batch: number,
): { perChannel: ValueRange[]; shared: ValueRange } {
  const [, channels = 1, height = 1, width = 1] = dims;
  const perChannel: ValueRange[] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < channels; c++) {
    const range = finiteRange(data, channelOffset(dims, batch, c), height * width);
    perChannel.push(range);
    if (range.min < min) min = range.min;
    if (range.max > max) max = range.max;
  }
  return { perChannel, shared: min > max ? { min: Number.NaN, max: Number.NaN } : { min, max } };
}
