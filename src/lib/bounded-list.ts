// Lists whose length a stranger controls (a lesson file's problems, a model's outputs) are drawn as their
// first items and a count of the rest: 99,000 list items would hold the page's main thread for seconds.

/** The items to draw and how many were left out. */
export interface BoundedList<T> {
  shown: readonly T[];
  more: number;
}

export function boundedList<T>(items: readonly T[], max: number): BoundedList<T> {
  return items.length <= max
    ? { shown: items, more: 0 }
    : { shown: items.slice(0, max), more: items.length - max };
}
