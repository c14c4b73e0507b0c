// One entry point for the variants Glassbox makes in the browser (issue 25): the precision ladder asks for a
// kind, and each maker lives in its own file beside this one. Pure: bytes in, bytes out, no ONNX Runtime, so
// it runs in any worker and in Node tests.
import { GlassboxError } from '../errors.ts';
import { float16Variant } from '../fp16/float16-variant.ts';

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
}

/** Makes a variant of a float32 .onnx model. Throws variant-unsupported, in words, when it cannot. */
export function makeVariant(bytes: Uint8Array, kind: MadeVariantKind): MadeVariant {
  if (kind === 'fp16') {
    const made = float16Variant(bytes);
    return {
      kind,
      bytes: made.bytes,
      notes: [
        `${made.convertedTensors} tensors stored as float16; ${made.keptNodes.length} nodes kept in float32.`,
      ],
    };
  }
  throw new GlassboxError({
    code: 'variant-unsupported',
    message: `Making the ${MADE_VARIANT_LABELS[kind]} variant in the browser is not built yet.`,
    remedy: 'Open a variant file from the hub or from disk instead.',
  });
}
