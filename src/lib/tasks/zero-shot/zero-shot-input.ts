// What the user typed for zero-shot classification → the candidate labels and the hypotheses the NLI
// model reads, as Hugging Face's ZeroShotClassificationArgumentHandler makes them: labels are a comma-
// separated string (or a list), trimmed, empty ones dropped; each label goes into the hypothesis
// template where its "{}" is ("This example is {}." → "This example is sports.").
import { GlassboxError } from '../../errors.ts';

export const DEFAULT_HYPOTHESIS_TEMPLATE = 'This example is {}.';

/** Most candidate labels one run takes: each is one premise–hypothesis pair through the model. */
export const MAX_CANDIDATE_LABELS = 50;

/** "politics, public health" → ["politics", "public health"]; duplicates kept once, in first order. */
export function parseCandidateLabels(text: string | readonly string[]): string[] {
  const parts = typeof text === 'string' ? text.split(',') : text;
  const labels: string[] = [];
  for (const part of parts) {
    const label = part.trim();
    if (label !== '' && !labels.includes(label)) labels.push(label);
  }
  return labels;
}

/**
 * The hypothesis for one label. Python's str.format fills "{}" (every one of them, with the same label
 * here); "{{" and "}}" are literal braces. A template without "{}" would give the same hypothesis for
 * every label, which Hugging Face refuses, and so does this.
 */
export function hypothesisFor(template: string, label: string): string {
  let out = '';
  let filled = false;
  for (let i = 0; i < template.length; i++) {
    const pair = template.slice(i, i + 2);
    if (pair === '{{' || pair === '}}') {
      out += pair[0];
      i++;
    } else if (pair === '{}') {
      out += label;
      filled = true;
      i++;
    } else {
      out += template[i];
    }
  }
  if (!filled) throw templateError(template);
  return out;
}

function templateError(template: string): GlassboxError {
  return new GlassboxError({
    code: 'empty-input',
    message: `The hypothesis template “${template.slice(0, 80)}” has no {} where the label should go.`,
    remedy: 'Write the template with {} for the label, for example: This example is {}.',
  });
}

export interface ZeroShotRequest {
  /** The text to classify (the NLI premise). */
  premise: string;
  labels: string[];
  /** One hypothesis per label, in the labels' order. */
  hypotheses: string[];
}

/** Checks the user's input and makes the hypotheses; a typed error says what is missing. */
export function zeroShotRequest(
  premise: string,
  labels: readonly string[],
  template: string,
): ZeroShotRequest {
  if (premise.trim() === '') {
    throw new GlassboxError({
      code: 'empty-input',
      message: 'There is no text to classify.',
      remedy: 'Type the text, then the labels it might belong to.',
    });
  }
  if (labels.length === 0) {
    throw new GlassboxError({
      code: 'empty-input',
      message:
        'There are no candidate labels: zero-shot classification scores the text against labels you give.',
      remedy: 'Type at least one label, several separated by commas (for example: politics, sports, health).',
    });
  }
  if (labels.length > MAX_CANDIDATE_LABELS) {
    throw new GlassboxError({
      code: 'empty-input',
      message: `${labels.length} candidate labels is more than ${MAX_CANDIDATE_LABELS}: each label is one run of the model.`,
      remedy: `Keep the ${MAX_CANDIDATE_LABELS} labels that matter most.`,
    });
  }
  return { premise, labels: [...labels], hypotheses: labels.map((label) => hypothesisFor(template, label)) };
}
