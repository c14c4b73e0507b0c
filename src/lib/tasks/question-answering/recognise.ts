// Whether the question-answering view can show a model: config.json names …ForQuestionAnswering and the
// model returns start_logits and end_logits (by name, or as its only two outputs, each [batch, tokens]).
// Any other head is left to the other rows.

import { recogniseEncoderHead } from '../encoder-head-recognition.ts';
import { formatShape, listNames, type ModelEvidence, type Recognition } from '../recognition.ts';
import type { TensorSignature } from '../../sources/io-signature.ts';

/** The start and end logits outputs: by name, else the first two of a model with exactly two outputs. */
export function startEndOutputs(
  outputs: ReadonlyArray<Pick<TensorSignature, 'name'>>,
): { start: string; end: string } | null {
  const names = outputs.map((output) => output.name);
  if (names.includes('start_logits') && names.includes('end_logits')) {
    return { start: 'start_logits', end: 'end_logits' };
  }
  const [start, end] = names;
  return names.length === 2 && start !== undefined && end !== undefined ? { start, end } : null;
}

export function recogniseQuestionAnswering(evidence: ModelEvidence): Recognition {
  return recogniseEncoderHead(evidence, {
    suffix: 'ForQuestionAnswering',
    purpose: 'find the answer to a question in a text',
    checkOutputs(outputs) {
      const pair = startEndOutputs(outputs);
      if (pair === null) {
        return `its outputs (${listNames(outputs.map((output) => output.name)) || 'none'}) are not start_logits and end_logits`;
      }
      for (const name of [pair.start, pair.end]) {
        const shape = outputs.find((output) => output.name === name)?.shape ?? [];
        if (shape.length !== 2 && shape.length !== 0) {
          return `its output ${name} has shape ${formatShape(shape)}, not one score per token ([batch, tokens])`;
        }
      }
      return null;
    },
    describeOutputs(outputs) {
      const pair = startEndOutputs(outputs);
      return `returns a start and an end score per token (${pair?.start ?? ''}, ${pair?.end ?? ''})`;
    },
  });
}
