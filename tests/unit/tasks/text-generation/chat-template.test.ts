import { describe, expect, it } from 'vitest';
import { chatTemplateOf, promptText } from '../../../../src/lib/tasks/text-generation/chat-template.ts';

// SmolLM2-Instruct's template (ChatML), as its tokenizer_config.json has it.
const CHATML =
  "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n' }}{% endif %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

describe('chat template', () => {
  it('renders the user turn and opens the assistant turn', () => {
    const out = promptText('What is 2+2?', { chat_template: CHATML }, true);
    expect(out.templated).toBe(true);
    expect(out.text).toBe(
      '<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it('passes special tokens stored as {content}', () => {
    const out = promptText(
      'hi',
      { chat_template: '{{ bos_token }}{{ messages[0].content }}', bos_token: { content: '<s>' } },
      true,
    );
    expect(out.text).toBe('<s>hi');
  });

  it('uses the plain prompt without a template, when asked to, and when the template throws', () => {
    expect(promptText('hi', {}, true)).toEqual({ text: 'hi', templated: false, problem: null });
    expect(promptText('hi', { chat_template: CHATML }, false).text).toBe('hi');
    const failing = promptText(
      'hi',
      { chat_template: "{{ raise_exception('Only user and assistant roles') }}" },
      true,
    );
    expect(failing.text).toBe('hi');
    expect(failing.problem).toMatch(/could not be rendered.*plain text/);
    expect(promptText('hi', { chat_template: '{% for %}' }, true).problem).toMatch(/could not be rendered/);
  });

  it('picks the default of a list of named templates', () => {
    expect(
      chatTemplateOf({
        chat_template: [
          { name: 'tool_use', template: 'a' },
          { name: 'default', template: 'b' },
        ],
      }),
    ).toBe('b');
    expect(chatTemplateOf({ chat_template: 42 })).toBeNull();
  });
});
