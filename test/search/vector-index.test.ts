/** The int8 vector index on both kernels: catalog load, exact re-rank, filters, exclude, live updates, block growth. */
import { afterEach, describe, expect, it } from 'vitest';
import { saveEmbedding } from '../../main/core/catalog/embeddings.js';
import { BLOCK_ROWS } from '../../main/core/search/int8-matrix.js';
import { VectorIndex } from '../../main/core/search/vector-index.js';
import { MODEL, makeCatalog, type TestCatalog } from './catalog-fixture.js';
import { clusteredVectors, exactCount, exactTop, queriesFor, row, setSource } from './vector-data.js';

let cat: TestCatalog | null = null;
afterEach(() => {
  cat?.close();
  cat = null;
});

const ids = (hits: { photoId: number }[]): number[] => hits.map((h) => h.photoId);

describe.each(['auto', 'js'] as const)('VectorIndex (kernel %s)', (kernel) => {
  it('loads from the catalog, re-ranks exactly, and follows upserts and removals', async () => {
    cat = makeCatalog();
    const p = ['red', 'red', 'green', 'blue', 'red'].map((c) => cat!.addPhoto({ colour: c as 'red' }));
    const index = VectorIndex.fromCatalog(cat.db, MODEL, { kernel });
    await index.loaded;
    expect((await index.kernel()).kind).toBe(kernel === 'auto' ? 'onnxruntime' : 'js');
    expect(index.size).toBe(5);
    expect(index.bytesPerPhoto()).toBe(16 + 2 + 2 + 16);
    const red = Float32Array.from({ length: 16 }, (_, j) => (j === 0 ? 1 : 0));
    const res = await index.search(red, { k: 3 });
    expect(ids(res.hits).sort()).toEqual([p[0], p[1], p[4]].sort());
    expect(res.candidates).toBe(5);
    expect(res.sample.length).toBe(5);
    const exact = cat.db.prepare('SELECT vector FROM embeddings WHERE photo_id = ?').get(res.hits[0]!.photoId) as { vector: Buffer };
    const v = new Float32Array(new Uint8Array(exact.vector).buffer);
    expect(res.hits[0]!.score).toBeCloseTo(v[0]! / Math.hypot(...v), 6);

    expect(ids((await index.search(red, { k: 5, filter: new Set([p[2]!, p[3]!]) })).hits).sort()).toEqual([p[2], p[3]].sort());
    expect((await index.search(red, { k: 5, filter: (id) => id !== p[0] })).candidates).toBe(4);
    expect(ids((await index.search(red, { k: 5, exclude: p[1] })).hits)).not.toContain(p[1]);
    expect(index.remove(p[0]!)).toBe(true);
    expect(index.remove(p[0]!)).toBe(false);
    saveEmbedding(cat.db, p[2]!, MODEL, red, 'hash2');
    index.upsert(p[2]!, red);
    expect(index.size).toBe(4);
    const after = await index.search(red, { k: 4 });
    expect(after.hits[0]).toEqual({ photoId: p[2], score: expect.closeTo(1, 6) as number });
    expect(ids(after.hits)).not.toContain(p[0]);
  });

  it('respects large and small filters and counts what they allow, across several blocks', { timeout: 120_000 }, async () => {
    const dim = 8;
    const n = BLOCK_ROWS + 5000;
    const set = clusteredVectors(n, dim, 50, 7);
    const index = new VectorIndex(dim, setSource(set), 1024, { kernel });
    for (let i = 0; i < n; i++) index.upsert(i + 1, row(set, i));
    const [q] = queriesFor(set, 2, 3);
    const even = (id: number): boolean => id % 2 === 0;
    const big = await index.search(q!, { k: 10, filter: even, oversample: 2000 });
    expect(big.candidates).toBe(Math.floor(n / 2));
    expect(ids(big.hits)).toEqual(exactTop(set, q!, 10, even));
    const few = new Set([3, 77, BLOCK_ROWS + 4000, 9_999_999]);
    const small = await index.search(q!, { k: 10, filter: few });
    expect(small.candidates).toBe(3);
    expect(ids(small.hits)).toEqual(exactTop(set, q!, 10, (id) => few.has(id)));
    const byPredicate = await index.search(q!, { k: 10, filter: (id) => few.has(id) });
    expect(byPredicate.candidates).toBe(3);
    expect(byPredicate.hits).toEqual(small.hits);
    const top = big.hits[0]!.photoId;
    expect(ids((await index.search(q!, { k: 5, filter: even, exclude: top })).hits)).not.toContain(top);
    // int8 scores are within ~0.02 of the exact cosine at this tiny dimension: the count must sit between the exact ones.
    const t = big.hits[9]!.score;
    const counted = await index.countAtLeast(q!, t, even);
    expect(counted).toBeGreaterThanOrEqual(exactCount(set, q!, t + 0.02, even));
    expect(counted).toBeLessThanOrEqual(exactCount(set, q!, t - 0.02, even));
    expect(counted).toBeGreaterThan(0);
    expect(await index.countAtLeast(q!, 2)).toBe(0);
    expect(await index.countAtLeast(q!, -2, even)).toBe(Math.floor(n / 2));
    await index.release();
  });

  it('sees upserts and removals at once, including rows moved between blocks', { timeout: 120_000 }, async () => {
    const dim = 8;
    const n = BLOCK_ROWS + 10;
    const set = clusteredVectors(n, dim, 20, 11);
    const replaced = new Map<number, Float32Array>();
    const source = (photoIds: readonly number[]): Map<number, Float32Array> => new Map([...setSource(set)(photoIds), ...replaced]);
    const index = new VectorIndex(dim, source, n, { kernel });
    for (let i = 0; i < n; i++) index.upsert(i + 1, row(set, i));
    const [q] = queriesFor(set, 2, 5);
    const first = await index.search(q!, { k: 5 });
    const best = first.hits[0]!.photoId;
    expect(index.remove(best)).toBe(true);
    const second = await index.search(q!, { k: 5 });
    expect(ids(second.hits)).not.toContain(best);
    expect(ids(second.hits)).toEqual(exactTop(set, q!, 5, (id) => id !== best));
    // The last photo (in the second block) moved into the removed photo's row; it must still score as itself.
    const lastId = n;
    const own = await index.search(row(set, lastId - 1), { k: 1 });
    expect(own.hits[0]?.photoId).toBe(lastId);
    expect(own.hits[0]!.score).toBeCloseTo(1, 5);
    replaced.set(best, q!);
    index.upsert(best, q!);
    expect((await index.search(q!, { k: 1 })).hits[0]?.photoId).toBe(best);
    expect(index.size).toBe(n);
    await index.release();
  });
});
