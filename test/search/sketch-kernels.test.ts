/** The sketch kernels against plain-JS references, and the sketch shortlist against a full int8 scan of real-size blocks. */
import { describe, expect, it } from 'vitest';
import { SketchBlock } from '../../main/core/search/sketch-block.js';
import { maskedColumns, prepareQuery, sketchCount, sketchSearch, type SketchItem } from '../../main/core/search/sketch-scan.js';

/** xorshift32 stream: Gaussian-like codes (sum of three uniforms) within ±127. */
function rng(seed: number): () => number {
  let x = seed | 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** Column-major codes [dim, rows] of isotropic random directions, as Int8Matrix stores them. */
function columnMajor(dim: number, rows: number, seed: number): Int8Array {
  const r = rng(seed);
  const out = new Int8Array(dim * rows);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(-127, Math.min(127, Math.round((r() + r() + r() - 1.5) * 70)));
  return out;
}

function queryCodes(dim: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: dim }, () => 128 + Math.round((r() + r() + r() - 1.5) * 70));
}

/** Reference int8 dot of column c with the query (zero point 128). */
function dot(codes: Int8Array, dim: number, rows: number, c: number, q: Uint8Array): number {
  let s = 0;
  for (let j = 0; j < dim; j++) s += codes[j * rows + c]! * (q[j]! - 128);
  return s;
}

/** Reference sketch score of column c: the query's nibble tables looked up by the column's sign bits. */
function sketchOf(codes: Int8Array, dim: number, rows: number, c: number, lut: Int8Array): number {
  let s = 0;
  for (let t = 0; t < Math.ceil(dim / 4); t++) {
    let nib = 0;
    for (let i = 0; i < 4; i++) if (4 * t + i < dim && codes[(4 * t + i) * rows + c]! > 0) nib |= 1 << i;
    s += lut[t * 16 + nib]!;
  }
  return s;
}

describe('sketch kernels', () => {
  it.each([768, 40])('score the sketch and the int8 dots of %i-d rows exactly as plain JS does', (dim) => {
    const rows = 1000; // not a multiple of 16: the last group is part padding
    const codes = columnMajor(dim, rows, dim);
    const block = new SketchBlock(dim, rows, codes);
    const q = queryCodes(dim, 3);
    const prep = prepareQuery(q, dim);
    const ref = Array.from({ length: rows }, (_, c) => sketchOf(codes, dim, rows, c, prep.lut));
    const masked = Int32Array.of(0, 17, 999);
    const hist = new Int32Array(1 << 14);
    block.sketch(prep.lut, masked, hist);
    expect(hist.reduce((a, b) => a + b, 0)).toBe(rows);
    expect(hist[0]).toBe(masked.length);
    const floor = [...ref].sort((a, b) => a - b)[rows >> 1]!;
    block.setQuery(prep.q8);
    const got = new Map<number, number>();
    block.shortlist(floor, (r, d) => r.forEach((c, i) => got.set(c, d[i]!)));
    const want = ref.flatMap((s, c) => (s >= floor && !masked.includes(c) ? [c] : []));
    expect([...got.keys()]).toEqual(want);
    for (const [c, d] of got) expect(d).toBe(dot(codes, dim, rows, c, q));
    // Rows go in pairs in the kernel: an odd count leaves the last one alone.
    const odd = Int32Array.of(999, 3, 500, 17, 0, 998, 421);
    const oddDots = new Int32Array(odd.length);
    block.dots(odd, oddDots);
    expect(Array.from(oddDots)).toEqual(Array.from(odd, (c) => dot(codes, dim, rows, c, q)));
  });

  it(
    'shortlists the true int8 top 20 of 262,144 isotropic rows in four blocks (recall ≥ 0.98), filtered or not',
    { timeout: 120_000 },
    () => {
      const dim = 768;
      const rows = 65_536;
      const blocks = [0, 1, 2, 3].map((b) => new SketchBlock(dim, rows, columnMajor(dim, rows, 100 + b)));
      const scales = new Float32Array(rows).fill(1);
      const open = new Float32Array(rows);
      const odd = new Float32Array(rows).map((_, c) => (c % 2 === 1 ? -Infinity : 0));
      for (const bias of [open, odd]) {
        const items: SketchItem[] = blocks.map((block) => ({ block, scales, bias, masked: maskedColumns(bias, rows) }));
        let found = 0;
        const queries = 8;
        for (let qi = 0; qi < queries; qi++) {
          const q = queryCodes(dim, 7 + qi);
          const prep = prepareQuery(q, dim);
          // Half the shortlist, as each of two scan threads takes: 12,288 of 262,144 rows (4.7 %; 24,576 of 1M is 2.5 %).
          const res = sketchSearch(items, prep, 20, 64, 0.5);
          const all: { b: number; c: number; s: number }[] = [];
          blocks.forEach((block, b) => {
            block.setQuery(prep.q8);
            block.dotsAll((first, d) => d.forEach((s, i) => bias[first + i] === 0 && all.push({ b, c: first + i, s })));
          });
          all.sort((x, y) => y.s - x.s);
          const truth = new Set(all.slice(0, 20).map((e) => `${e.b}/${e.c}`));
          const merged = res.flatMap((r, b) => Array.from(r.topColumns, (c, i) => ({ key: `${b}/${c}`, s: r.topValues[i]! })));
          merged.sort((x, y) => y.s - x.s);
          found += merged.slice(0, 20).filter((e) => truth.has(e.key)).length;
          for (const r of res) {
            expect(Array.from(r.topColumns).every((c) => bias[c] === 0)).toBe(true);
            expect(r.sample.length).toBe(rows / 64); // every 64th column, all even, so allowed either way
          }
          const counts = sketchCount(items, prep, 1, all[99]!.s);
          expect(counts.reduce((a, b) => a + b, 0)).toBe(all.filter((e) => e.s >= all[99]!.s).length);
        }
        expect(found / (20 * queries)).toBeGreaterThanOrEqual(0.98);
      }
    },
  );
});
