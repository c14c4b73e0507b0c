// A 1,000-class classifier that names none of its classes gets ImageNet-1k's names and a sentence saying so;
// a model that names its classes, or has another class count, keeps its own.
import { describe, expect, it } from 'vitest';
import {
  IMAGENET_LABELS,
  classifierLabels,
} from '../../../../src/lib/tasks/image-classification/classifier-labels.ts';

const placeholders = (count: number): Record<string, string> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [String(i), `LABEL_${i}`]));

describe('classifierLabels', () => {
  it('bundles the 1,000 ImageNet-1k names in class-index order', () => {
    expect(IMAGENET_LABELS).toHaveLength(1000);
    expect(IMAGENET_LABELS[0]).toBe('tench');
    expect(IMAGENET_LABELS[1]).toBe('goldfish');
    expect(IMAGENET_LABELS[207]).toBe('golden retriever');
    expect(IMAGENET_LABELS[999]).toBe('toilet tissue');
  });

  it('assumes ImageNet names for 1,000 classes with no id2label, and says so', () => {
    const { labels, note } = classifierLabels(null, 1000);
    expect(labels[281]).toBe('tabby');
    expect(note).toMatch(/assumed ImageNet-1k’s class names from the class count/);
    expect(classifierLabels({}, 1000).labels[0]).toBe('tench');
  });

  it('treats transformers’ LABEL_N placeholders as no names', () => {
    const { labels, note } = classifierLabels({ id2label: placeholders(1000) }, 1000);
    expect(labels[0]).toBe('tench');
    expect(note).not.toBeNull();
  });

  it('keeps a 1,000-class model’s own names', () => {
    const id2label = { ...placeholders(1000), '3': 'my shark' };
    const { labels, note } = classifierLabels({ id2label }, 1000);
    expect(labels[3]).toBe('my shark');
    expect(labels[0]).toBe('LABEL_0');
    expect(note).toBeNull();
  });

  it('never assumes ImageNet for another class count (1,001-class TF models included)', () => {
    for (const classes of [999, 1001, 4]) {
      const { labels, note } = classifierLabels(null, classes);
      expect(note).toBeNull();
      expect(labels[0]).toBe('class 0');
      expect(labels).toHaveLength(classes);
    }
  });
});
