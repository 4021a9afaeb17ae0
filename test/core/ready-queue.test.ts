/** The index loop's batches: the oldest decode at once, plus those behind it already done, never more than a batch. */
import { describe, expect, it } from 'vitest';
import { ReadyQueue } from '../../main/core/jobs/ready-queue.js';

/** A promise settled from outside. */
function deferred<T>(): { promise: Promise<T>; resolve(v: T): void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ReadyQueue', () => {
  it('hands over the first finished item without waiting for a full batch', async () => {
    const q = new ReadyQueue<number>();
    const items = [deferred<number>(), deferred<number>(), deferred<number>()];
    items.forEach((d) => q.push(d.promise));
    items[0]!.resolve(0);
    expect(await q.takeReady(8)).toEqual([0]);
    expect(q.length).toBe(2);
  });

  it('takes the finished run behind the oldest in order, up to the batch size', async () => {
    const q = new ReadyQueue<number>();
    const items = Array.from({ length: 5 }, () => deferred<number>());
    items.forEach((d) => q.push(d.promise));
    for (const i of [1, 2, 4]) items[i]!.resolve(i);
    const first = q.takeReady(2);
    items[0]!.resolve(0);
    expect(await first).toEqual([0, 1]);
    expect(await q.takeReady(8).then(() => q.length)).toBe(2);
  });

  it('stops at the first unfinished item, keeping queue order', async () => {
    const q = new ReadyQueue<number>();
    const items = Array.from({ length: 4 }, () => deferred<number>());
    items.forEach((d) => q.push(d.promise));
    for (const i of [0, 1, 3]) items[i]!.resolve(i);
    expect(await q.takeReady(8)).toEqual([0, 1]);
    items[2]!.resolve(2);
    expect(await q.takeReady(8)).toEqual([2, 3]);
    expect(await q.takeReady(8)).toEqual([]);
  });

  it('drains everything, finished or not', async () => {
    const q = new ReadyQueue<number>();
    const late = deferred<number>();
    q.push(Promise.resolve(1));
    q.push(late.promise);
    const drained = q.drain();
    expect(q.length).toBe(0);
    late.resolve(2);
    await drained;
  });
});
