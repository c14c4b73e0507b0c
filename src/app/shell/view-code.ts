// Each view but the first is its own file of the build, loaded the first time the view is shown, so
// opening the page evaluates only the text view's code (docs/architecture.md, "The first load"). This
// names what went wrong when such a file cannot be fetched (offline without the offline copy, or a
// build replaced on the server while the page was open).
import { GlassboxError } from '../../lib/errors.ts';

export function viewLoadError(view: string, cause: unknown): GlassboxError {
  return new GlassboxError({
    code: 'view-load-failed',
    message: `The ${view} view could not be loaded.`,
    remedy:
      'Check the connection and reload the page (a newer version of Glassbox may have been published). The other views keep working.',
    detail: cause instanceof Error ? cause.message : String(cause),
  });
}
