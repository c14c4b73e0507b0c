import { describe, expect, it, vi } from 'vitest';
import { runOnCtrlEnter } from '../../../src/ui/common/run-shortcut.ts';

function key(init: { key: string; ctrlKey?: boolean; metaKey?: boolean }) {
  return { ctrlKey: false, metaKey: false, ...init, preventDefault: vi.fn() } as unknown as KeyboardEvent & {
    preventDefault: ReturnType<typeof vi.fn>;
  };
}

describe('runOnCtrlEnter', () => {
  it('runs on Ctrl+Enter and Cmd+Enter, and keeps Enter from adding a line then', () => {
    const run = vi.fn();
    const onKeydown = runOnCtrlEnter(run);
    for (const event of [key({ key: 'Enter', ctrlKey: true }), key({ key: 'Enter', metaKey: true })]) {
      onKeydown(event);
      expect(event.preventDefault).toHaveBeenCalledOnce();
    }
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('leaves plain Enter and other keys with Ctrl alone', () => {
    const run = vi.fn();
    const onKeydown = runOnCtrlEnter(run);
    for (const event of [key({ key: 'Enter' }), key({ key: 'a', ctrlKey: true })]) {
      onKeydown(event);
      expect(event.preventDefault).not.toHaveBeenCalled();
    }
    expect(run).not.toHaveBeenCalled();
  });
});
