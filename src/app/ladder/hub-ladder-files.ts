// The hub dtype files a ladder can measure: when the view's model came from a hub repo, the other
// precision files in its onnx/ folder (model_fp16.onnx, model_quantized.onnx, model_q4.onnx, …) with the
// sizes of the hub's tree listing, so the size is said before anything downloads.
import type { HubVariantFile } from '../../contracts/ladder.ts';
import { DTYPES, hubResolveUrl, variantBytes, type Dtype, type HubVariant } from '../../lib/sources/hub.ts';
import type { ModelLocation } from '../../lib/sources/model-location.ts';

export interface HubRepoOf {
  hubUrl: string;
  repo: string;
  revision: string;
  /** The dtype the view loaded: the ladder's reference, so not offered again. */
  dtype: Dtype;
}

/** The hub, repo, revision and dtype of a hub model's location; null for any other source. */
export function hubRepoOf(location: ModelLocation): HubRepoOf | null {
  if (location.origin !== 'hub') return null;
  // key: "hub:<owner/name>@<revision>#<dtype>"; files.model: "<hub>/<owner/name>/resolve/<revision>/…"
  const match = /^hub:([^@]+)@([^#]+)#(.+)$/.exec(location.key);
  if (!match) return null;
  const [, repo = '', revision = '', dtype = ''] = match;
  const at = location.files.model.indexOf(`/${repo}/resolve/`);
  if (at < 0 || !(DTYPES as readonly string[]).includes(dtype)) return null;
  return { hubUrl: location.files.model.slice(0, at), repo, revision, dtype: dtype as Dtype };
}

/** The listed variants other than the loaded one, as files the worker downloads when measured. */
export function hubLadderFiles(variants: readonly HubVariant[], of: HubRepoOf): HubVariantFile[] {
  const url = (path: string) => hubResolveUrl(of.hubUrl, of.repo, of.revision, path);
  return variants
    .filter((variant) => variant.dtype !== of.dtype)
    .map((variant) => {
      const folder = variant.path.slice(0, variant.path.lastIndexOf('/') + 1);
      return {
        name: variant.path.slice(folder.length),
        dtype: variant.dtype,
        url: url(variant.path),
        listedBytes: variantBytes(variant),
        externalData: variant.externalData.map((part) => ({
          path: part.path.slice(folder.length),
          url: url(part.path),
        })),
      };
    });
}
