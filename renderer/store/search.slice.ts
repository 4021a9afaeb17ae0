/** Search state: the query as typed, filters, the similar-to photo, and the accumulated result pages. */
import type { SearchFilters, SearchHit, SearchPage, SearchRequest } from '../../preload/contract.js';
import { api, ApiFailure, unwrap } from '../lib/api.js';
import { searchActive } from './selectors.js';
import type { Slice } from './types.js';

const hitsPerPage = 120;

/** What the last search answered, with every hit loaded so far. */
export interface SearchResults extends Omit<SearchPage, 'hits' | 'offset'> {
  hits: SearchHit[];
}

export interface SearchSlice {
  /** The text in the box (updated on every keystroke; the search itself is debounced). */
  query: string;
  filters: SearchFilters;
  similarTo: { id: number; name: string } | null;
  includeWeak: boolean;
  results: SearchResults | null;
  /** Why the query as typed cannot be searched ("-red" only says what to leave out), shown in place of results. */
  queryProblem: string | null;
  searching: boolean;
  setQuery(query: string): void;
  setFilters(filters: SearchFilters): void;
  setIncludeWeak(includeWeak: boolean): void;
  /** Looks for photos like this one instead of the typed query (the caller runs the search). */
  setSimilarTo(id: number, name: string): void;
  clearSearch(): void;
  /**
   * Fetches the first page for the current query/filters. True when its answer became the results; false when no
   * search is active (the results are cleared) or a newer search overtook it.
   */
  loadFirstHits(): Promise<boolean>;
  /** Appends the next page of hits, if any. */
  loadMoreHits(): Promise<void>;
}

let seq = 0;

export const createSearchSlice: Slice<SearchSlice> = (set, get) => {
  const request = (offset: number): SearchRequest => {
    const { query, filters, similarTo, includeWeak, settings, viewPrefs } = get();
    const req: SearchRequest = { filters, offset, limit: hitsPerPage, includeWeak };
    if (similarTo) req.similarTo = similarTo.id;
    else if (query.trim()) req.query = query.trim();
    // A query's results keep the search view's order; filters alone list photos in the library's order.
    req.sort = req.query !== undefined || req.similarTo !== undefined ? viewPrefs.search.sort : viewPrefs.library.sort;
    if (req.sort === 'relevance' && req.query === undefined && req.similarTo === undefined) req.sort = 'date';
    if (settings) req.sensitivity = settings.tagSensitivity;
    return req;
  };

  return {
    query: '',
    filters: {},
    similarTo: null,
    includeWeak: false,
    results: null,
    queryProblem: null,
    searching: false,
    setQuery: (query) => set({ query, similarTo: null }),
    setFilters: (filters) => {
      set({ filters });
      void get().runSearch();
    },
    setIncludeWeak: (includeWeak) => {
      set({ includeWeak });
      void get().runSearch();
    },
    setSimilarTo: (id, name) => set({ similarTo: { id, name }, query: '' }),
    clearSearch: () => set({ query: '', filters: {}, similarTo: null, results: null, queryProblem: null, searching: false }),
    loadFirstHits: async () => {
      const mine = ++seq;
      if (!searchActive(get())) {
        set({ results: null, queryProblem: null, searching: false });
        return false;
      }
      set({ searching: true });
      let queryProblem: string | null = null;
      const page = await get().attempt(() =>
        unwrap(api.search(request(0))).catch((err: unknown) => {
          // A query the parser rejects is explained where the results would be, not in a passing toast.
          if (!(err instanceof ApiFailure) || err.error.code !== 'invalid_input') throw err;
          queryProblem = err.message;
          return undefined;
        }),
      );
      if (mine !== seq) return false;
      set({ searching: false, queryProblem, results: page ? { ...page, hits: page.hits } : null });
      return true;
    },
    loadMoreHits: async () => {
      const { results, searching } = get();
      if (!results || searching || results.hits.length >= results.total) return;
      const mine = seq;
      set({ searching: true });
      const page = await get().attempt(() => unwrap(api.search(request(results.hits.length))));
      if (mine !== seq) return;
      set((s) => ({
        searching: false,
        results: page && s.results ? { ...page, hits: [...s.results.hits, ...page.hits] } : s.results,
      }));
    },
  };
};
