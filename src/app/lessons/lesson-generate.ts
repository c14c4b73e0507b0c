// What a lesson step does to the Generate text view: open the step's model and backend, set the prompt and
// the decoding settings, generate, branch from a lower candidate, show a token's candidates and the logit
// lens; and whether a try-it step's check holds on what the view shows (the shown branch, once finished).
import type { GenerationCheck, GenerationFields } from '../../lib/lessons/generation-fields.ts';
import type { Backend } from '../../lib/runtime/backend.ts';
import type {
  Branch,
  GenerationModel,
  GenerationPlayground,
} from '../generate/generation-playground.svelte.ts';

/** The longest a step waits for the model to load or a generation to end (a slow, loaded machine). */
const SETTLE_MS = 180_000;

async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; waited < SETTLE_MS && !done(); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface GenerateStep {
  model: GenerationModel | null;
  backend: Backend | null;
  action: string | null;
  generate: GenerationFields;
}

export async function applyGenerate(step: GenerateStep, playground: GenerationPlayground): Promise<void> {
  const { generate: fields } = step;
  // Showing the tab starts loading the view's first model: let it finish rather than load it twice.
  await until(() => playground.load.kind !== 'loading');
  if (step.model && playground.model?.location.key !== step.model.location.key) {
    await playground.open(step.model);
  }
  const backend = step.backend ?? playground.backend;
  // Loads the model on that backend unless it is loaded there already.
  if (backend !== playground.backend || playground.load.kind !== 'ready')
    await playground.selectBackend(backend);
  if (fields.prompt !== null) playground.prompt = fields.prompt;
  const settings = { ...playground.settings };
  if (fields.decoding) settings.mode = fields.decoding;
  if (fields.temperature !== null) settings.temperature = fields.temperature;
  if (fields.topK !== null) settings.topK = fields.topK;
  if (fields.topP !== null) settings.topP = fields.topP;
  if (fields.seed !== null) settings.seed = fields.seed;
  if (fields.maxNewTokens !== null) settings.maxNewTokens = fields.maxNewTokens;
  playground.settings = settings;
  if (step.action === 'generate') await playground.generate();
  if (fields.branch) {
    const token = playground.current?.tokens[fields.branch.token - 1];
    const candidate = token?.before[fields.branch.candidate - 1];
    if (token && candidate) await playground.branch(token.index, candidate.id, candidate.text);
  }
  if (fields.token !== null) playground.selectedToken = fields.token - 1;
  if (fields.lens) await playground.showLens();
}

/** The shown branch once it has finished, or null while it runs (a check reads a finished generation). */
function finished(playground: GenerationPlayground): Branch | null {
  const branch = playground.current;
  return branch && !branch.running && !branch.error ? branch : null;
}

/** Whether the view shows what a check asks for (reads reactive state: use it in a $derived). */
export function generationCheckPassed(check: GenerationCheck, playground: GenerationPlayground): boolean {
  const branch = finished(playground);
  if (!branch) return false;
  switch (check.kind) {
    case 'generated-text-contains':
      return branch.text.includes(check.text);
    case 'token-is':
      return branch.tokens[check.token - 1]?.text === check.text;
    case 'top-candidate-is':
      return branch.tokens[check.token - 1]?.before[0]?.text === check.text;
    case 'branches-at-least':
      return playground.branches.length >= check.count;
    case 'lens-shows': {
      const lens = playground.lens;
      const answer = lens?.branchId === branch.id ? lens.answer : null;
      if (!answer?.ok) return false;
      // The column of the token before token N predicts token N.
      const position = branch.promptTokens.length + check.token - 2;
      const top = answer.cells.map((row) => row[position]?.tokenText);
      const from = check.layer - 1;
      if (position < 0 || from >= top.length) return false;
      // From layer L on, the top token is X; at the layer before (if any), it is not yet.
      return (
        top.slice(from).every((text) => text === check.text) && (from === 0 || top[from - 1] !== check.text)
      );
    }
  }
}
