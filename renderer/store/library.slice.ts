/** The library grid's data: a total, month runs per page (kept) and a bounded LRU of loaded pages. */
import type { PhotoSummary } from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import { monthRuns, type MonthRun } from '../lib/grid-rows.js';
import type { Slice } from './types.js';

/** Photos per `listPhotos` call. */
export const pageSize = 200;
/** Pages kept in memory; older ones are dropped (their month runs stay, so the layout does not jump). */
export const maxPages = 30;

export interface LibrarySlice {
  total: number;
  /** null until the first page answered. */
  libraryLoaded: boolean;
  pageRuns: Map<number, MonthRun[]>;
  pages: Map<number, PhotoSummary[]>;
  loadingPages: Set<number>;
  /** Fetches the pages covering photo indices first..last that are not loaded yet. */
  ensurePages(first: number, last: number): void;
  /** Refetches the loaded pages (after tags or photos changed) without blanking the grid. */
  refreshLibrary(): Promise<void>;
}

export const createLibrarySlice: Slice<LibrarySlice> = (set, get) => {
  const fetchPage = async (page: number): Promise<void> => {
    set((s) => ({ loadingPages: new Set(s.loadingPages).add(page) }));
    const result = await get().attempt(() => unwrap(api.listPhotos({ offset: page * pageSize, limit: pageSize })));
    set((s) => {
      const loadingPages = new Set(s.loadingPages);
      loadingPages.delete(page);
      if (!result) return { loadingPages };
      const pages = new Map(s.pages);
      pages.delete(page);
      pages.set(page, result.photos);
      while (pages.size > maxPages) pages.delete(pages.keys().next().value as number);
      const totalChanged = result.total !== s.total;
      const pageRuns = totalChanged ? new Map<number, MonthRun[]>() : new Map(s.pageRuns);
      if (totalChanged) for (const [p, photos] of pages) pageRuns.set(p, monthRuns(photos));
      pageRuns.set(page, monthRuns(result.photos));
      return { loadingPages, pages, pageRuns, total: result.total, libraryLoaded: true };
    });
  };

  return {
    total: 0,
    libraryLoaded: false,
    pageRuns: new Map(),
    pages: new Map(),
    loadingPages: new Set(),
    ensurePages: (first, last) => {
      const { pages, loadingPages, total, libraryLoaded } = get();
      const lastPage = libraryLoaded ? Math.floor(Math.max(0, Math.min(last, total - 1)) / pageSize) : 0;
      for (let page = Math.floor(Math.max(0, first) / pageSize); page <= lastPage; page++) {
        if (!pages.has(page) && !loadingPages.has(page)) void fetchPage(page);
      }
    },
    refreshLibrary: async () => {
      const loaded = [...get().pages.keys()];
      if (loaded.length === 0) loaded.push(0);
      for (const page of loaded) await fetchPage(page);
    },
  };
};
