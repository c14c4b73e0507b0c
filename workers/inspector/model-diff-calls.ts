// Model diff in the inspector's worker: the open model against another file (read by the inspector's own
// reader, refused with its size above the limit), and the diff's marks on the boxes of the current view —
// a collapsed block takes its most serious mark. The page only paints what comes back.
import { leftMarks } from '../../src/lib/diff/diff-anchor.ts';
import type { ChangeKind, ModelDiff } from '../../src/lib/diff/diff-types.ts';
import { diffModels } from '../../src/lib/diff/model-diff.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import { formatBytes } from '../../src/lib/format.ts';
import { visibleOwners } from '../../src/lib/capture/run-overlay.ts';
import { buildVisibleGraph } from '../../src/lib/graph/index.ts';
import { decodeModel } from '../../src/lib/onnx/index.ts';
import type { InspectedModel } from './inspected-model.ts';
import { hiddenNodes } from './inspector-view.ts';

/**
 * Both models are decoded in memory at once and every weight is read: past 1 GiB the other model is
 * refused (before it is read, for a file from disk) rather than risk the tab's memory.
 */
export const MAX_DIFF_BYTES = 1024 ** 3;

export function checkDiffSize(bytes: number, name: string): void {
  if (bytes <= MAX_DIFF_BYTES) return;
  throw new GlassboxError({
    code: 'model-file-invalid',
    message: `${name} is ${formatBytes(bytes)}: too large to compare here (the limit is ${formatBytes(MAX_DIFF_BYTES)}).`,
    remedy: 'Compare smaller files, for example one block exported on its own.',
  });
}

export interface DiffResult {
  diff: ModelDiff;
  /** IR node id of the open model → its mark. */
  marks: Map<string, ChangeKind>;
}

export function diffAgainst(inspected: InspectedModel, bytes: Uint8Array, name: string): DiffResult {
  checkDiffSize(bytes.length, name);
  const other = decodeModel(bytes, { fileName: name });
  const diff = diffModels(inspected.model, other, { left: inspected.name, right: name });
  const marks = new Map([...leftMarks(diff)].map(([index, kind]) => [`n${index}`, kind]));
  return { diff, marks };
}

const RANK: Record<ChangeKind, number> = { removed: 3, changed: 2, added: 1 };

/** The marks on the boxes of the view with these blocks open: box id → mark. */
export function diffPaint(
  inspected: InspectedModel,
  marks: ReadonlyMap<string, ChangeKind>,
  expanded: readonly string[],
  constantsShown: boolean,
): Record<string, ChangeKind> {
  const visible = buildVisibleGraph(inspected.ir, inspected.tree, new Set(expanded), {
    hidden: hiddenNodes(inspected, constantsShown),
  });
  const folded = constantsShown ? new Map<string, readonly string[]>() : inspected.foldable;
  const owners = visibleOwners(inspected.ir, inspected.tree, visible, folded);
  const paint: Record<string, ChangeKind> = {};
  for (const [id, kind] of marks) {
    const owner = owners.get(id);
    if (owner === undefined) continue;
    const current = paint[owner];
    if (!current || RANK[kind] > RANK[current]) paint[owner] = kind;
  }
  return paint;
}
