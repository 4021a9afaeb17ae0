/** The library grid's data: its scope, a total, month runs per page (kept) and a bounded LRU of loaded pages. */
import type { PhotoOrder, PhotoSummary } from '../../preload/contract.js';
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
  /** Pages the grid last asked for (what is on screen plus overscan). */
  visiblePages: [number, number];
  /** The library folder whose missing photos the grid shows instead of the library, or null. */
  showingMissing: number | null;
  /** Scopes the grid to a folder's missing photos (null: back to the whole library) and reloads it. */
  scopeToMissing(folderId: number | null): void;
  /** The directory the grid shows (from the folder tree), with or without its subdirectories; null = everything. */
  browsing: { dir: string; recursive: boolean } | null;
  /** Scopes the grid to a directory (null: the whole library) and reloads it. */
  scopeToDir(browsing: { dir: string; recursive: boolean } | null): void;
  /** Forgets every page and loads the first again (after the scope or the sort changed). */
  reloadLibrary(): void;
  /** Fetches the pages covering photo indices first..last that are not loaded yet; resolves when they arrived. */
  ensurePages(first: number, last: number): Promise<void>;
  /** After tags or photos changed: refetches the pages on screen and forgets the others (their layout stays). */
  refreshLibrary(): Promise<void>;
}

/** The library's saved sort (relevance, meaningful for search results only, reads as date). */
function libraryOrder(sort: PhotoOrder | 'relevance'): PhotoOrder {
  return sort === 'relevance' ? 'date' : sort;
}

export const createLibrarySlice: Slice<LibrarySlice> = (set, get) => {
  const fetchPage = async (page: number): Promise<void> => {
    set((s) => ({ loadingPages: new Set(s.loadingPages).add(page) }));
    const { showingMissing: folderId, browsing } = get();
    const sort = libraryOrder(get().viewPrefs.library.sort);
    const scope = folderId !== null ? { folderId, missing: true } : browsing ? { dir: browsing.dir, recursive: browsing.recursive } : {};
    const result = await get().attempt(() => unwrap(api.listPhotos({ offset: page * pageSize, limit: pageSize, sort, ...scope })));
    const runsOf = (photos: PhotoSummary[]): MonthRun[] =>
      sort === 'date' ? monthRuns(photos) : [{ key: sort, label: '', count: photos.length }];
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
      if (totalChanged) for (const [p, photos] of pages) pageRuns.set(p, runsOf(photos));
      pageRuns.set(page, runsOf(result.photos));
      return { loadingPages, pages, pageRuns, total: result.total, libraryLoaded: true };
    });
  };

  return {
    total: 0,
    libraryLoaded: false,
    pageRuns: new Map(),
    pages: new Map(),
    loadingPages: new Set(),
    visiblePages: [0, 0],
    showingMissing: null,
    browsing: null,
    scopeToMissing: (folderId) => {
      set({ showingMissing: folderId, browsing: null });
      get().reloadLibrary();
    },
    scopeToDir: (browsing) => {
      set({ browsing, showingMissing: null });
      get().reloadLibrary();
    },
    reloadLibrary: () => {
      set({ pages: new Map(), pageRuns: new Map(), total: 0, libraryLoaded: false });
      void get().ensurePages(0, 0);
    },
    ensurePages: (first, last) => {
      const { pages, loadingPages, total, libraryLoaded } = get();
      const firstPage = Math.floor(Math.max(0, first) / pageSize);
      const lastPage = libraryLoaded ? Math.floor(Math.max(0, Math.min(last, total - 1)) / pageSize) : 0;
      set({ visiblePages: [firstPage, Math.max(firstPage, lastPage)] });
      const started: Promise<void>[] = [];
      for (let page = firstPage; page <= lastPage; page++) {
        if (!pages.has(page) && !loadingPages.has(page)) started.push(fetchPage(page));
      }
      return Promise.all(started).then(() => undefined);
    },
    refreshLibrary: async () => {
      const [first, last] = get().visiblePages;
      set((s) => ({ pages: new Map([...s.pages].filter(([page]) => page >= first && page <= last)) }));
      for (let page = first; page <= last; page++) await fetchPage(page);
    },
  };
};
