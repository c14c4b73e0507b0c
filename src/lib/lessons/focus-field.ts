// A lesson step's `focus:` field (pure): what the step talks about on screen, so the player can scroll it
// into view and outline it when the step opens. Three forms:
//   focus: attention            a panel of the view, by its name (FOCUS_PANELS)
//   focus: node /bert/…/MatMul  a node of the inspector's graph, by its exact name
//   focus: token not            a token as the view shows it (an attribution, an attention bar, a filler)
// The page marks each panel with data-lesson-subject="<name>"; a view that lacks the named panel shows the
// view as it is. A value that is none of these is one sentence, never a crash.

export const FOCUS_PANELS = {
  settings: 'the settings bar (backend and threads)',
  input: 'the input and its Run button',
  result: 'the result',
  tokens: 'the tokens the model saw',
  attention: 'the attention panel',
  explanation: 'the explanation',
  thresholds: 'the score and IoU thresholds',
  occlusion: 'the occlusion map',
  'occlusion-map': 'the occlusion map’s picture and key',
  'feature-maps': 'the feature maps',
  received: 'what the model received',
  preprocessing: 'the preprocessing facts',
  model: 'the model card',
  'bench-plan': 'the benchmark plan (model, configurations, protocol)',
  'bench-run': 'the Run benchmark button',
  'bench-result': 'the benchmark result',
  sweep: 'the scale sweep',
  graph: 'the model graph',
  ladder: 'the precision ladder (Which variant should I ship?)',
  legend: 'the legend (what the map’s colours and values mean)',
} as const;

export type FocusPanel = keyof typeof FOCUS_PANELS;

export type LessonFocus =
  { kind: 'panel'; panel: FocusPanel } | { kind: 'node'; name: string } | { kind: 'token'; text: string };

/** The longest node name or token a focus may give (real ONNX names are far shorter). */
const MAX_FOCUS_NAME = 300;

const isPanel = (value: string): value is FocusPanel => Object.hasOwn(FOCUS_PANELS, value);

/** "attention", "node NAME" or "token TEXT" → the focus; report(problem) and null when it is none. */
export function parseFocus(value: string, report: (problem: string) => void): LessonFocus | null {
  const written = value.trim();
  if (isPanel(written)) return { kind: 'panel', panel: written };
  const match = /^(node|token)\s+(.+)$/.exec(written);
  const name = match?.[2]?.trim() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  const printable = name !== '' && name.length <= MAX_FOCUS_NAME && !/[\u0000-\u001f\u007f]/.test(name);
  if (match && printable) return match[1] === 'node' ? { kind: 'node', name } : { kind: 'token', text: name };
  report(
    `“${written.slice(0, 40)}” is not something on screen: use a panel (${Object.keys(FOCUS_PANELS).join(', ')}), ` +
      `“node NAME” or “token TEXT” (1 to ${MAX_FOCUS_NAME} printable characters).`,
  );
  return null;
}

/** How the player announces a focus to screen readers ("the attention panel", "the token “not”"). */
export function focusLabel(focus: LessonFocus): string {
  if (focus.kind === 'panel') return FOCUS_PANELS[focus.panel];
  return focus.kind === 'node' ? `the node “${focus.name}”` : `the token “${focus.text}”`;
}
