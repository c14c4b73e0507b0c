// A variant's capture against the reference's, value by value: align the two graphs (by name, then by
// structure), read both tensors of each aligned pair (kept ones at once, the others captured again, chunk
// by chunk within the budget), measure the error, and gather it per block of the reference's scopes.
import type { LadderComparison } from '../../../src/contracts/ladder.ts';
import { planChunks } from '../../../src/lib/capture/capture-plan.ts';
import { elementCountOf, numberReader } from '../../../src/lib/capture/capture-tensor.ts';
import { buildGraphIR } from '../../../src/lib/graph/build-graph-ir.ts';
import { buildScopeTree } from '../../../src/lib/graph/scope-tree.ts';
import { modelFromMessage } from '../../../src/lib/onnx/model-from-message.ts';
import { alignGraphOf, alignValues, describeAlignment } from '../../../src/lib/variants/align-values.ts';
import {
  blockErrors,
  firstPastThreshold,
  type ValueErrorRow,
} from '../../../src/lib/variants/block-errors.ts';
import { valueError } from '../../../src/lib/variants/error-metrics.ts';
import type { CaptureEngine } from '../capture/capture-engine.ts';
import { tensorsOf } from '../capture/compare-captures.ts';

/** Reference values listed by name when they have no counterpart; the count says the rest. */
const LISTED_UNALIGNED = 50;

export async function compareVariantCapture(
  engine: CaptureEngine,
  referenceId: string,
  variantId: string,
  thresholdDb: number,
): Promise<LadderComparison> {
  const reference = engine.stored(referenceId);
  const variant = engine.stored(variantId);
  const alignment = alignValues(
    alignGraphOf(reference.message.graph ?? {}),
    alignGraphOf(variant.message.graph ?? {}),
    {
      reference: new Set(reference.result.values.map((value) => value.name)),
      variant: new Set(variant.result.values.map((value) => value.name)),
    },
  );
  const ir = buildGraphIR(modelFromMessage(reference.message, reference.source.modelBytes.length));
  const tree = buildScopeTree(ir);
  const scopeOf = (producerIndex: number): string => {
    const node = ir.nodes[producerIndex];
    return node ? (tree.scopeOfNode.get(node.id) ?? '') : '';
  };
  const bytesOf = new Map(reference.result.values.map((value) => [value.name, value.bytes]));
  // Half the budget per side: both sides' tensors of a chunk are alive together.
  const chunks = planChunks(
    alignment.aligned.map((pair) => ({
      name: pair.reference,
      scope: [],
      bytes: bytesOf.get(pair.reference) ?? null,
    })),
    reference.result.budgetBytes / 2,
  );
  const pairOf = new Map(alignment.aligned.map((pair) => [pair.reference, pair]));
  const rows: ValueErrorRow[] = [];
  for (const chunk of chunks) {
    const pairs = chunk.map((name) => pairOf.get(name)).filter((pair) => pair !== undefined);
    const a = await tensorsOf(
      engine,
      reference,
      pairs.map((pair) => pair.reference),
    );
    const b = await tensorsOf(
      engine,
      variant,
      pairs.map((pair) => pair.variant),
    );
    for (const pair of pairs) {
      const ta = a.get(pair.reference);
      const tb = b.get(pair.variant);
      if (!ta || !tb) continue;
      const error = valueError(
        { shape: ta.dims, count: elementCountOf(ta.dims), read: numberReader(ta) },
        { shape: tb.dims, count: elementCountOf(tb.dims), read: numberReader(tb) },
      );
      rows.push({ ...pair, ...error, scope: scopeOf(pair.producerIndex) });
    }
  }
  rows.sort((x, y) => x.producerIndex - y.producerIndex);
  return {
    thresholdDb,
    alignment: describeAlignment(alignment),
    values: rows,
    // Blocks by what the run computes: constants that lost their value are listed apart (constantsPast).
    blocks: blockErrors(
      rows.filter((row) => row.opType !== 'Constant'),
      thresholdDb,
    ),
    firstPast: firstPastThreshold(rows, thresholdDb),
    referenceOnly: alignment.referenceOnly.slice(0, LISTED_UNALIGNED),
    referenceOnlyCount: alignment.referenceOnly.length,
    variantOnlyCount: alignment.variantOnly.length,
  };
}
