/** The id → row table: behaves as a Map whether ids are dense (typed array) or not (it switches to a Map). */
import { describe, expect, it } from 'vitest';
import { IdRows } from '../../main/core/search/id-rows.js';

describe('IdRows', () => {
  it('agrees with a Map through dense growth, removals and a switch to sparse ids', () => {
    const rows = new IdRows();
    const ref = new Map<number, number>();
    const apply = (op: 'set' | 'delete', id: number, row = 0): void => {
      if (op === 'set') {
        rows.set(id, row);
        ref.set(id, row);
      } else expect(rows.delete(id)).toBe(ref.delete(id));
      expect(rows.size).toBe(ref.size);
    };
    for (let id = 1; id <= 5000; id++) apply('set', id, id - 1);
    for (let id = 2; id <= 5000; id += 3) apply('delete', id);
    apply('set', 7, 123); // replacing keeps the count
    apply('delete', 2); // already gone
    apply('set', 0, 9);
    for (const id of [0, 1, 2, 7, 4999, 5000, 5001, -1, 1.5]) expect(rows.get(id)).toBe(ref.get(id));
    apply('set', 50_000_000, 77); // far past the dense range: now a Map
    apply('set', -3, 5);
    for (const id of [0, 1, 2, 7, 4999, 5000, 50_000_000, -3]) {
      expect(rows.get(id)).toBe(ref.get(id));
      expect(rows.has(id)).toBe(ref.has(id));
    }
    apply('delete', 50_000_000);
    expect(rows.get(50_000_000)).toBeUndefined();
  });
});
