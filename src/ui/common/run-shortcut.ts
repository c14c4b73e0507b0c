// Ctrl+Enter (Cmd+Enter on a Mac) in a view's input runs the view, as its Run button does: one handler for
// every view's text box, so the shortcut the Run row names behaves the same everywhere.

/** A keydown handler that calls run on Ctrl/Cmd+Enter (and keeps Enter from adding a line then). */
export function runOnCtrlEnter(run: () => unknown): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void run();
    }
  };
}
