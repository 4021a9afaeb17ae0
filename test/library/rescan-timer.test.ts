/** Periodic rescans never pile up in the library's queue when a scan takes longer than the interval. */
import { describe, expect, it } from 'vitest';
import { startRescans } from '../../main/core/library/rescan-timer.js';
import { SerialQueue } from '../../main/core/library/serial-queue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('rescan timer', () => {
  it('keeps at most one rescan queued or running while a slow scan outlasts the interval, and stops cleanly', async () => {
    const queue = new SerialQueue((err) => {
      throw err;
    });
    let scans = 0;
    const stop = startRescans(queue, 5, async () => {
      scans++;
      await sleep(40);
    });
    let most = 0;
    for (let t = 0; t < 300; t += 10) {
      await sleep(10);
      most = Math.max(most, queue.size);
    }
    stop();
    expect(most).toBeLessThanOrEqual(1);
    expect(scans).toBeGreaterThanOrEqual(3);
    await queue.drained();
    const after = scans;
    await sleep(50);
    expect(scans).toBe(after);
  });
});
