/** The grid's sort order and thumbnail size, each remembered per view (library browsing, search results). */
import type { ReactNode } from 'react';
import { useStore } from '../../store/index.js';
import type { GridView, ViewPrefs } from '../../store/prefs.slice.js';

const SORT_LABELS: Record<ViewPrefs['sort'], string> = {
  relevance: 'Best match',
  date: 'Date taken',
  added: 'Date added',
  name: 'File name',
  size: 'File size',
};

/** Changing the order reloads what the grid shows; the size applies at once. */
export function ViewControls({ view }: { view: GridView }): ReactNode {
  const prefs = useStore((s) => s.viewPrefs[view]);
  const setSort = (sort: ViewPrefs['sort']): void => {
    const s = useStore.getState();
    s.setViewPrefs(view, { sort });
    if (view === 'search') void s.runSearch();
    else s.reloadLibrary();
  };
  const sorts = (Object.keys(SORT_LABELS) as ViewPrefs['sort'][]).filter((k) => view === 'search' || k !== 'relevance');
  return (
    <>
      <label className="sort-menu">
        <span className="sr-only">Sort by</span>
        <select value={prefs.sort} onChange={(e) => setSort(e.target.value as ViewPrefs['sort'])} aria-label="Sort by" data-testid="sort">
          {sorts.map((k) => (
            <option key={k} value={k}>
              {SORT_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="size-slider">
        <span className="sr-only">Thumbnail size</span>
        <input
          type="range"
          min={96}
          max={320}
          step={8}
          value={prefs.tileSize}
          onChange={(e) => useStore.getState().setViewPrefs(view, { tileSize: Number(e.target.value) })}
          aria-label="Thumbnail size"
        />
      </label>
    </>
  );
}
