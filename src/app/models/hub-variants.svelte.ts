// The precision variants a hub repo offers (fp32, fp16, q8, int8, uint8, q4, q4f16, …) with their sizes,
// from the hub's tree API, for every hub box that opens a repo: the Models view's and the Generate
// view's. A listing that fails says why in words; every precision is then offered, without sizes.
import { toErrorData, type ErrorData } from '../../lib/errors.ts';
import {
  listingHttpFailure,
  listingNotFiles,
  listingUnreachable,
} from '../../lib/sources/hub-listing-failure.ts';
import {
  DTYPES,
  hubTreeUrl,
  parseHubId,
  parseTreeListing,
  variantBytes,
  variantsInListing,
  type Dtype,
  type HubVariant,
} from '../../lib/sources/hub.ts';

export type VariantListing =
  | { kind: 'none' }
  | { kind: 'listing'; repo: string }
  | { kind: 'listed'; repo: string; variants: HubVariant[] }
  /** error: why the hub did not list them, in words (its detail keeps the browser's own message). */
  | { kind: 'unlisted'; repo: string; error: ErrorData };

export interface VariantChoice {
  dtype: Dtype;
  /** Bytes of the variant's files; null when the hub did not list them. */
  size: number | null;
}

/** Told whether the hub answered (the Models view's network notice listens). */
export interface HubReachability {
  reachable(): void;
  unreachable(): void;
}

/** The variants in a repo's onnx/ folder with their files, from the hub's tree API; throws when not listed. */
export async function fetchHubVariants(
  hubUrl: string,
  repo: string,
  revision: string,
  reach?: HubReachability,
): Promise<HubVariant[]> {
  const url = hubTreeUrl(hubUrl, repo, revision, 'onnx');
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    reach?.unreachable();
    throw listingUnreachable(new URL(url).host, error, globalThis.navigator?.onLine ?? true);
  }
  reach?.reachable();
  if (!response.ok) throw listingHttpFailure(repo, response.status, url);
  try {
    return variantsInListing(parseTreeListing(await response.json()));
  } catch (error) {
    throw listingNotFiles(repo, error);
  }
}

/** The precisions to offer: the listed ones with their sizes; every dtype, sizes unknown, while unlisted. */
export function variantChoices(listing: VariantListing): VariantChoice[] {
  if (listing.kind === 'listed' && listing.variants.length > 0)
    return listing.variants.map((variant) => ({ dtype: variant.dtype, size: variantBytes(variant) }));
  return DTYPES.map((dtype) => ({ dtype, size: null }));
}

/** The variant listing of the repo typed in one hub box. */
export class HubVariantList {
  listing = $state.raw<VariantListing>({ kind: 'none' });

  constructor(
    private readonly hubUrl: () => string,
    private readonly reach?: HubReachability,
  ) {}

  get choices(): VariantChoice[] {
    return variantChoices(this.listing);
  }

  /** Lists the variants of the repo in text (owner/name[@revision]); an unreadable id clears the list. */
  async list(text: string): Promise<void> {
    const parsed = parseHubId(text);
    if (!parsed.ok) {
      this.listing = { kind: 'none' };
      return;
    }
    const repo = parsed.repo;
    this.listing = { kind: 'listing', repo };
    try {
      const variants = await fetchHubVariants(this.hubUrl(), repo, parsed.revision, this.reach);
      if (this.listing.kind === 'listing' && this.listing.repo === repo)
        this.listing = { kind: 'listed', repo, variants };
    } catch (error) {
      if (this.listing.kind === 'listing' && this.listing.repo === repo)
        this.listing = { kind: 'unlisted', repo, error: toErrorData(error) };
    }
  }
}
