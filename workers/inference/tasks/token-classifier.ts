// A loaded token-classification model (…ForTokenClassification): labels per token, then entities by
// every aggregation strategy of Hugging Face's pipeline, and occlusion against one entity's score.
import type {
  EntityAttributionRun,
  LabelledToken,
  TokenClassificationRun,
  TokenClassifierInfo,
} from '../../../src/contracts/text-tasks.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { RuntimeSession } from '../../../src/lib/runtime/onnx-runtime.ts';
import {
  aggregateEntities,
  AGGREGATION_STRATEGIES,
  entityScore,
  softmaxRows,
  type AggregationStrategy,
  type Entity,
  type ScorePart,
} from '../../../src/lib/tasks/token-classification/aggregate.ts';
import type { EncodedText } from '../../../src/lib/tasks/token-classification/offset-tokenizer.ts';
import { visibleText } from '../../../src/lib/visible-text.ts';
import { EncoderHeadModel, occlude, occlusionToken, runOutputs, tokenizerOf } from '../encoder-head.ts';

/** id2label as a list in id order: keys must be the integers 0 … n − 1. */
export function labelsOf(config: Record<string, unknown>, where: string): string[] {
  const id2label = config.id2label;
  const problem = (why: string) =>
    new GlassboxError({
      code: 'model-config-invalid',
      message: `${where} ${why}, so the token labels have no names.`,
      remedy: 'Add "id2label": {"0": "O", "1": "B-PER", …} to config.json, one name per output column.',
    });
  if (typeof id2label !== 'object' || id2label === null || Array.isArray(id2label)) {
    throw problem('has no id2label');
  }
  const entries = Object.entries(id2label as Record<string, unknown>);
  if (entries.length === 0) throw problem('has an empty id2label');
  const labels = new Array<string>(entries.length);
  for (const [key, value] of entries) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= entries.length || typeof value !== 'string') {
      throw problem(
        `has an id2label entry ${visibleText(key).slice(0, 20)} that is not a label number 0–${entries.length - 1} with a name`,
      );
    }
    // The author's text: control and directional characters made visible before anything shows it.
    labels[index] = visibleText(value);
  }
  return labels;
}

const WARM_UP_TEXT = 'warm up';

export class TokenClassifier extends EncoderHeadModel<TokenClassifierInfo> {
  protected readonly kind = 'token classifier';
  private outputName = 'logits';

  static create(download: ModelDownload): TokenClassifier {
    const tokenizer = tokenizerOf(download);
    const config = (download.json.config ?? {}) as Record<string, unknown>;
    const labels = labelsOf(config, download.location.files.config ?? 'config.json');
    const info: TokenClassifierInfo = {
      modelKey: download.location.key,
      labels,
      maxLength: tokenizer.maxLength,
      facts: download.facts,
      inputs: [],
      outputs: [],
    };
    return new TokenClassifier(info, tokenizer, download.modelBytes, download.externalData);
  }

  protected adopt(session: RuntimeSession): void {
    this.outputName = session.outputs[0]?.name ?? 'logits';
  }

  async warmUp(backend: Backend): Promise<void> {
    await this.probabilities(backend, this.tokenizer.encode(WARM_UP_TEXT));
  }

  /** Label probabilities per token of one encoded text, [token][label]. */
  private async probabilities(backend: Backend, encoded: EncodedText, remember = false): Promise<number[][]> {
    const feeds = this.feeds(backend, [encoded]);
    const logits =
      (await runOutputs(this.sessions.get(backend), feeds, [this.outputName]))[this.outputName] ?? [];
    const labels = this.info.labels.length;
    if (logits.length !== encoded.ids.length * labels) {
      throw new GlassboxError({
        code: 'inference-failed',
        message: `The model returned ${logits.length} scores for ${encoded.ids.length} tokens and ${labels} labels.`,
        remedy: 'Check that config.json’s id2label lists one label per column of the model’s output.',
      });
    }
    if (remember) {
      this.lastRun = { feeds, input: { kind: 'text', lines: [encoded.text], tokens: [[...encoded.tokens]] } };
    }
    return softmaxRows(logits, encoded.ids.length, labels);
  }

  private entitiesOf(
    encoded: EncodedText,
    probabilities: number[][],
    strategy: AggregationStrategy,
  ): Entity[] {
    return aggregateEntities(encoded, probabilities, this.info.labels, {
      strategy,
      subwordRule: this.tokenizer.subwordRule,
      unknownId: this.tokenizer.unknown?.id ?? null,
      joinTokens: (tokens) => this.tokenizer.joinTokens(tokens),
    });
  }

  async recognise(backend: Backend, text: string): Promise<TokenClassificationRun> {
    const tokenizeStarted = performance.now();
    const encoded = this.tokenizer.encode(text);
    const tokenizeMs = performance.now() - tokenizeStarted;
    const started = performance.now();
    const probabilities = await this.probabilities(backend, encoded, true);
    const inferenceMs = performance.now() - started;
    const tokens: LabelledToken[] = encoded.tokens.map((token, i) => {
      const row = probabilities[i] ?? [];
      const best = row.reduce((top, p, k) => (p > (row[top] ?? -Infinity) ? k : top), 0);
      return {
        token,
        id: encoded.ids[i] ?? -1,
        start: encoded.spans[i]?.start ?? null,
        end: encoded.spans[i]?.end ?? null,
        special: encoded.special[i] ?? false,
        label: this.info.labels[best] ?? String(best),
        score: row[best] ?? 0,
      };
    });
    const entities = Object.fromEntries(
      AGGREGATION_STRATEGIES.map((strategy) => [strategy, this.entitiesOf(encoded, probabilities, strategy)]),
    ) as Record<AggregationStrategy, Entity[]>;
    return {
      backend,
      text,
      tokens,
      entities,
      truncated: encoded.truncated,
      fullTokenCount: encoded.fullLength,
      maxLength: this.info.maxLength,
      tokenizeMs,
      inferenceMs,
    };
  }

  /** Occlusion of each token of text against one entity's score (its parts, labels held fixed). */
  async explain(backend: Backend, text: string, parts: readonly ScorePart[]): Promise<EntityAttributionRun> {
    const encoded = this.tokenizer.encode(text);
    const hide = occlusionToken(this.tokenizer);
    const explainable = encoded.special.map((special) => !special);
    const labels = this.info.labels.length;
    const result = await occlude(
      this.sessions.get(backend),
      this.tokenizer.padId,
      encoded,
      explainable,
      hide,
      [this.outputName],
      (outputs) =>
        entityScore(softmaxRows(outputs[this.outputName] ?? [], encoded.ids.length, labels), parts),
    );
    return {
      text,
      tokens: encoded.tokens.map((token, i) => ({
        token,
        start: encoded.spans[i]?.start ?? null,
        end: encoded.spans[i]?.end ?? null,
      })),
      explainable,
      maskToken: hide.token,
      ...result,
    };
  }
}
