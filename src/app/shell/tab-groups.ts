// The header's tab bar, grouped so that it stays one row at a projector's 1280 px however many task views
// there are: the task views sit under one "Try" disclosure, in groups by what they take (text or images),
// and the tools (opening a model, tensors, the inspector, the lab) stay tabs of their own. A task tab that
// another change adds to TABS lands in the disclosure by itself, under "Text" unless IMAGE_VIEWS names it.
import type { Tab, TabEntry } from './page.svelte.ts';

/** The views that are not a task's: always tabs in the bar itself. */
export const TOOL_TABS: readonly Tab[] = ['models', 'tensors', 'inspect', 'bench'];

export interface TabGroup {
  /** The group's heading in the disclosure ("Text", "Images"). */
  name: string;
  entries: TabEntry[];
}

/** The views whose task takes an image: grouped under "Images". A new image task's view adds itself here. */
const IMAGE_VIEWS: ReadonlySet<Tab> = new Set<Tab>(['detection', 'classify', 'segment', 'depth']);

export function isToolTab(id: Tab): boolean {
  return TOOL_TABS.includes(id);
}

/** Splits the shown tabs into the task groups (in TABS order, empty groups left out) and the tools. */
export function groupTabs(tabs: readonly TabEntry[]): { tasks: TabGroup[]; tools: TabEntry[] } {
  const text: TabEntry[] = [];
  const images: TabEntry[] = [];
  const tools: TabEntry[] = [];
  for (const entry of tabs) {
    if (isToolTab(entry.id)) tools.push(entry);
    else if (IMAGE_VIEWS.has(entry.id)) images.push(entry);
    else text.push(entry);
  }
  const tasks = [
    { name: 'Text', entries: text },
    { name: 'Images', entries: images },
  ].filter((group) => group.entries.length > 0);
  return { tasks, tools };
}

/** The disclosure's label: the task on screen, so the bar still says where one is ("Try: Detect objects"). */
export function tryLabel(tabs: readonly TabEntry[], current: Tab): string {
  const entry = isToolTab(current) ? undefined : tabs.find((tab) => tab.id === current);
  return entry ? `Try: ${entry.label}` : 'Try a task';
}
