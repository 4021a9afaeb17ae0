/** A virtualised, square-tile photo grid with sticky date headers; knows nothing about the store. */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { activeHeader, type GridRow } from '../lib/grid-rows.js';

const gap = 4;
const headerHeight = 44;

/** Props of {@link VirtualGrid}. */
export interface VirtualGridProps {
  rows: GridRow[];
  /** Target tile edge in CSS pixels; the real size stretches to fill the width. */
  tileSize: number;
  /** Called when the width allows a different column count. */
  onColumns(columns: number): void;
  renderTile(index: number): ReactNode;
  /** Photo indices currently on screen (plus overscan), to fetch pages on demand. */
  onVisibleRange(first: number, last: number): void;
  /** Row to keep in view (the focused photo's row), or -1. */
  focusRow: number;
  /** id of the focused tile for aria-activedescendant. */
  activeId: string | undefined;
  label: string;
  onKeyDown(e: KeyboardEvent<HTMLDivElement>): void;
  testId: string;
}

/** Renders only the rows on screen; an overlay repeats the current month's header at the top while scrolling. */
export function VirtualGrid(props: VirtualGridProps): ReactNode {
  const { rows, tileSize, onColumns, renderTile, onVisibleRange, focusRow } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const columns = Math.max(1, Math.floor((width - 16 + gap) / (tileSize + gap)));
  const tile = columns > 0 && width > 0 ? (width - 16 - gap * (columns - 1)) / columns : tileSize;

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (width > 0) onColumns(columns);
  }, [columns, width, onColumns]);

  const hasHeaders = useMemo(() => rows.some((r) => r.kind === 'header'), [rows]);
  // A new key function whenever the layout changes makes the virtualizer re-measure in the same render.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the dependencies are what changes the key function's identity
  const getItemKey = useCallback((i: number) => i, [rows, tile]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'header' ? headerHeight : tile + gap),
    getItemKey,
    overscan: 4,
  });
  useEffect(() => {
    if (focusRow >= 0) virtualizer.scrollToIndex(focusRow, { align: 'auto' });
  }, [focusRow, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const offset = virtualizer.scrollOffset ?? 0;
  const firstVisible = items.find((v) => v.end > offset);
  const sticky = hasHeaders && firstVisible ? rows[activeHeader(rows, firstVisible.index)] : undefined;
  const itemRows = items.map((v) => rows[v.index]).filter((r): r is Exclude<GridRow, { kind: 'header' }> => !!r && r.kind !== 'header');
  const startIndex = itemRows[0]?.start ?? 0;
  const lastRow = itemRows[itemRows.length - 1];
  const endIndex = lastRow ? lastRow.start + lastRow.count - 1 : startIndex;
  useEffect(() => onVisibleRange(startIndex, endIndex), [startIndex, endIndex, onVisibleRange]);

  return (
    <div
      ref={scrollRef}
      className="vgrid"
      role="listbox"
      aria-multiselectable="true"
      aria-label={props.label}
      aria-activedescendant={props.activeId}
      tabIndex={0}
      onKeyDown={props.onKeyDown}
      data-testid={props.testId}
    >
      {sticky?.kind === 'header' && (
        <div className="vgrid-header vgrid-sticky" aria-hidden="true" data-testid="sticky-header">
          {sticky.label}
        </div>
      )}
      <div className="vgrid-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((v) => {
          const row = rows[v.index];
          if (!row) return null;
          const style = { position: 'absolute' as const, top: 0, transform: `translateY(${v.start}px)`, height: v.size };
          if (row.kind === 'header') {
            return (
              <div key={`h${v.index}`} className="vgrid-header" style={style} role="presentation" data-testid="date-header">
                {row.label}
              </div>
            );
          }
          return (
            <div
              key={`r${v.index}`}
              className="vgrid-row"
              role="presentation"
              style={{ ...style, gridTemplateColumns: `repeat(${columns}, ${tile}px)`, gap }}
            >
              {Array.from({ length: row.count }, (_, k) => renderTile(row.start + k))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
