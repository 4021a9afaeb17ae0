/** VectorIndex.release while the index is held: every concurrent release settles once the last hold ends. */
import { afterEach, describe, expect, it } from 'vitest';
import { VectorIndex } from '../../main/core/search/vector-index.js';
import { MODEL, makeCatalog, type TestCatalog } from './catalog-fixture.js';

let cat: TestCatalog | null = null;
afterEach(() => {
  cat?.close();
  cat = null;
});

/** 'settled' when `work` ends within `ms`, else 'pending'. */
const within = (work: Promise<unknown>, ms: number) =>
  Promise.race([work.then(() => 'settled' as const), new Promise<'pending'>((r) => setTimeout(() => r('pending'), ms))]);

describe('VectorIndex.release', () => {
  it('settles every one of two concurrent releases when the hold ends, and not before', async () => {
    cat = makeCatalog();
    for (const colour of ['red', 'green', 'blue'] as const) cat.addPhoto({ colour });
    const index = VectorIndex.fromCatalog(cat.db, MODEL, { kernel: 'js' });
    await index.loaded;
    const unhold = index.hold();
    const first = index.release();
    const second = index.release();
    expect(await within(Promise.race([first, second]), 100)).toBe('pending');
    const held = await index.search(
      Float32Array.from({ length: 16 }, (_, j) => (j === 0 ? 1 : 0)),
      { k: 3 },
    );
    expect(held.hits).toHaveLength(3);
    unhold();
    expect(await within(Promise.all([first, second]), 5_000)).toBe('settled');
    expect((await index.search(new Float32Array(16).fill(1), { k: 3 })).hits).toEqual([]);
  });
});
