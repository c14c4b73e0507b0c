// Builds a synthetic preset's ONNX model (message or .onnx bytes). Kept apart from presets.ts, which the
// page imports for names and counts: this one pulls in the protobuf encoder, so only the workers (and tests)
// import it, and the page's first bundle stays without it.
import { encodeModel, type ModelMessage } from '../onnx/index.ts';
import { buildConvBackbone } from './conv-backbone.ts';
import { buildConv, buildMatMul } from './micro-models.ts';
import { syntheticProblems, type SyntheticSpec } from './presets.ts';
import { buildEncoder } from './transformer-encoder.ts';

/** The model as an ONNX message; weights: false leaves every weight's data out (structure only). */
export function buildSyntheticMessage(model: SyntheticSpec, name: string, weights = true): ModelMessage {
  switch (model.kind) {
    case 'encoder':
      return buildEncoder(model.spec, name, weights);
    case 'conv-backbone':
      return buildConvBackbone(model.spec, name, weights);
    case 'matmul':
      return buildMatMul(model.spec, name, weights);
    case 'conv':
      return buildConv(model.spec, name, weights);
  }
}

/** The .onnx bytes of a preset; throws a RangeError naming the problem for an impossible spec. */
export function buildSyntheticModel(model: SyntheticSpec, name: string): Uint8Array {
  const problems = syntheticProblems(model);
  if (problems.length > 0) throw new RangeError(problems.join(' '));
  return encodeModel(buildSyntheticMessage(model, name));
}
