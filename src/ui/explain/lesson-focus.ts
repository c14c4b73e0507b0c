// Bringing a lesson step's focus on screen: find what the step names in the view that is shown (a panel
// marked data-lesson-subject, a token marked data-token, the inspector's selected node), scroll it into
// view, and mark it data-lesson-focus, which app.css outlines with the highlight token. Views that are not
// shown are hidden (no boxes), so a panel name used by several views finds the one on screen.
import { focusLabel, type LessonFocus } from '../../lib/lessons/focus-field.ts';

/** How long a step's target may take to appear after the step is set (a view's code still mounting). */
const WAIT_FRAMES = 180;

function selectorOf(focus: LessonFocus): string {
  if (focus.kind === 'panel') return `[data-lesson-subject="${CSS.escape(focus.panel)}"]`;
  if (focus.kind === 'token') return `[data-token="${CSS.escape(focus.text)}"]`;
  return '[data-node-id][data-selected]';
}

/** The first element the focus names that is laid out on the page (null when there is none). */
export function focusTarget(focus: LessonFocus): Element | null {
  const candidates = document.querySelectorAll(selectorOf(focus));
  return [...candidates].find((element) => element.getClientRects().length > 0) ?? null;
}

export function clearFocusMarks(): void {
  for (const marked of document.querySelectorAll('[data-lesson-focus]')) {
    marked.removeAttribute('data-lesson-focus');
  }
}

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/**
 * Marks the focus's target and, when scroll is set, scrolls it into view by the least that shows it whole
 * (its top first when it is taller than the screen), so what sits just above it stays on screen too.
 * Resolves to the sentence a screen reader hears, or null when the view has no such thing on screen.
 */
export async function showFocus(
  focus: LessonFocus,
  options: { scroll: boolean; stale: () => boolean },
): Promise<string | null> {
  clearFocusMarks();
  let target = focusTarget(focus);
  for (let frame = 0; !target && frame < WAIT_FRAMES && !options.stale(); frame++) {
    await nextFrame();
    target = focusTarget(focus);
  }
  if (!target || options.stale()) return null;
  target.setAttribute('data-lesson-focus', '');
  if (options.scroll) {
    // A token or a node is shown with its panel (the sentence and legend around a token) when the panel
    // fits on the screen; then the least scroll that shows the target itself.
    const panel = focus.kind === 'panel' ? null : target.parentElement?.closest('[data-lesson-subject]');
    if (panel && panel.getBoundingClientRect().height <= window.innerHeight) {
      panel.scrollIntoView({ block: 'nearest' });
    }
    // Taller than the screen: 'nearest' leaves a target that already covers the screen where it is, its top
    // perhaps far above, so its top is brought to the top instead.
    const tall = target.getBoundingClientRect().height > window.innerHeight;
    target.scrollIntoView({ block: tall ? 'start' : 'nearest' });
    keepInView(target, options.stale);
  }
  return `This step points at ${focusLabel(focus)}.`;
}

/** How long a step's target is kept on screen while what the step started settles (a run, a late panel). */
const KEEP_MS = 3000;

/**
 * A step's run can reshape the page after its target was scrolled to: a result list grows, a notice appears
 * above. For a moment after, whenever the target's or the page's size changes, the target is brought back
 * whole (a target that fits) — unless the user scrolled meanwhile, whose choice stands.
 */
function keepInView(target: Element, stale: () => boolean): void {
  const started = performance.now();
  let userScrolled = false;
  const onUser = (): void => {
    userScrolled = true;
  };
  const options = { passive: true, once: true } as const;
  for (const event of ['wheel', 'touchmove', 'keydown'] as const)
    window.addEventListener(event, onUser, options);
  const observer = new ResizeObserver(() => {
    if (stale() || userScrolled || performance.now() - started > KEEP_MS || !target.isConnected) {
      observer.disconnect();
      return;
    }
    const box = target.getBoundingClientRect();
    if (box.height <= window.innerHeight && (box.top < 0 || box.bottom > window.innerHeight))
      target.scrollIntoView({ block: 'nearest' });
  });
  observer.observe(target);
  observer.observe(document.body);
  setTimeout(() => {
    observer.disconnect();
    for (const event of ['wheel', 'touchmove', 'keydown'] as const) window.removeEventListener(event, onUser);
  }, KEEP_MS);
}
