/** Pure mapping between search filter chips and `SearchRequest.filters`. */
import type { SearchFilters } from '../../preload/contract.js';

/** The filters a chip can set. */
export type FilterKey = 'date' | 'folder' | 'camera' | 'tags' | 'untagged' | 'hasLocation' | 'album';

/** One active chip: what it shows and which filter it removes. */
export interface FilterChip {
  key: FilterKey;
  label: string;
}

/** The chips that describe `filters`, in a stable order. */
export function filterChips(filters: SearchFilters): FilterChip[] {
  const chips: FilterChip[] = [];
  if (filters.from || filters.to) {
    const label =
      filters.from && filters.to ? `${filters.from} – ${filters.to}` : filters.from ? `from ${filters.from}` : `until ${filters.to}`;
    chips.push({ key: 'date', label });
  }
  if (filters.album) chips.push({ key: 'album', label: `album ${filters.album}` });
  if (filters.folder) chips.push({ key: 'folder', label: `in ${filters.folder}` });
  if (filters.camera) chips.push({ key: 'camera', label: `camera ${filters.camera}` });
  if (filters.tags?.length) {
    const how = filters.tagMode === 'any' ? 'tagged any of' : filters.tagMode === 'none' ? 'tagged none of' : 'tagged';
    chips.push({ key: 'tags', label: `${how} ${filters.tags.join(', ')}` });
  }
  if (filters.untagged) chips.push({ key: 'untagged', label: 'untagged' });
  if (filters.hasLocation) chips.push({ key: 'hasLocation', label: 'with location' });
  return chips;
}

/** A copy of `filters` without the chip's filter. */
export function withoutFilter(filters: SearchFilters, key: FilterKey): SearchFilters {
  const next = { ...filters };
  if (key === 'date') {
    delete next.from;
    delete next.to;
  } else delete next[key];
  if (key === 'tags') delete next.tagMode;
  return next;
}

/** True when no filter is set. */
export function noFilters(filters: SearchFilters): boolean {
  return filterChips(filters).length === 0;
}

/** The year shortcut of the date chip: the whole calendar year. */
export function yearFilter(year: number): Pick<SearchFilters, 'from' | 'to'> {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
