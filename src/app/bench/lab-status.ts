// Where a lab's run stands (the single-run lab, its generation panel): idle, running with its progress
// and whether Cancel was asked, a plan refused with its problems, or a failure to show.
import type { ErrorData } from '../../lib/errors.ts';

export type LabRunStatus<Progress> =
  | { kind: 'idle' }
  | { kind: 'running'; progress: Progress | null; cancelling: boolean }
  | { kind: 'invalid'; problems: string[] }
  | { kind: 'failed'; error: ErrorData };
