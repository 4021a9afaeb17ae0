/** Checks the benchmark suite's own arithmetic: quantiles, exact top-k, derived ratios and the table's verdicts. */
import { describe, expect, it } from 'vitest';
import { derivedSection } from './derived.js';
import { DIM, exactTopK, makeVectors, row } from './search-data.js';
import { quantile, Rng } from './stats.js';
import { formatTable } from './table.js';

describe('bench helpers', () => {
  it('takes nearest-rank quantiles', () => {
    const v = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(v, 0.5)).toBe(50);
    expect(quantile(v, 0.95)).toBe(95);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('finds the exact top-k of unit vectors and labels queries', () => {
    const { set, queries } = makeVectors(3000, 4, 1);
    expect(queries.map((q) => q.cluster >= 0)).toEqual([true, false, true, false]);
    const q = queries[0]!.vector;
    const scores = Array.from({ length: set.n }, (_, i) => row(set, i).reduce((s, x, j) => s + x * q[j]!, 0));
    const byScore = scores
      .map((s, i) => ({ s, i }))
      .sort((a, b) => b.s - a.s)
      .slice(0, 5)
      .map((e) => e.i);
    expect(exactTopK(set, q, 5)).toEqual(byScore);
    expect(Math.hypot(...row(set, 17))).toBeCloseTo(1, 5);
    expect(row(set, 0)).toHaveLength(DIM);
  });

  it('draws the same numbers from the same seed', () => {
    const a = new Rng(5);
    const b = new Rng(5);
    expect([a.normal(), a.uniform()]).toEqual([b.normal(), b.uniform()]);
  });

  it('derives efficiency and peer ratios and marks missed targets', () => {
    const derived = derivedSection([
      {
        name: 'x',
        notes: [],
        figures: [
          { key: 'pipeline.immich', label: 'p', value: 0.9, unit: '' },
          { key: 'limit.immich.best', label: 'l', value: 1, unit: '' },
          { key: 'peer', label: 'peer', value: 0.3, unit: '' },
        ],
      },
    ]);
    const eff = derived.figures.find((f) => f.key === 'efficiency.immich')!;
    expect(eff.value).toBeCloseTo(0.9);
    expect(derived.figures.find((f) => f.key === 'peer.ratio.immich')!.value).toBeCloseTo(3);
    expect(derived.figures.some((f) => f.key === 'efficiency.xenova')).toBe(false);
    expect(formatTable([derived])).toMatch(/MISS \(>= 0\.950\)/);
  });

  it('divides efficiency by the ceiling of the same run', () => {
    const figure = (key: string, value: number) => ({ key, label: key, value, unit: '' });
    // limit 4/s, decodes 12/s: ceiling (1/4) / (1/4 + 1/12) = 0.75; efficiency 3.6 / 4 = 0.9 → 1.2 of the ceiling
    const derived = derivedSection([
      { name: 'x', notes: [], figures: [figure('pipeline.immich', 3.6), figure('limit.immich.best', 4), figure('decode.alone', 12)] },
    ]);
    expect(derived.figures.find((f) => f.key === 'efficiency.immich.ceiling')!.value).toBeCloseTo(0.75);
    expect(derived.figures.find((f) => f.key === 'efficiency.immich.of_ceiling')!.value).toBeCloseTo(1.2);
  });
});
