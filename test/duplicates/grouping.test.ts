/** Grouping rules: exact copies by hash, near-duplicates around a centre (no chaining), bursts by time. */
import { describe, expect, it } from 'vitest';
import { groupDuplicates } from '../../main/core/duplicates/grouping.js';
import { suggestKeeper } from '../../main/core/duplicates/keeper.js';

const T = { near: 0.95, burst: 0.85, burstSeconds: 10 };
const photo = (id: number, hash: string | null = null, takenAt: number | null = null) => ({ id, hash, takenAt });

describe('groupDuplicates', () => {
  it('cuts a chain around its centre instead of joining its two far ends', () => {
    // 1~2~3~4~5 in a line, each step 0.96; the ends are far apart.
    const photos = [1, 2, 3, 4, 5].map((id) => photo(id));
    const pairs = [0, 1, 2, 3].map((i) => ({ a: i, b: i + 1, score: 0.96 }));
    const groups = groupDuplicates(photos, pairs, T);
    for (const g of groups) expect(Math.max(...g.ids) - Math.min(...g.ids)).toBeLessThanOrEqual(2);
    expect(groups.flatMap((g) => g.ids).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('groups byte-identical copies as exact, unless a near match joins them: then one near group holds them all', () => {
    const photos = [photo(1, 'h'), photo(2, 'h'), photo(3, 'x'), photo(4, 'k'), photo(5, 'k')];
    const groups = groupDuplicates(photos, [{ a: 1, b: 2, score: 0.97 }], T);
    expect(groups).toEqual([
      { kind: 'exact', ids: [4, 5], minScore: 1 },
      { kind: 'near', ids: [1, 2, 3], minScore: 0.97 },
    ]);
  });

  it('makes a burst only of shots taken within seconds of each other', () => {
    const photos = [photo(1, null, 0), photo(2, null, 4_000), photo(3, null, 600_000)];
    const pairs = [
      { a: 0, b: 1, score: 0.9 },
      { a: 0, b: 2, score: 0.9 },
    ];
    expect(groupDuplicates(photos, pairs, T)).toEqual([{ kind: 'burst', ids: [1, 2], minScore: 0.9 }]);
  });
});

describe('suggestKeeper', () => {
  it('keeps the largest, then the biggest file, then the most tagged, and says why', () => {
    const base = { path: '/p/IMG_1.jpg', width: 100, height: 100, size: 1000, tagCount: 0 };
    expect(
      suggestKeeper([
        { id: 1, ...base },
        { id: 2, ...base, width: 200 },
      ]),
    ).toEqual({ id: 2, reason: 'the largest (200 × 100)' });
    expect(
      suggestKeeper([
        { id: 1, ...base },
        { id: 2, ...base, size: 2000 },
      ]).id,
    ).toBe(2);
    expect(
      suggestKeeper([
        { id: 1, ...base },
        { id: 2, ...base, tagCount: 3 },
      ]),
    ).toEqual({ id: 2, reason: 'the most tags' });
  });
});
