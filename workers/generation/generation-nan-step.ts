// A generation that stopped on NaN scores names the step (the loop does) and, found here, the first node
// whose output holds a NaN: that step captured node by node on the same backend.
import { toErrorData } from '../../src/lib/errors.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import { firstNaNValue, nanNodeSentence } from '../../src/lib/tasks/text-generation/backend-agreement.ts';
import type { GenerationResult } from '../../src/contracts/generation.ts';
import { CaptureEngine } from '../inference/capture/capture-engine.ts';
import { captureStep } from './generation-step-capture.ts';
import type { TextGenerator } from './text-generator.ts';

/** result with the first NaN node of its last step added to its finish sentence. */
export async function withFirstNaNNode(
  generator: TextGenerator,
  backend: Backend,
  forcedIds: readonly number[],
  result: GenerationResult,
): Promise<GenerationResult> {
  const ids = [
    ...result.promptTokens.map((token) => token.id),
    ...forcedIds,
    ...result.tokens.map((token) => token.id),
  ];
  const step = result.tokens.length + 1;
  const engine = new CaptureEngine();
  let finding: string;
  try {
    const capture = await captureStep(engine, generator, backend, ids, generator.info.key);
    engine.release(capture.captureId);
    finding = nanNodeSentence(step, firstNaNValue(capture.values), capture.values.length);
  } catch (error) {
    finding = `Capturing step ${step} to find the first NaN node failed: ${toErrorData(error).message}`;
  }
  return { ...result, finishSentence: `${result.finishSentence} ${finding}` };
}
