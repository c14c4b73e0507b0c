import { describe, expect, it } from 'vitest';
import { TABS } from '../../../src/app/shell/page.svelte.ts';
import { groupTabs, tryLabel } from '../../../src/app/shell/tab-groups.ts';

describe('the header’s tab groups', () => {
  const always = TABS.filter((entry) => entry.always);

  it('keeps the bar short: the tools and one "Try" disclosure, every task in a group', () => {
    const { tasks, tools } = groupTabs(TABS);
    expect(tools.map((entry) => entry.id)).toEqual(['models', 'tensors', 'inspect', 'bench']);
    const grouped = tasks.flatMap((group) => group.entries.map((entry) => entry.id));
    // Every tab is either a tool or in a group, once, in TABS order within its group.
    expect([...grouped, ...tools.map((entry) => entry.id)].sort()).toEqual(TABS.map((e) => e.id).sort());
    // What the bar itself holds at 1280 px: the disclosure and the tools (was 12 tabs over two rows).
    expect(1 + groupTabs(always).tools.length).toBe(5);
  });

  it('groups by what the task takes, text first', () => {
    const { tasks } = groupTabs(TABS);
    expect(tasks.map((group) => group.name)).toEqual(['Text', 'Images']);
    expect(tasks[1]?.entries.map((entry) => entry.id)).toEqual(['detection', 'classify', 'segment', 'depth']);
    expect(tasks[0]?.entries.map((entry) => entry.id)).toContain('generate');
  });

  it('leaves out a group with nothing shown', () => {
    const textOnly = TABS.filter((entry) => ['models', 'text', 'bench'].includes(entry.id));
    expect(groupTabs(textOnly).tasks.map((group) => group.name)).toEqual(['Text']);
  });

  it('names the task on screen on the disclosure, and none on a tool', () => {
    expect(tryLabel(TABS, 'detection')).toBe('Try: Detect objects');
    expect(tryLabel(TABS, 'bench')).toBe('Try a task');
  });
});
