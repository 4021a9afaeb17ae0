/** Per-view display choices (sort order, thumbnail size), kept across views and restarts in local storage. */
import type { PhotoOrder } from '../../preload/contract.js';
import type { Slice } from './types.js';

/** The grids that keep their own choices: browsing the library, and a query's results. */
export type GridView = 'library' | 'search';

/** One grid's choices. The library sorts by a photo order; search results also by relevance. */
export interface ViewPrefs {
  sort: PhotoOrder | 'relevance';
  tileSize: number;
}

export interface PrefsSlice {
  viewPrefs: Record<GridView, ViewPrefs>;
  setViewPrefs(view: GridView, patch: Partial<ViewPrefs>): void;
}

const STORAGE_KEY = 'shoebox.viewPrefs';
const DEFAULTS: Record<GridView, ViewPrefs> = {
  library: { sort: 'date', tileSize: 160 },
  search: { sort: 'relevance', tileSize: 160 },
};
const SORTS = new Set(['date', 'added', 'name', 'size', 'relevance']);

/** Saved choices over the defaults; anything unreadable or out of range falls back to the default. */
function loadPrefs(): Record<GridView, ViewPrefs> {
  let saved: Partial<Record<GridView, Partial<ViewPrefs>>> = {};
  try {
    saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as typeof saved;
  } catch {
    // No storage (or a damaged entry): the defaults serve, and the next change overwrites it.
  }
  const pick = (view: GridView): ViewPrefs => {
    const s = saved[view] ?? {};
    const sortOk = typeof s.sort === 'string' && SORTS.has(s.sort) && (view === 'search' || s.sort !== 'relevance');
    const sizeOk = typeof s.tileSize === 'number' && s.tileSize >= 96 && s.tileSize <= 320;
    return { sort: sortOk ? s.sort! : DEFAULTS[view].sort, tileSize: sizeOk ? s.tileSize! : DEFAULTS[view].tileSize };
  };
  return { library: pick('library'), search: pick('search') };
}

export const createPrefsSlice: Slice<PrefsSlice> = (set, get) => ({
  viewPrefs: loadPrefs(),
  setViewPrefs: (view, patch) => {
    const viewPrefs = { ...get().viewPrefs, [view]: { ...get().viewPrefs[view], ...patch } };
    set({ viewPrefs });
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(viewPrefs));
    } catch {
      // Storage full or denied: the choice holds for this session only.
    }
  },
});
