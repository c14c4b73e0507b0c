// One entry point for the variants Glassbox makes in the browser (issue 25): the precision ladder asks for a
// kind, and each maker lives in its own file beside this one. Pure: bytes in, bytes out, no ONNX Runtime, so
// it runs in any worker and in Node tests.
import { GlassboxError } from '../errors.ts';
import { formatBytes } from '../format.ts';
import { float16Variant } from '../fp16/float16-variant.ts';
import { float16SimulatedVariant } from './float16-simulated.ts';
import { int8DynamicVariant } from './int8-dynamic.ts';
import { int8WeightsVariant } from './int8-weights.ts';
import { q4Variant } from './q4-matmul-nbits.ts';

export const MADE_VARIANT_KINDS = ['fp16', 'fp16-simulated', 'int8-weights', 'int8-dynamic', 'q4'] as const;
export type MadeVariantKind = (typeof MADE_VARIANT_KINDS)[number];

/** What each kind is called on screen. */
export const MADE_VARIANT_LABELS: Record<MadeVariantKind, string> = {
  fp16: 'float16',
  'fp16-simulated': 'float16, simulated in float32',
  'int8-weights': 'int8 weights',
  'int8-dynamic': 'int8 dynamic',
  q4: '4-bit blocks (MatMulNBits)',
};

export interface MadeVariant {
  kind: MadeVariantKind;
  bytes: Uint8Array;
  /** Sentences on what was changed and what was kept, e.g. "12 MatMul weights quantised; 2 kept: …". */
  notes: string[];
  /**
   * Nodes that run in float32 in the variant although the kind would lower them: for fp16 and
   * fp16-simulated the ops the real float16 variant keeps in float32 (KEEP_FLOAT32_OPS); for the
   * quantized kinds the MatMuls whose second input is computed. By name.
   */
  keptNodes: string[];
}

/**
 * The largest model a variant is made of in the page: the maker holds the decoded model, its new weights
 * and the encoded variant at once (about 2–3× the file), and a .onnx file cannot pass 2 GB anyway.
 */
export const MAX_VARIANT_SOURCE_BYTES = 1024 ** 3;

/** Makes a variant of a float32 .onnx model. Throws variant-unsupported, in words, when it cannot. */
export function makeVariant(bytes: Uint8Array, kind: MadeVariantKind): MadeVariant {
  if (bytes.length > MAX_VARIANT_SOURCE_BYTES) {
    throw new GlassboxError({
      code: 'variant-unsupported',
      message: `This model is ${formatBytes(bytes.length)}; Glassbox makes variants of models up to ${formatBytes(MAX_VARIANT_SOURCE_BYTES)} in the page, which holds the model and its variant at once.`,
      remedy: 'Open a variant file from the hub or from disk instead.',
    });
  }
  if (kind === 'fp16') {
    const made = float16Variant(bytes);
    return {
      kind,
      bytes: made.bytes,
      notes: [
        `${made.convertedTensors} tensors stored as float16; ${made.keptNodes.length} nodes kept in float32.`,
      ],
      keptNodes: made.keptNodes,
    };
  }
  if (kind === 'fp16-simulated') {
    const made = float16SimulatedVariant(bytes);
    return { kind, bytes: made.bytes, notes: made.notes, keptNodes: made.keptNodes };
  }
  if (kind === 'int8-weights') {
    const made = int8WeightsVariant(bytes);
    return { kind, bytes: made.bytes, notes: made.notes, keptNodes: made.keptNodes };
  }
  if (kind === 'int8-dynamic') {
    const made = int8DynamicVariant(bytes);
    return { kind, bytes: made.bytes, notes: made.notes, keptNodes: made.keptNodes };
  }
  if (kind === 'q4') {
    const made = q4Variant(bytes);
    return { kind, bytes: made.bytes, notes: made.notes, keptNodes: made.kept.map((k) => k.node) };
  }
  throw new GlassboxError({
    code: 'variant-unsupported',
    // Only reached from untyped input (a link's parameter): every kind above returns.
    message: `Glassbox makes no variant called “${String(kind)}”.`,
    remedy: 'Open a variant file from the hub or from disk instead.',
  });
}
