/** Snapshot rotation keeps a spread and never drops the newest snapshot holding tags; edits are snapshotted (debounced). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import {
  listSnapshots,
  snapshotCatalog,
  snapshotIfDue,
  snapshotsToKeep,
  SPREAD_MS,
  type Snapshot,
} from '../../main/core/catalog/backup.js';
import { SnapshotSchedule } from '../../main/core/catalog/snapshot-schedule.js';
import type { Db } from '../../main/core/catalog/db.js';
import { silentLogger } from '../../main/core/ports.js';
import { tagPhoto, tempCatalog } from './temp-catalog.js';

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 1);

let cat: ReturnType<typeof tempCatalog>;
let db: Db;
let dir: string;
beforeEach(() => {
  cat = tempCatalog();
  db = cat.db;
  dir = join(cat.dir, 'snapshots');
  db.prepare(`INSERT INTO folders (path, added_at) VALUES ('/p', 0)`).run();
  db.prepare(`INSERT INTO photos (folder_id, path, size, mtime_ms, added_at, updated_at) VALUES (1, '/p/a.jpg', 1, 0, 0, 0)`).run();
});
afterEach(() => cat.cleanup());

describe('snapshot rotation', () => {
  it('never drops the newest snapshot holding tags for newer ones without tags, however many opens follow', async () => {
    tagPhoto(db, 1, 'Holiday');
    const tagged = await snapshotCatalog(db, dir, T0);
    expect(tagged.taggings).toBe(1);
    db.prepare('DELETE FROM photo_tags').run();
    // Every open at least 6 h after the newest snapshot takes one: fifty opens over twelve days.
    for (let n = 1; n <= 50; n++) expect(await snapshotIfDue(db, dir, 6 * HOUR, T0 + n * 6 * HOUR)).not.toBeNull();
    const left = await listSnapshots(dir);
    expect(left.map((s) => s.file)).toContain(tagged.file);
    expect(left.length).toBeLessThanOrEqual(2 + 2 * SPREAD_MS.length);
    expect(left[0]!.taggings).toBe(0);
  });

  it('keeps a spread: always one between an hour and two old, a day and two, a week and two, a month and two', () => {
    // The rule alone, over 65 days of a snapshot every half hour (real files for this would take minutes).
    let kept: Snapshot[] = [];
    let most = 0;
    for (let now = T0; now < T0 + 65 * 24 * HOUR; now += HOUR / 2) {
      kept.unshift({ file: String(now), createdAt: now, bytes: 0, photos: 1, taggings: 1 });
      const keep = snapshotsToKeep(kept, now);
      kept = kept.filter((s) => keep.has(s));
      most = Math.max(most, kept.length);
      if (now < T0 + 60 * 24 * HOUR) continue;
      const ages = kept.map((k) => now - k.createdAt);
      expect(ages[0]).toBe(0);
      for (const age of SPREAD_MS)
        expect(
          ages.some((a) => a >= age && a < 2 * age),
          `${age / HOUR} h: ${ages.map((a) => a / HOUR).join(', ')}`,
        ).toBe(true);
    }
    expect(most).toBeLessThanOrEqual(1 + 2 * SPREAD_MS.length);
  });
});

describe('snapshots after changes', () => {
  it('takes one snapshot after a burst of changes has been quiet for the debounce time, and one at close', async () => {
    const schedule = new SnapshotSchedule(db, dir, silentLogger, { afterChangeMs: 150 });
    await schedule.start();
    expect(await listSnapshots(dir)).toHaveLength(1);
    for (let n = 0; n < 4; n++) {
      tagPhoto(db, 1, `Tag ${n}`);
      schedule.changed();
      await new Promise((r) => setTimeout(r, 40));
    }
    expect(await listSnapshots(dir)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 400));
    const after = await listSnapshots(dir);
    expect(after).toHaveLength(2);
    expect(after[0]!.taggings).toBe(4);
    tagPhoto(db, 1, 'Last');
    schedule.changed();
    await schedule.close();
    expect((await listSnapshots(dir))[0]!.taggings).toBe(5);
  });
});
