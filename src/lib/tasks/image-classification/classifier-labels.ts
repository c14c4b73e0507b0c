// A classifier's class names: id2label where the model names its classes; for a 1,000-class model that
// does not (no id2label, or only transformers' LABEL_N placeholders), ImageNet-1k's names, with a sentence
// saying they were assumed from the class count.
//
// imagenet-1k-labels.json: the 1,000 ILSVRC-2012 class names in class-index order (the order torchvision,
// timm and Hugging Face's ImageNet models use), from pytorch/hub's imagenet_classes.txt at commit
// a6fc887fbbbda0dd37c440bf8a145f1da6707d6b. The names are WordNet 3.0 lemmas (Princeton's WordNet licence:
// free to use, copy and distribute with its notice); pytorch/hub ships the list without a licence file of
// its own. docs/features.md says the same.
import imagenetNames from './imagenet-1k-labels.json';
import { labelsFrom } from './top-classes.ts';

export const IMAGENET_CLASS_COUNT = 1000;
export const IMAGENET_LABELS: readonly string[] = imagenetNames;

export interface ClassifierLabels {
  labels: string[];
  /** Set when the names were assumed rather than read from the model. */
  note: string | null;
}

/** True when config names no class: no id2label, or only "LABEL_0", "LABEL_1", … (transformers' default). */
function namesNoClass(config: Record<string, unknown> | null): boolean {
  const id2label = config?.id2label;
  if (typeof id2label !== 'object' || id2label === null) return true;
  return Object.entries(id2label as Record<string, unknown>).every(
    ([id, name]) => typeof name !== 'string' || name === '' || name === `LABEL_${id}`,
  );
}

export function classifierLabels(config: Record<string, unknown> | null, classes: number): ClassifierLabels {
  if (classes === IMAGENET_CLASS_COUNT && namesNoClass(config)) {
    return {
      labels: [...IMAGENET_LABELS],
      note: 'The model has 1,000 classes and names none of them (no id2label in config.json), so Glassbox assumed ImageNet-1k’s class names from the class count; check the model card before trusting them.',
    };
  }
  return { labels: labelsFrom(config, classes), note: null };
}
