/** The grid the library and search results share: store-connected rows, tiles, paging and keyboard. */
import { useCallback, useMemo, useState, type MouseEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Thumbnail } from '../../components/Thumbnail.js';
import { VirtualGrid } from '../../components/VirtualGrid.js';
import { thumbUrl } from '../../lib/api.js';
import { baseName, formatPercent } from '../../lib/format.js';
import { buildRows, flatRows, monthRuns, rowOf } from '../../lib/grid-rows.js';
import { pageSize } from '../../store/library.slice.js';
import { useStore } from '../../store/index.js';
import { gridCount, photoAt, searchActive } from '../../store/selectors.js';
import { useGridKeys } from './use-grid-keys.js';

/** Shows either the date-grouped library or the relevance-ordered search hits. */
export function PhotoGrid({ tileSize }: { tileSize: number }): ReactNode {
  const [columns, setColumns] = useState(6);
  const grid = useStore(
    useShallow((s) => ({
      searching: searchActive(s),
      results: s.results,
      total: s.total,
      pages: s.pages,
      pageRuns: s.pageRuns,
      selected: s.selected,
      focusIndex: s.focusIndex,
      query: s.query,
      filters: s.filters,
      similarTo: s.similarTo,
      searchSort: s.query.trim() || s.similarTo ? s.viewPrefs.search.sort : s.viewPrefs.library.sort,
    })),
  );
  const count = gridCount(grid);
  const rows = useMemo(() => {
    if (!grid.searching) return buildRows(grid.total, pageSize, grid.pageRuns, columns);
    const hits = grid.results?.hits ?? [];
    // Results in date order group by month like the library; by relevance they split at the cut-off.
    if (grid.searchSort === 'date')
      return buildRows(count, Math.max(1, count), new Map([[0, monthRuns(hits.map((h) => h.photo))]]), columns);
    if (grid.searchSort !== 'relevance') return flatRows(count, columns);
    const weakFrom = hits.findIndex((h) => !h.strong);
    return flatRows(count, columns, weakFrom < 0 ? null : weakFrom);
  }, [grid.searching, grid.searchSort, grid.results, count, columns, grid.total, grid.pageRuns]);
  const onKeyDown = useGridKeys(rows, count);

  const onPick = useCallback((index: number, e: MouseEvent) => {
    useStore.getState().pick(index, { shift: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
  }, []);
  const onOpen = useCallback((index: number) => useStore.getState().openViewer(index), []);
  const onDragTo = useCallback((index: number) => useStore.getState().dragTo(index), []);
  const onVisibleRange = useCallback((first: number, last: number) => {
    const s = useStore.getState();
    if (searchActive(s)) {
      if (s.results && last >= s.results.hits.length - 1) void s.loadMoreHits();
    } else void s.ensurePages(first, last);
  }, []);

  const renderTile = (index: number): ReactNode => {
    const photo = photoAt(grid, index, pageSize);
    const hit = grid.searching ? grid.results?.hits[index] : undefined;
    return (
      <Thumbnail
        key={photo ? photo.id : `pending-${index}`}
        index={index}
        id={`photo-${index}`}
        src={photo ? thumbUrl(photo.id) : null}
        name={photo ? baseName(photo.path) : ''}
        selected={photo ? grid.selected.has(photo.id) : false}
        focused={index === grid.focusIndex}
        missing={photo?.presence === 'missing'}
        hasThumb={photo?.hasThumb}
        badge={hit?.probability != null ? formatPercent(hit.probability) : photo?.error ? "Can't be read" : undefined}
        title={photo?.error ?? undefined}
        tags={photo?.tags}
        rotation={photo?.rotation}
        onPick={onPick}
        onOpen={onOpen}
        onDragTo={onDragTo}
      />
    );
  };

  return (
    <VirtualGrid
      rows={rows}
      tileSize={tileSize}
      onColumns={setColumns}
      renderTile={renderTile}
      onVisibleRange={onVisibleRange}
      focusRow={rowOf(rows, grid.focusIndex)}
      activeId={count > 0 ? `photo-${grid.focusIndex}` : undefined}
      label={grid.searching ? 'Search results' : 'Library'}
      onKeyDown={onKeyDown}
      testId="photo-grid"
    />
  );
}
