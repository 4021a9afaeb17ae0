/** Search-as-you-type: the box (debounced 250 ms), the syntax hint, filter chips and the filter menu. */
import { useEffect, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { TagChip } from '../../components/TagChip.js';
import { filterChips, withoutFilter } from '../../lib/filters.js';
import { queryHint } from '../../lib/query-hints.js';
import { useStore } from '../../store/index.js';
import { FilterMenu } from './FilterMenu.js';

/** Debounce of the search-as-you-type request. */
export const searchDebounceMs = 250;

/** Always visible above the grid; an empty query (and no filters) returns to the library. */
export function SearchBar(): ReactNode {
  const { query, filters, similarTo } = useStore(useShallow((s) => ({ query: s.query, filters: s.filters, similarTo: s.similarTo })));
  const [menuOpen, setMenuOpen] = useState(false);
  const s = useStore.getState();

  useEffect(() => {
    const timer = setTimeout(() => void useStore.getState().runSearch(), searchDebounceMs);
    return () => clearTimeout(timer);
  }, [query]);

  const chips = filterChips(filters);
  return (
    <div className="search">
      <div className="search-row">
        <div className="search-box">
          <span className="search-icon" aria-hidden="true">
            ⌕
          </span>
          <input
            id="search-input"
            type="search"
            value={query}
            placeholder={similarTo ? `Similar to ${similarTo.name}` : 'Search your photos — try “kids on a beach at sunset”'}
            onChange={(e) => s.setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                if (query || similarTo) s.clearSearch();
                (e.target as HTMLInputElement).blur();
              } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
                e.preventDefault();
                document.querySelector<HTMLElement>('[data-testid="photo-grid"]')?.focus();
              }
            }}
            aria-label="Search photos"
            aria-describedby="search-hint"
            data-testid="search-input"
          />
        </div>
        <button
          type="button"
          className={menuOpen ? 'btn is-on' : 'btn'}
          aria-expanded={menuOpen}
          aria-label="Filters"
          onClick={() => setMenuOpen(!menuOpen)}
          data-testid="filters-button"
        >
          Filters{chips.length ? ` (${chips.length})` : ''}
        </button>
      </div>
      <div className="search-meta">
        <p id="search-hint" className="hint" data-testid="search-hint">
          {similarTo ? `Showing photos similar to ${similarTo.name}` : queryHint(query)}
        </p>
        {(chips.length > 0 || similarTo) && (
          <div className="chips" aria-label="Active filters">
            {similarTo && <TagChip kind="filter" name={`similar to ${similarTo.name}`} onRemove={s.clearSearch} />}
            {chips.map((c) => (
              <TagChip key={c.key} kind="filter" name={c.label} onRemove={() => s.setFilters(withoutFilter(filters, c.key))} />
            ))}
          </div>
        )}
      </div>
      {menuOpen && <FilterMenu onClose={() => setMenuOpen(false)} />}
    </div>
  );
}
