/** A virtualised, square-tile photo grid with sticky date headers; knows nothing about the store. */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
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

/** Renders only the rows on screen; the header of the current month sticks to the top. */
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

  const headerRows = useMemo(() => rows.flatMap((r, i) => (r.kind === 'header' ? [i] : [])), [rows]);
  const activeRef = useRef(-1);
  const rangeExtractor = useCallback(
    (range: Range) => {
      activeRef.current = headerRows.length ? activeHeader(rows, range.startIndex) : -1;
      const indexes = defaultRangeExtractor(range);
      if (activeRef.current >= 0 && !indexes.includes(activeRef.current)) indexes.unshift(activeRef.current);
      return indexes;
    },
    [rows, headerRows],
  );

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'header' ? headerHeight : tile + gap),
    overscan: 4,
    rangeExtractor,
  });
  useEffect(() => virtualizer.measure(), [tile, rows, virtualizer]);
  useEffect(() => {
    if (focusRow >= 0) virtualizer.scrollToIndex(focusRow, { align: 'auto' });
  }, [focusRow, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const first = items.find((v) => rows[v.index]?.kind !== 'header' && v.index !== activeRef.current);
  const last = items[items.length - 1];
  const startIndex = first ? (rows[first.index] as { start: number } | undefined)?.start ?? 0 : 0;
  const lastRow = last ? rows[last.index] : undefined;
  const endIndex = lastRow && lastRow.kind !== 'header' ? lastRow.start + lastRow.count - 1 : startIndex;
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
      <div className="vgrid-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((v) => {
          const row = rows[v.index];
          if (!row) return null;
          const sticky = v.index === activeRef.current;
          const style = sticky
            ? { position: 'sticky' as const, top: 0, height: v.size, zIndex: 2 }
            : { position: 'absolute' as const, top: 0, transform: `translateY(${v.start}px)`, height: v.size };
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
