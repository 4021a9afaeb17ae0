/** Frozen blocks: full blocks handed to the scan thread rank exactly like live ones, and stay correct under edits. */
import { describe, expect, it } from 'vitest';
import { Int8Matrix, quantizeQuery } from '../../main/core/search/int8-matrix.js';
import { OrtScanKernel } from '../../main/core/search/scan-ort.js';
import { VectorIndex } from '../../main/core/search/vector-index.js';
import { clusteredVectors, exactTop, queriesFor, row, setSource } from './vector-data.js';

const DIM = 16;
const BLOCK = 256;
const N = 3 * BLOCK + 100;
const ids = (hits: { photoId: number }[]): number[] => hits.map((h) => h.photoId);

/** The same data in a frozen onnxruntime index and a plain-JS one (never frozen), with every upsert mirrored. */
async function pair(seed: number) {
  const set = clusteredVectors(N, DIM, 12, seed);
  const replaced = new Map<number, Float32Array>();
  const source = (photoIds: readonly number[]): Map<number, Float32Array> => new Map([...setSource(set)(photoIds), ...replaced]);
  const frozen = new VectorIndex(DIM, source, 1024, { blockRows: BLOCK });
  const plain = new VectorIndex(DIM, source, 1024, { blockRows: BLOCK, kernel: 'js' });
  for (let i = 0; i < N; i++) {
    frozen.upsert(i + 1, row(set, i));
    plain.upsert(i + 1, row(set, i));
  }
  await frozen.settled();
  const upsert = (id: number, v: Float32Array): void => {
    replaced.set(id, v);
    frozen.upsert(id, v);
    plain.upsert(id, v);
  };
  return { set, frozen, plain, upsert };
}

describe('frozen matrix blocks', () => {
  it('freezes every full block and ranks exactly as the plain-JS scan, with and without filters', async () => {
    const { set, frozen, plain } = await pair(3);
    expect(await frozen.kernel()).toEqual({ kind: 'onnxruntime', frozenBlocks: 3 });
    expect((await plain.kernel()).frozenBlocks).toBe(0);
    const few = new Set([5, 300, 600, 800]);
    for (const q of queriesFor(set, 6, 4)) {
      const a = await frozen.search(q, { k: 10 });
      expect(ids(a.hits)).toEqual(exactTop(set, q, 10));
      expect(a.hits).toEqual((await plain.search(q, { k: 10 })).hits);
      const even = (id: number): boolean => id % 2 === 0;
      expect(ids((await frozen.search(q, { k: 10, filter: even })).hits)).toEqual(exactTop(set, q, 10, even));
      // A short id list touching frozen rows goes through the kernel (no JS codes left for those rows).
      const short = await frozen.search(q, { k: 10, filter: few });
      expect(short.candidates).toBe(4);
      expect(ids(short.hits)).toEqual(exactTop(set, q, 10, (id) => few.has(id)));
      expect(await frozen.countAtLeast(q, 0.1, even)).toBe(await plain.countAtLeast(q, 0.1, even));
    }
  });

  it('re-embeds and removes photos whose rows are frozen (tombstone + new row) without losing anyone', async () => {
    const { set, frozen, plain, upsert } = await pair(5);
    const q = row(set, 10).slice();
    const before = await frozen.search(q, { k: 5 });
    const best = before.hits[0]!.photoId;
    expect(best).toBe(11);

    // The best photo (in a frozen block) is re-embedded far away: it must leave the top and be found at its new place.
    const far = q.map((x) => -x);
    upsert(best, far);
    expect(frozen.size).toBe(N);
    const after = await frozen.search(q, { k: 5 });
    expect(ids(after.hits)).not.toContain(best);
    expect(ids(after.hits)).toEqual(exactTop(set, q, 5, (id) => id !== best));
    expect((await frozen.search(far, { k: 1 })).hits[0]).toEqual({ photoId: best, score: expect.closeTo(1, 5) as number });

    // Removing a frozen row and a live row: both gone, everyone else still ranks as before.
    const second = after.hits[0]!.photoId;
    expect(frozen.remove(second)).toBe(true);
    expect(plain.remove(second)).toBe(true);
    expect(frozen.remove(N)).toBe(true);
    expect(plain.remove(N)).toBe(true);
    expect(frozen.size).toBe(N - 2);
    const gone = new Set([best, second, N]);
    const third = await frozen.search(q, { k: 5 });
    expect(ids(third.hits)).toEqual(exactTop(set, q, 5, (id) => !gone.has(id)));
    expect(third.candidates).toBe(N - 2);
    expect(await frozen.countAtLeast(q, -2)).toBe(N - 2);
    expect(await frozen.countAtLeast(q, 2)).toBe(0);
    expect(third.hits).toEqual((await plain.search(q, { k: 5 })).hits);
  });

  it('releases its sessions only after searches under way and holders are done', async () => {
    const { set, frozen } = await pair(7);
    const [q] = queriesFor(set, 1, 9) as [Float32Array];
    const running = frozen.search(q, { k: 5 });
    const unhold = frozen.hold();
    let releasedYet = false;
    const released = frozen.release().then(() => (releasedYet = true));
    expect(ids((await running).hits)).toEqual(exactTop(set, q, 5));
    // A holder took the index before the release began: its later search still runs on the frozen sessions.
    expect(ids((await frozen.search(q, { k: 5 })).hits)).toEqual(exactTop(set, q, 5));
    expect(releasedYet).toBe(false);
    unhold();
    await released;
    expect(frozen.size).toBe(0);
    expect((await frozen.search(q, { k: 5 })).hits).toEqual([]);
  });

  it('adopts a frozen copy only for the edition it was made from', async () => {
    const m = new Int8Matrix(DIM, 512, BLOCK);
    const set = clusteredVectors(BLOCK, DIM, 3, 1);
    for (let i = 0; i < BLOCK; i++) m.set(i + 1, row(set, i));
    const block = m.blocks[0]!;
    expect(m.nextToFreeze()).toBe(0);
    const released: string[] = [];
    const copy = { release: async () => void released.push('copy') };
    const edition = block.edition;
    m.set(1, row(set, 2));
    expect(m.adoptFrozen(block, edition, copy)).toBe(false);
    expect(block.codes.length).toBe(DIM * BLOCK);
    expect(m.adoptFrozen(block, block.edition, copy)).toBe(true);
    expect(block.codes.length).toBe(0);
    expect(m.nextToFreeze()).toBe(-1);
    await m.release();
    expect(released).toEqual(['copy']);
  });

  it('scores a block identically in the scan thread and from the live input', async () => {
    const dim = 768;
    const rows = 1024;
    const m = new Int8Matrix(dim, rows, rows);
    const set = clusteredVectors(rows, dim, 8, 2);
    for (let i = 0; i < rows; i++) m.set(i + 1, row(set, i));
    const block = m.blocks[0]!;
    const kernel = await OrtScanKernel.create(dim, 1);
    const q = quantizeQuery(queriesFor(set, 2, 3)[0]!);
    const live = await kernel.scanBlock(q, block, block.bias, 10, 1);
    const liveCount = await kernel.countBlock(q, block, block.bias, 0.05);
    expect(m.adoptFrozen(block, block.edition, await kernel.freeze(block))).toBe(true);
    expect(block.codes.length).toBe(0);
    const frozen = await kernel.scanBlock(q, block, block.bias, 10, 1);
    expect(frozen.sample).toEqual(live.sample);
    expect(Array.from(frozen.topColumns, Number)).toEqual(Array.from(live.topColumns, Number));
    expect(frozen.topValues).toEqual(live.topValues);
    expect(new Set(live.sample).size).toBeGreaterThan(900);
    expect(await kernel.countBlock(q, block, block.bias, 0.05)).toBe(liveCount);
    expect(liveCount).toBeGreaterThan(0);
    await m.release();
  });
});
