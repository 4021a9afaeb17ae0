/** Download progress: counted bytes, a smoothed rate, an ETA, and throttled emission. */
import { describe, expect, it } from 'vitest';
import type { DownloadProgress } from '../../preload/contract.js';
import { ProgressTracker } from '../../main/core/ml/download-progress.js';

describe('ProgressTracker', () => {
  it('reports rate and ETA from fresh bytes only, at most once per interval', () => {
    let now = 0;
    const events: DownloadProgress[] = [];
    const t = new ProgressTracker(
      'm',
      10_000_000,
      (p) => events.push(p),
      250,
      () => now,
    );
    t.resumeFrom(2_000_000);
    for (let i = 0; i < 20; i++) {
      now += 50;
      t.add(100_000);
    }
    expect(events.length).toBeLessThanOrEqual(5);
    const last = events.at(-1)!;
    expect(last.state).toBe('downloading');
    expect(last.rate).toBe(2_000_000);
    expect(last.bytes).toBe(4_000_000);
    expect(last.etaSeconds).toBe(3);
    t.emit('done');
    expect(events.at(-1)).toMatchObject({ state: 'done', bytes: 4_000_000, totalBytes: 10_000_000, etaSeconds: 0 });
  });

  it('never divides by a zero interval and forgets discarded bytes', () => {
    const events: DownloadProgress[] = [];
    const t = new ProgressTracker(
      'm',
      100,
      (p) => events.push(p),
      0,
      () => 5,
    );
    t.add(60);
    t.discard(60);
    t.add(10);
    expect(events.every((e) => Number.isFinite(e.rate))).toBe(true);
    expect(events.at(-1)?.bytes).toBe(10);
  });
});
