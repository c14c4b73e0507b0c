// The segmentation and depth occlusion maps in share links: what the view's link carries while a map is
// asked for on the image shown (its grid, class and measure, or region), and a pasted link's settings
// applied once its run is shown, then the map run. A class the model does not have is refused in the map's
// panel with a sentence; the rest of the page works on.
import {
  formatSegmentClass,
  parseSegmentClass,
  resolveSegmentClass,
} from '../../lib/explain/dense-occlusion-settings.ts';
import type { OcclusionLink } from '../../lib/explain/dense-occlusion-link.ts';
import type { DepthPlayground, SegmentationPlayground } from './dense-image-playground.svelte.ts';
import type { DenseOcclusion } from './dense-occlusion.svelte.ts';

/** The longest a link's map waits for the view's first run (a model loading on a busy machine). */
const SETTLE_MS = 180_000;

function settled(dense: SegmentationPlayground | DepthPlayground): boolean {
  const slot = dense.slot.status.kind;
  if (slot === 'failed' || !dense.model) return true;
  return dense.runStatus.kind === 'done' || dense.runStatus.kind === 'failed';
}

/** Whether the user asked for a map of the image on screen (running, or finished for that image). */
function mapAsked<Map>(occlusion: DenseOcclusion<Map>, image: string | undefined): boolean {
  const status = occlusion.status;
  return status.kind === 'running' || (status.kind === 'done' && status.image === image);
}

/** The segment view's map settings as its link carries them; null while no map is asked for. */
export function segmentOcclusionLink(segment: SegmentationPlayground): OcclusionLink | null {
  const { occlusion } = segment;
  if (!mapAsked(occlusion, segment.image?.url)) return null;
  const labels = segment.slot.loaded?.info.labels ?? [];
  const chosen = occlusion.chosen;
  return {
    view: 'segment',
    grid: occlusion.grid,
    className: chosen === null ? null : parseSegmentClass(formatSegmentClass(chosen, labels), () => {}),
    measure: occlusion.measure,
  };
}

/** The depth view's map settings as its link carries them; null while no map is asked for. */
export function depthOcclusionLink(depth: DepthPlayground): OcclusionLink | null {
  const { occlusion } = depth;
  if (!mapAsked(occlusion, depth.image?.url)) return null;
  return { view: 'depth', grid: occlusion.grid, region: { ...occlusion.region } };
}

/** A link's map: its settings set on the view whose run is shown, then the map run. */
export async function applyOcclusionLink(
  dense: SegmentationPlayground | DepthPlayground,
  link: OcclusionLink,
): Promise<void> {
  // A link without a model starts the view's default one (not awaited by the page): its first run is waited for.
  for (let waited = 0; waited < SETTLE_MS && !settled(dense); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!dense.run || !dense.slot.loaded) return;
  if (link.grid !== null) dense.occlusion.grid = link.grid;
  if (link.view === 'depth' && 'region' in dense.occlusion) {
    if (link.region) dense.occlusion.setRegion(link.region);
  } else if (link.view === 'segment' && 'measure' in dense.occlusion) {
    const occlusion = dense.occlusion;
    occlusion.measure = link.measure;
    if (link.className) {
      const labels = dense.slot.loaded.info.labels;
      const index = resolveSegmentClass(link.className, labels);
      if (index === null) {
        const named = 'label' in link.className ? link.className.label : `index ${link.className.index}`;
        occlusion.status = {
          kind: 'failed',
          error: {
            code: 'source-rejected',
            message: `The link’s class “${named}” is not one of this model’s classes, so no map was made.`,
            remedy: `Pick a class in the legend (this model has ${labels.length}: ${labels.slice(0, 12).join(', ')}${labels.length > 12 ? ', …' : ''}).`,
          },
        };
        return;
      }
      occlusion.choose(index);
    }
  }
  await dense.occlusion.run();
}
