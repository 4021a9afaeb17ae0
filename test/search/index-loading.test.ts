/** Loading the vector index from a real catalog in pages: the event loop keeps turning, upserts win, failures surface. */
import { afterEach, describe, expect, it } from 'vitest';
import { COLOURS, DIM, MODEL, makeCatalog, type TestCatalog } from './catalog-fixture.js';
import { blobToVector, VectorIndex } from '../../main/core/search/vector-index.js';

let cat: TestCatalog | null = null;
afterEach(() => {
  cat?.close();
  cat = null;
});

/** A catalog of `n` photos cycling through the fixture colours (one embedding each). */
function catalogOf(n: number): { cat: TestCatalog; ids: number[] } {
  const c = makeCatalog();
  const ids: number[] = [];
  c.db.transaction(() => {
    for (let i = 0; i < n; i++) ids.push(c.addPhoto({ colour: COLOURS[i % COLOURS.length]! }));
  })();
  return { cat: c, ids };
}

/** A direction no fixture photo is near (the fixture's vectors sit on the first six axes). */
const LONELY = Float32Array.from({ length: DIM }, (_, j) => (j === DIM - 1 ? 1 : 0));

describe('VectorIndex.fromCatalog loading', () => {
  it('loads page by page, letting the event loop run in between, and ends with every photo', async () => {
    const made = catalogOf(5000);
    cat = made.cat;
    const index = VectorIndex.fromCatalog(cat.db, MODEL);
    expect(index.size).toBeGreaterThan(0);
    expect(index.size).toBeLessThan(5000);
    let finished = false;
    void index.loaded.then(() => (finished = true));
    const turnedWhileLoading = await new Promise<boolean>((resolve) => setImmediate(() => resolve(!finished)));
    expect(turnedWhileLoading).toBe(true);
    await index.loaded;
    expect(index.size).toBe(5000);
    const red = Float32Array.from({ length: DIM }, (_, j) => (j === 0 ? 1 : 0));
    const hits = (await index.search(red, { k: 10 })).hits;
    expect(hits).toHaveLength(10);
    expect(hits.every((h) => made.ids.indexOf(h.photoId) % COLOURS.length === 0)).toBe(true);
  });

  it('keeps a vector upserted during the load instead of the catalog page that comes later', async () => {
    const made = catalogOf(5000);
    cat = made.cat;
    const index = VectorIndex.fromCatalog(cat.db, MODEL);
    const late = made.ids[4900]!;
    expect(index.has(late)).toBe(false);
    index.upsert(late, LONELY);
    await index.loaded;
    expect(index.size).toBe(5000);
    // Ranked by the int8 scan: only the upserted vector points along LONELY (the re-rank then scores the catalog copy).
    const res = await index.search(LONELY, { k: 1, oversample: 0 });
    expect(res.hits[0]?.photoId).toBe(late);
  });

  it('fails every search with the reason when the catalog cannot be read mid-load', async () => {
    const made = catalogOf(3000);
    cat = made.cat;
    const index = VectorIndex.fromCatalog(cat.db, MODEL);
    cat.db.close();
    await index.loaded;
    await expect(index.search(LONELY, { k: 5 })).rejects.toThrow(/search index could not be loaded: .*not open/);
  });

  it('reads blobs as float32 whether or not they are 4-byte aligned', () => {
    const v = Float32Array.of(0.5, -1.25, 3);
    const aligned = Buffer.from(v.buffer.slice(0));
    const shifted = Buffer.alloc(13).subarray(1);
    Buffer.from(v.buffer).copy(shifted);
    expect(shifted.byteOffset % 4).toBe(1);
    expect([...blobToVector(aligned)]).toEqual([0.5, -1.25, 3]);
    expect([...blobToVector(shifted)]).toEqual([0.5, -1.25, 3]);
  });
});
