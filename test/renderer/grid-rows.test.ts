/** Date-grouped grid layout: month headers, rows across pages, pending pages, focus movement. */
import { describe, expect, it } from 'vitest';
import {
  activeHeader,
  buildRows,
  flatRows,
  monthRuns,
  moveIndex,
  rowOf,
  type GridRow,
  type MonthRun,
} from '../../renderer/lib/grid-rows.js';

const june = new Date(2023, 5, 10).getTime();
const may = new Date(2023, 4, 3).getTime();

/** Photo indices covered by the item rows, in order. */
function indices(rows: GridRow[]): number[] {
  return rows.flatMap((r) => (r.kind === 'header' ? [] : Array.from({ length: r.count }, (_, k) => r.start + k)));
}

describe('monthRuns', () => {
  it('collapses consecutive photos of one month and labels undated ones', () => {
    const runs = monthRuns([{ date: june }, { date: june }, { date: may }, { date: null }]);
    expect(runs.map((r) => [r.label, r.count])).toEqual([
      ['June 2023', 2],
      ['May 2023', 1],
      ['Date unknown', 1],
    ]);
  });
});

describe('buildRows', () => {
  const run = (key: string, count: number): MonthRun => ({ key, label: key, count });

  it('puts a header at each month change and wraps rows at the column count', () => {
    const rows = buildRows(7, 10, new Map([[0, [run('2023-06', 5), run('2023-05', 2)]]]), 3);
    expect(rows).toEqual([
      { kind: 'header', key: '2023-06@0', label: '2023-06' },
      { kind: 'photos', start: 0, count: 3 },
      { kind: 'photos', start: 3, count: 2 },
      { kind: 'header', key: '2023-05@5', label: '2023-05' },
      { kind: 'photos', start: 5, count: 2 },
    ]);
  });

  it('continues a month across a page boundary without a second header', () => {
    const rows = buildRows(
      8,
      4,
      new Map([
        [0, [run('a', 4)]],
        [1, [run('a', 4)]],
      ]),
      3,
    );
    expect(rows.filter((r) => r.kind === 'header')).toHaveLength(1);
    expect(indices(rows)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(rows[2]).toEqual({ kind: 'photos', start: 3, count: 3 });
  });

  it('lays out unknown pages as pending rows and restarts headers after them', () => {
    const rows = buildRows(
      25,
      10,
      new Map([
        [0, [run('a', 10)]],
        [2, [run('a', 5)]],
      ]),
      4,
    );
    const pending = rows.filter((r) => r.kind === 'pending');
    expect(pending.map((r) => (r as { count: number }).count)).toEqual([4, 4, 2]);
    expect(rows.filter((r) => r.kind === 'header')).toHaveLength(2);
    expect(indices(rows)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('handles 100k photos with few loaded pages quickly', () => {
    const t0 = performance.now();
    const rows = buildRows(
      100_000,
      200,
      new Map([
        [0, [run('a', 200)]],
        [250, [run('b', 200)]],
      ]),
      8,
    );
    expect(performance.now() - t0).toBeLessThan(50);
    expect(indices(rows)).toHaveLength(100_000);
  });
});

describe('rowOf / activeHeader / moveIndex', () => {
  const rows = buildRows(
    7,
    10,
    new Map([
      [
        0,
        [
          { key: 'a', label: 'A', count: 5 },
          { key: 'b', label: 'B', count: 2 },
        ],
      ],
    ]),
    3,
  );

  it('finds the row of a photo and the header above it', () => {
    expect(rowOf(rows, 0)).toBe(1);
    expect(rowOf(rows, 4)).toBe(2);
    expect(rowOf(rows, 6)).toBe(4);
    expect(rowOf(rows, 7)).toBe(-1);
    expect(activeHeader(rows, 4)).toBe(3);
    expect(activeHeader(rows, 2)).toBe(0);
  });

  it('moves up and down to the same column, clamped to short rows, skipping headers', () => {
    expect(moveIndex(rows, 2, 'down', 7)).toBe(4);
    expect(moveIndex(rows, 4, 'down', 7)).toBe(6);
    expect(moveIndex(rows, 6, 'up', 7)).toBe(4);
    expect(moveIndex(rows, 5, 'up', 7)).toBe(3);
    expect(moveIndex(rows, 1, 'up', 7)).toBe(1);
    expect(moveIndex(rows, 0, 'left', 7)).toBe(0);
    expect(moveIndex(rows, 6, 'right', 7)).toBe(6);
  });

  it('flatRows has no headers', () => {
    expect(flatRows(5, 2)).toEqual([
      { kind: 'photos', start: 0, count: 2 },
      { kind: 'photos', start: 2, count: 2 },
      { kind: 'photos', start: 4, count: 1 },
    ]);
  });

  it('flatRows draws one "Weaker matches" line where the cut-off falls, starting the weaker hits on a new row', () => {
    expect(flatRows(5, 2, 3)).toEqual([
      { kind: 'photos', start: 0, count: 2 },
      { kind: 'photos', start: 2, count: 1 },
      { kind: 'header', key: 'weaker', label: 'Weaker matches' },
      { kind: 'photos', start: 3, count: 2 },
    ]);
    expect(flatRows(5, 2, 0)).toEqual(flatRows(5, 2));
    expect(flatRows(5, 2, 5)).toEqual(flatRows(5, 2));
  });

  it('buildRows puts no header over unlabelled runs (orders other than by date) and continues rows across pages', () => {
    const runs = new Map([
      [0, [{ key: 'name', label: '', count: 3 }]],
      [1, [{ key: 'name', label: '', count: 2 }]],
    ]);
    expect(buildRows(5, 3, runs, 2)).toEqual([
      { kind: 'photos', start: 0, count: 2 },
      { kind: 'photos', start: 2, count: 2 },
      { kind: 'photos', start: 4, count: 1 },
    ]);
  });
});
