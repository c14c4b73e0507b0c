// Why the hub did not list a repo's precision variants, in words a workshop participant understands: the
// line under the hub id says what happened and what still works; the status code and address, which
// only whoever runs the network needs, go in the error's detail (shown smaller, on a second line).
import { GlassboxError } from '../errors.ts';

/** The hub answered the tree listing of repo's onnx/ folder with a status that is not 2xx. */
export function listingHttpFailure(repo: string, status: number, url: string): GlassboxError {
  const detail = `HTTP ${status} from ${url}`;
  if (status === 404 || status === 410) {
    return new GlassboxError({
      code: 'model-not-found',
      message: `The hub has no model ${repo}, or it has no onnx/ folder.`,
      remedy: 'Check the id: it looks like owner/name, exactly as on the model page.',
      detail,
    });
  }
  if (status === 401 || status === 403) {
    return new GlassboxError({
      code: 'model-access-denied',
      message: `The hub would not show the files of ${repo}: it is private or gated.`,
      remedy: 'Glassbox sends no credentials, so only public models open here.',
      detail,
    });
  }
  return new GlassboxError({
    code: 'fetch-failed',
    message:
      status === 429
        ? 'The hub is limiting how often it answers this computer.'
        : `The hub could not say which files ${repo} has.`,
    remedy: status >= 500 || status === 429 ? 'Try again in a minute.' : 'Check the id and the hub address.',
    detail,
  });
}

/** fetch() itself failed: no answer came (offline, a blocking network, a wrong hub address, no CORS). */
export function listingUnreachable(host: string, error: unknown, online: boolean): GlassboxError {
  const detail = error instanceof Error ? error.message : String(error);
  return new GlassboxError({
    code: 'network-unreachable',
    message: online
      ? `Could not reach the hub at ${host}: this computer may be offline, or its network blocks it.`
      : 'You are offline, so the hub cannot be asked which precisions this model has.',
    remedy: 'Check the connection and the hub address, or open a model from this computer.',
    detail,
  });
}

/** The hub (or whatever answers at the hub address) sent something that is not a file listing. */
export function listingNotFiles(repo: string, error: unknown): GlassboxError {
  return new GlassboxError({
    code: 'fetch-failed',
    message: `The hub's answer about ${repo} was not a list of files.`,
    remedy: 'Check the hub address (below the forms): it should be a Hugging Face hub or a mirror of one.',
    detail: error instanceof Error ? error.message : String(error),
  });
}
