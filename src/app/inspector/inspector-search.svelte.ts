// The inspector's search box: debounced queries answered by the inspector's worker, the newest answer
// kept (a slower, older answer never replaces it).
import type { OpenedModel, SearchResults } from '../../contracts/inspector.ts';
import type { InspectorClient } from './inspector-client.ts';

/** Typing pauses this long before a query goes to the worker (ms). */
const SEARCH_DELAY_MS = 120;
/** Hits one query returns at most. */
const SEARCH_LIMIT = 50;

export class InspectorSearch {
  query = $state('');
  results = $state.raw<SearchResults | null>(null);
  private token = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: InspectorClient,
    /** The open model and whether constants are drawn as boxes (then they are hits too). */
    private readonly target: () => { model: OpenedModel | null; constantsShown: boolean },
  ) {}

  /** Searches as the user types (debounced); results arrive in results. */
  searchFor(query: string): void {
    this.query = query;
    clearTimeout(this.timer);
    const { model, constantsShown } = this.target();
    const token = ++this.token;
    if (!model || !query.trim()) {
      this.results = null;
      return;
    }
    this.timer = setTimeout(() => {
      this.client
        .call((service) => service.search(model.inspectedId, query, SEARCH_LIMIT, constantsShown))
        .then((results) => {
          if (token === this.token) this.results = results;
        })
        .catch(() => {
          if (token === this.token) this.results = { query, hits: [], total: 0 };
        });
    }, SEARCH_DELAY_MS);
  }

  /** Another model opens: the box empties and a pending answer is ignored. */
  clear(): void {
    clearTimeout(this.timer);
    this.token++;
    this.query = '';
    this.results = null;
  }
}
