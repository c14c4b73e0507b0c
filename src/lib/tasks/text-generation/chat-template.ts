// A chat model's prompt is its chat template (Jinja, in tokenizer_config.json) rendered around the user's
// message. @huggingface/jinja interprets templates without eval or new Function, as the page's CSP
// requires. A model without a template gets the plain text; a template that throws gets the plain text
// and one sentence saying why.
import { Template } from '@huggingface/jinja';
import { excerpt } from '../../visible-text.ts';

export interface PromptText {
  text: string;
  /** True when the chat template wrapped the message (its special tokens are then in the text). */
  templated: boolean;
  /** Why the template was not used although the model has one; null otherwise. */
  problem: string | null;
}

/** The default chat template of tokenizer_config.json (a string, or a list of named templates). */
export function chatTemplateOf(tokenizerConfig: Record<string, unknown> | null): string | null {
  const value = tokenizerConfig?.chat_template;
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (Array.isArray(value)) {
    const named = value.find(
      (entry): entry is { name: string; template: string } =>
        typeof entry === 'object' &&
        entry !== null &&
        (entry as { name?: unknown }).name === 'default' &&
        typeof (entry as { template?: unknown }).template === 'string',
    );
    return named?.template ?? null;
  }
  return null;
}

/** A special token's text, whether stored as a string or as {content: "…"}. */
function tokenText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const content = (value as { content?: unknown }).content;
    if (typeof content === 'string') return content;
  }
  return '';
}

/**
 * The prompt the model reads: with useTemplate and a template, the message rendered as the user's turn
 * with the assistant's turn opened (add_generation_prompt); otherwise the message as it is.
 */
export function promptText(
  message: string,
  tokenizerConfig: Record<string, unknown> | null,
  useTemplate: boolean,
): PromptText {
  const template = chatTemplateOf(tokenizerConfig);
  if (!useTemplate || template === null) return { text: message, templated: false, problem: null };
  try {
    const text = new Template(template).render({
      messages: [{ role: 'user', content: message }],
      add_generation_prompt: true,
      bos_token: tokenText(tokenizerConfig?.bos_token),
      eos_token: tokenText(tokenizerConfig?.eos_token),
      unk_token: tokenText(tokenizerConfig?.unk_token),
      pad_token: tokenText(tokenizerConfig?.pad_token),
    });
    return { text, templated: true, problem: null };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return {
      text: message,
      templated: false,
      problem: `The model's chat template could not be rendered (${excerpt(detail)}), so the prompt is used as plain text.`,
    };
  }
}
