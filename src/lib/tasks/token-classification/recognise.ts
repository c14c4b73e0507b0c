// Whether the entities view can show a model: config.json names …ForTokenClassification, with labels in
// id2label, and the first output holds scores per token ([batch, tokens, labels], or a shape the model
// leaves unsaid). Any other head is left to the other rows.

import { excerpt } from '../../visible-text.ts';
import { recogniseEncoderHead } from '../encoder-head-recognition.ts';
import { formatShape, labelCountOf, type ModelEvidence, type Recognition } from '../recognition.ts';

export function recogniseTokenClassification(evidence: ModelEvidence): Recognition {
  return recogniseEncoderHead(evidence, {
    suffix: 'ForTokenClassification',
    purpose: 'label each token and group the labels into entities',
    checkOutputs(outputs, config) {
      const [first] = outputs;
      if (first === undefined) return 'the model declares no outputs';
      if (first.shape.length !== 3 && first.shape.length !== 0) {
        return `its first output ${excerpt(first.name, 40)} has shape ${formatShape(first.shape)}, not scores per token ([batch, tokens, labels])`;
      }
      if (labelCountOf(config) === null)
        return 'its id2label is missing or empty, so the labels have no names';
      return null;
    },
    describeOutputs(outputs, config) {
      const labels = labelCountOf(config) ?? 0;
      return `returns scores per token for ${labels} ${labels === 1 ? 'label' : 'labels'} (${excerpt(outputs[0]?.name ?? '', 40)})`;
    },
  });
}
