// The entities view's inline text (pure): the text cut into plain runs and entity runs by the entities'
// offsets, and one colour slot per entity type (the tags of id2label without B-/I-, O left out).
import { bioTag } from './aggregate.ts';

export interface TextSegment {
  text: string;
  /** The entity's index in the list it came from, or null for text outside every entity. */
  entity: number | null;
}

/** Entity types in id2label order: B-PER, I-PER, B-LOC → PER, LOC; O is no type. */
export function entityTypes(labels: readonly string[]): string[] {
  const types: string[] = [];
  for (const label of labels) {
    if (label === 'O') continue;
    const { tag } = bioTag(label);
    if (!types.includes(tag)) types.push(tag);
  }
  return types;
}

/** The type of an entity's label (a group name as it is, a token's B-PER as PER). */
export function typeOf(label: string): string {
  return bioTag(label).tag;
}

/**
 * The text as segments: entities in order of their start, each once; an entity without offsets, or one
 * that overlaps an earlier one, is left out of the inline text (it stays in the list).
 */
export function textSegments(
  text: string,
  entities: ReadonlyArray<{ start: number | null; end: number | null }>,
): TextSegment[] {
  const placed = entities
    .map((entity, index) => ({ start: entity.start, end: entity.end, index }))
    .filter(
      (entity): entity is { start: number; end: number; index: number } =>
        entity.start !== null && entity.end !== null && entity.end > entity.start,
    )
    .sort((a, b) => a.start - b.start || a.index - b.index);
  const segments: TextSegment[] = [];
  let cursor = 0;
  for (const entity of placed) {
    if (entity.start < cursor || entity.end > text.length) continue;
    if (entity.start > cursor) segments.push({ text: text.slice(cursor, entity.start), entity: null });
    segments.push({ text: text.slice(entity.start, entity.end), entity: entity.index });
    cursor = entity.end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), entity: null });
  return segments;
}
