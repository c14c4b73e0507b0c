// "Compare WASM and WebGPU" for text generation: the same prompt generated greedily on two sides, token by
// token compared; where they part, that step captured on both sides and compared node by node with the
// inspector's comparison (its tolerance, its first divergent node, its wording). A side is a model on a
// backend: the view compares one model on WASM and WebGPU; Node tests (WASM only) compare a model with a
// perturbed copy of itself, which forces a divergence at a known node.
import { comparisonSentence } from '../../src/lib/capture/capture-text.ts';
import { toErrorData } from '../../src/lib/errors.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import {
  agreementSentence,
  compareTokenStreams,
  nearTieSentence,
  stepCaptureNote,
} from '../../src/lib/tasks/text-generation/backend-agreement.ts';
import type { GeneratedToken } from '../../src/lib/tasks/text-generation/generation-loop.ts';
import { generationSpeed } from '../../src/lib/tasks/text-generation/generation-speed.ts';
import type {
  CompareGenerationRequest,
  CompareStage,
  ComparedGeneration,
  GenerationComparisonResult,
  StepComparison,
} from '../../src/contracts/generation-compare.ts';
import type { GenerationResult } from '../../src/contracts/generation.ts';
import { CaptureEngine } from '../inference/capture/capture-engine.ts';
import { compareCaptures } from '../inference/capture/compare-captures.ts';
import { captureStep } from './generation-step-capture.ts';
import type { TextGenerator } from './text-generator.ts';

export interface ComparedSide {
  generator: TextGenerator;
  backend: Backend;
  label: string;
}

export interface CompareHooks {
  onStage: (stage: CompareStage) => void;
  shouldStop: () => boolean;
  yieldBetweenSteps: () => Promise<void>;
}

function summary(side: ComparedSide, result: GenerationResult): ComparedGeneration {
  return {
    backend: side.backend,
    label: side.label,
    tokens: result.tokens.map((token) => ({ id: token.id, text: token.text })),
    finishSentence: result.finishSentence,
    decodeTokensPerSecond: generationSpeed(result.timings).decodeTokensPerSecond,
  };
}

/** Captures the step that reads ids on both sides and compares them value by value. */
async function compareStep(
  sides: readonly [ComparedSide, ComparedSide],
  ids: readonly number[],
  step: number,
  hooks: CompareHooks,
): Promise<StepComparison | null> {
  const engine = new CaptureEngine();
  // Both captures under one key: compareCaptures compares only captures of the same model.
  const key = sides[0].generator.info.key;
  const captured: string[] = [];
  try {
    for (const side of sides) {
      if (hooks.shouldStop()) return null;
      hooks.onStage({ phase: 'capture', backend: side.backend, step });
      await hooks.yieldBetweenSteps();
      captured.push((await captureStep(engine, side.generator, side.backend, ids, key)).captureId);
    }
    hooks.onStage({ phase: 'compare', step });
    const comparison = await compareCaptures(engine, captured[0]!, captured[1]!);
    return {
      step,
      sentences: [stepCaptureNote(step, ids.length), comparisonSentence(comparison)],
      firstDivergent: comparison.firstDivergent,
      values: comparison.values.length,
      divergent: comparison.values.filter((value) => value.divergent).length,
    };
  } finally {
    for (const id of captured) engine.release(id);
  }
}

export async function compareGreedy(
  sides: readonly [ComparedSide, ComparedSide],
  request: CompareGenerationRequest,
  hooks: CompareHooks,
): Promise<GenerationComparisonResult> {
  const settings = { ...request.settings, mode: 'greedy' as const };
  const results: GenerationResult[] = [];
  for (const side of sides) {
    const result = await side.generator.generate(
      side.backend,
      { prompt: request.prompt, settings, forcedIds: [], useCache: true },
      {
        onToken: (token: GeneratedToken) =>
          hooks.onStage({
            phase: 'generate',
            backend: side.backend,
            made: token.index + 1,
            of: settings.maxNewTokens,
          }),
        shouldStop: hooks.shouldStop,
        yieldBetweenSteps: hooks.yieldBetweenSteps,
      },
    );
    results.push(result);
    if (result.finish === 'stopped') break;
  }
  const [first, second] = results as [GenerationResult, GenerationResult | undefined];
  const labels = [sides[0].label, sides[1].label] as const;
  const runs: [ComparedGeneration, ComparedGeneration] = [
    summary(sides[0], first),
    second ? summary(sides[1], second) : { ...summary(sides[1], first), tokens: [], finishSentence: '' },
  ];
  const base = { asked: settings.maxNewTokens, runs };
  if (!second || second.finish === 'stopped' || first.finish === 'stopped') {
    return {
      ...base,
      agreement: { kind: 'same', count: 0 },
      sentence: 'Stopped before both backends had generated: nothing was compared.',
      step: null,
      stopped: true,
    };
  }
  const agreement = compareTokenStreams(first.tokens, second.tokens);
  const sentence = agreementSentence(agreement, labels, [first.finishSentence, second.finishSentence]);
  if (agreement.kind === 'same') return { ...base, agreement, sentence, step: null, stopped: false };
  // Both read the same text up to the index where they part: the prompt and the tokens they share.
  const ids = [
    ...first.promptTokens.map((token) => token.id),
    ...first.tokens.slice(0, agreement.index).map((token) => token.id),
  ];
  const number = agreement.index + 1;
  let step: StepComparison | null;
  try {
    step = await compareStep(sides, ids, number, hooks);
    if (step && step.firstDivergent === null) {
      const tie = nearTieSentence(agreement);
      if (tie) step.sentences.push(tie);
    }
  } catch (error) {
    // The tokens' verdict stands even when the step cannot be captured (a float16 cache, a failed run).
    const reason = toErrorData(error).message;
    step = {
      step: number,
      sentences: [`Step ${number} could not be compared node by node: ${reason}`],
      firstDivergent: null,
      values: 0,
      divergent: 0,
    };
  }
  return { ...base, agreement, sentence, step, stopped: step === null };
}
