// State and actions of the entities view (token classification): the text, the aggregation strategy
// (Hugging Face's none, simple, first, average, max; the worker returns all five, so switching needs no
// run), and occlusion attributions against a chosen entity's score.
import type { Loaded } from '../../contracts/inference.ts';
import type {
  EntityAttributionRun,
  TokenClassificationRun,
  TokenClassifierInfo,
} from '../../contracts/text-tasks.ts';
import type { AggregationStrategy, Entity } from '../../lib/tasks/token-classification/aggregate.ts';
import { HeadPlayground } from '../workbench/text-head-playground.svelte.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';

export const ENTITIES_EXAMPLE = 'Hello Sarah Jessica Parker who Jessica lives in New York';

/** A stable name for an entity within a run: its strategy and position. */
export function entityKey(strategy: AggregationStrategy, index: number): string {
  return `${strategy}:${index}`;
}

export class EntitiesPlayground extends HeadPlayground<
  'token-classification',
  TokenClassificationRun,
  EntityAttributionRun
> {
  text = $state(ENTITIES_EXAMPLE);
  /** The pipeline's default is none; simple groups B-/I- tags into entities, which is what people expect. */
  strategy = $state<AggregationStrategy>('simple');

  constructor(workbench: Workbench) {
    super(workbench, 'token-classification', 'Find entities');
  }

  /** The entities of the shown run under the chosen strategy. */
  get entities(): Entity[] {
    return this.runStatus.kind === 'done' ? this.runStatus.run.entities[this.strategy] : [];
  }

  protected inputProblem(): string | null {
    return this.text.trim() === '' ? 'Type a sentence with names of people, places or organisations.' : null;
  }

  protected runOnce(loaded: Loaded<TokenClassifierInfo>): Promise<TokenClassificationRun> {
    const text = this.text;
    return this.runtime.run((service) =>
      service.recogniseEntities(loaded.info.modelKey, loaded.backend, text),
    );
  }

  /** Which tokens the entity at index (under the current strategy) depends on. */
  async explain(index: number): Promise<void> {
    const loaded = this.slot.loaded;
    const run = this.runStatus.kind === 'done' ? this.runStatus.run : null;
    const entity = run?.entities[this.strategy][index];
    if (!loaded || !run || !entity) return;
    const parts = entity.parts.map((part) => ({ label: part.label, scored: [...part.scored] }));
    await this.attribute(entityKey(this.strategy, index), () =>
      this.runtime.run((service) =>
        service.explainEntity(loaded.info.modelKey, loaded.backend, run.text, parts),
      ),
    );
  }
}
