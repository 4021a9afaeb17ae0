/** Pure layout of a paged, date-grouped photo grid: month runs per page → header / photo / pending rows. */
import { monthKey, monthLabel } from './format.js';

/** Consecutive photos of one page that share a month. Kept after a page is evicted so the layout never jumps. */
export interface MonthRun {
  key: string;
  label: string;
  count: number;
}

/** One row of the virtual grid. `start` is the index of the row's first photo in the whole list. */
export type GridRow =
  | { kind: 'header'; key: string; label: string }
  | { kind: 'photos'; start: number; count: number }
  | { kind: 'pending'; start: number; count: number };

/** Collapses a page of photos into month runs, in order, by date taken or else the file's date (`date`). */
export function monthRuns(photos: readonly { date: number | null }[]): MonthRun[] {
  const runs: MonthRun[] = [];
  for (const p of photos) {
    const key = monthKey(p.date);
    const last = runs[runs.length - 1];
    if (last && last.key === key) last.count++;
    else runs.push({ key, label: monthLabel(p.date), count: 1 });
  }
  return runs;
}

/**
 * Lays out `total` photos paged by `pageSize`: pages whose runs are known get a header at each month change
 * (rows continue across pages within a month); unknown pages become pending rows that trigger a fetch.
 */
export function buildRows(total: number, pageSize: number, runsByPage: ReadonlyMap<number, MonthRun[]>, columns: number): GridRow[] {
  const cols = Math.max(1, columns);
  const rows: GridRow[] = [];
  let currentKey: string | null = null;
  let rowStart = 0;
  let rowCount = 0;
  const flush = (): void => {
    if (rowCount > 0) rows.push({ kind: 'photos', start: rowStart, count: rowCount });
    rowCount = 0;
  };
  const pages = Math.ceil(total / pageSize);
  for (let page = 0; page < pages; page++) {
    const first = page * pageSize;
    const size = Math.min(pageSize, total - first);
    const runs = runsByPage.get(page);
    if (!runs) {
      flush();
      currentKey = null;
      for (let i = 0; i < size; i += cols) rows.push({ kind: 'pending', start: first + i, count: Math.min(cols, size - i) });
      continue;
    }
    let index = first;
    for (const run of runs) {
      if (run.key !== currentKey) {
        flush();
        // Orders other than by date carry one unlabelled run per page: no headers, rows continue across pages.
        if (run.label) rows.push({ kind: 'header', key: `${run.key}@${index}`, label: run.label });
        currentKey = run.key;
      }
      for (let i = 0; i < run.count; i++, index++) {
        if (rowCount === 0) rowStart = index;
        if (++rowCount === cols) flush();
      }
    }
  }
  flush();
  return rows;
}

/**
 * Rows for relevance-ordered search results: no date headers, but a "Weaker matches" line before `weakFrom` (the
 * first hit below the cut-off) when the weaker tail is shown.
 */
export function flatRows(count: number, columns: number, weakFrom: number | null = null): GridRow[] {
  const cols = Math.max(1, columns);
  const rows: GridRow[] = [];
  const split = weakFrom !== null && weakFrom > 0 && weakFrom < count ? weakFrom : count;
  for (let i = 0; i < split; i += cols) rows.push({ kind: 'photos', start: i, count: Math.min(cols, split - i) });
  if (split < count) rows.push({ kind: 'header', key: 'weaker', label: 'Weaker matches' });
  for (let i = split; i < count; i += cols) rows.push({ kind: 'photos', start: i, count: Math.min(cols, count - i) });
  return rows;
}

/** Index of the row holding photo `index` (binary search over item rows), or -1. */
export function rowOf(rows: readonly GridRow[], index: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    let r = mid;
    while (r >= lo && rows[r]!.kind === 'header') r--;
    if (r < lo) {
      lo = mid + 1;
      continue;
    }
    const row = rows[r] as Exclude<GridRow, { kind: 'header' }>;
    if (index < row.start) hi = r - 1;
    else if (index >= row.start + row.count) lo = mid + 1;
    else return r;
  }
  return -1;
}

/** The header row that is "current" for row `rowIndex` (the last header at or above it), or -1. */
export function activeHeader(rows: readonly GridRow[], rowIndex: number): number {
  for (let r = Math.min(rowIndex, rows.length - 1); r >= 0; r--) if (rows[r]!.kind === 'header') return r;
  return -1;
}

/** Where arrow keys take the focus: left/right by one photo, up/down to the same column of the neighbouring item row. */
export function moveIndex(rows: readonly GridRow[], index: number, key: 'left' | 'right' | 'up' | 'down', total: number): number {
  if (total === 0) return -1;
  if (key === 'left') return Math.max(0, index - 1);
  if (key === 'right') return Math.min(total - 1, index + 1);
  const r = rowOf(rows, index);
  if (r < 0) return index;
  const col = index - (rows[r] as { start: number }).start;
  const step = key === 'up' ? -1 : 1;
  for (let n = r + step; n >= 0 && n < rows.length; n += step) {
    const row = rows[n]!;
    if (row.kind === 'header') continue;
    return row.start + Math.min(col, row.count - 1);
  }
  return index;
}
