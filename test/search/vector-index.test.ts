/** The int8 vector index: updates, filters, exact re-rank from SQLite, and recall/speed at 100k photos (logged). */
import { afterEach, describe, expect, it } from 'vitest';
import { saveEmbedding } from '../../main/core/catalog/embeddings.js';
import { VectorIndex } from '../../main/core/search/vector-index.js';
import { MODEL, makeCatalog, prng, type TestCatalog } from './catalog-fixture.js';

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function randomUnit(dim: number, rand: () => number): Float32Array {
  const v = Float32Array.from({ length: dim }, () => rand() * 2 - 1);
  const n = Math.sqrt(dot(v, v));
  return v.map((x) => x / n);
}

let cat: TestCatalog | null = null;
afterEach(() => {
  cat?.close();
  cat = null;
});

describe('VectorIndex', () => {
  it('loads from the catalog, re-ranks exactly, and follows upserts and removals', () => {
    cat = makeCatalog();
    const ids = ['red', 'red', 'green', 'blue', 'red'].map((c) => cat!.addPhoto({ colour: c as 'red' }));
    const index = VectorIndex.fromCatalog(cat.db, MODEL);
    expect(index.size).toBe(5);
    expect(index.bytesPerPhoto()).toBe(16 + 8);
    const red = Float32Array.from({ length: 16 }, (_, j) => (j === 0 ? 1 : 0));
    const res = index.search(red, { k: 3 });
    expect(res.hits.map((h) => h.photoId).sort()).toEqual([ids[0], ids[1], ids[4]].sort());
    const exact = cat.db.prepare('SELECT vector FROM embeddings WHERE photo_id = ?').get(res.hits[0]!.photoId) as { vector: Buffer };
    const v = new Float32Array(new Uint8Array(exact.vector).buffer);
    expect(res.hits[0]!.score).toBeCloseTo(v[0]! / Math.hypot(...v), 6);

    expect(index.search(red, { k: 5, filter: new Set([ids[2]!, ids[3]!]) }).hits.map((h) => h.photoId).sort()).toEqual([ids[2], ids[3]].sort());
    expect(index.search(red, { k: 5, filter: (id) => id !== ids[0] }).candidates).toBe(4);
    expect(index.remove(ids[0]!)).toBe(true);
    expect(index.remove(ids[0]!)).toBe(false);
    saveEmbedding(cat.db, ids[2]!, MODEL, red, 'hash2');
    index.upsert(ids[2]!, red);
    expect(index.size).toBe(4);
    expect(index.search(red, { k: 4 }).hits.slice(0, 3).map((h) => h.photoId)).toContain(ids[2]);
    expect(index.search(red, { k: 4 }).hits.map((h) => h.photoId)).not.toContain(ids[0]);
  });

  it('finds the exact top 20 at 100k × 768 (recall and time logged)', { timeout: 240_000 }, () => {
    const dim = 768;
    const n = 100_000;
    const rand = prng(42);
    const exactVectors = new Map<number, Float32Array>();
    const index = new VectorIndex(dim, (ids) => new Map(ids.map((id) => [id, exactVectors.get(id)!])), n);
    // Clustered data (like real embeddings) rather than uniform noise: 200 centres plus spread.
    const centres = Array.from({ length: 200 }, () => randomUnit(dim, rand));
    const noiseA = Array.from({ length: 1000 }, () => randomUnit(dim, rand));
    const noiseB = Array.from({ length: 997 }, () => randomUnit(dim, rand));
    for (let id = 1; id <= n; id++) {
      const c = centres[id % centres.length]!;
      const a = noiseA[id % 1000]!;
      const b = noiseB[Math.floor(rand() * 997)]!;
      const v = c.map((x, j) => x + 0.6 * a[j]! + 0.6 * b[j]!);
      exactVectors.set(id, v);
      index.upsert(id, v);
    }
    const queries = Array.from({ length: 10 }, () => {
      const c = centres[Math.floor(rand() * centres.length)]!;
      const noise = randomUnit(dim, rand);
      return c.map((x, j) => x + 0.5 * noise[j]!);
    });
    let recall = 0;
    const times: number[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      const got = index.search(q, { k: 20 }).hits.map((h) => h.photoId);
      times.push(performance.now() - t0);
      const truth = [...exactVectors]
        .map(([id, v]) => ({ id, s: dot(v, q) / Math.sqrt(dot(v, v)) }))
        .sort((a, b) => b.s - a.s)
        .slice(0, 20)
        .map((e) => e.id);
      recall += got.filter((id) => truth.includes(id)).length / 20;
    }
    recall /= queries.length;
    times.sort((a, b) => a - b);
    console.log(`[vector-index] 100k×768: recall@20 ${recall.toFixed(3)}, query median ${times[5]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)}), ${index.bytesPerPhoto()} B/photo`);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
