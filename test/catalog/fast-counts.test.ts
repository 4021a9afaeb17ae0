/** The index-only counts (status bar, progress, missing groups) agree with the plain per-photo SQL they replace. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../main/core/catalog/db.js';
import { countEmbedded } from '../../main/core/catalog/embeddings.js';
import { insertFolder } from '../../main/core/catalog/folders.js';
import { listErrors, listPhotoPage, missingGroups, photoCounts } from '../../main/core/catalog/photo-queries.js';
import { coveredCount } from '../../main/core/jobs/coverage.js';
import { countRead, MEDIA_KEY } from '../../main/core/jobs/media-jobs.js';
import { readStatusCounts, StatusCounter } from '../../main/core/api/status-counts.js';
import { tempCatalog } from './temp-catalog.js';

const MODELS = ['m1@fp32', 'm2@int8'];
let cat: ReturnType<typeof tempCatalog>;
let db: Db;

/** A deterministic mix: present/missing, read/unread, photo errors, done/failed embeddings of two models, queued jobs. */
function fill(): void {
  const folders = [insertFolder(db, '/lib/a', null), insertFolder(db, '/lib/b', null), insertFolder(db, '/lib/c', null)];
  db.prepare('UPDATE folders SET removed_at = 1 WHERE id = ?').run(folders[2]);
  let seed = 12345;
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const photo = db.prepare(
    `INSERT INTO photos (id, folder_id, path, size, mtime_ms, taken_at, presence, missing_since, error, read_at, added_at, updated_at)
     VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, 0, 0)`,
  );
  const emb = db.prepare(`INSERT INTO embeddings (photo_id, model_id, status, vector, error, updated_at) VALUES (?, ?, ?, ?, ?, 0)`);
  const job = db.prepare(`INSERT INTO jobs (kind, photo_id, model_id, state, created_at) VALUES ('index', ?, ?, 'queued', 0)`);
  db.transaction(() => {
    for (let id = 1; id <= 600; id++) {
      const folder = folders[id % 3]!;
      const missing = rand() < 0.15;
      const error = rand() < 0.05 ? 'broken' : null;
      photo.run(
        id,
        folder,
        `/lib/${'abc'[id % 3]}/d${id % 7}/IMG_${id}.jpg`,
        id * 1000,
        rand() < 0.5 ? null : 1_000_000 - id,
        missing ? 'missing' : 'present',
        missing ? id : null,
        error,
        rand() < 0.7 ? 1 : null,
      );
      for (const m of MODELS) {
        const r = rand();
        if (r < 0.6) emb.run(id, m, 'done', Buffer.alloc(8), null);
        else if (r < 0.68) emb.run(id, m, 'error', null, `failed ${m}`);
        if (rand() < 0.2) job.run(id, m);
      }
      if (rand() < 0.2) job.run(id, MEDIA_KEY);
    }
  })();
}

beforeAll(() => {
  cat = tempCatalog();
  db = cat.db;
  fill();
});
afterAll(() => cat.cleanup());

const n = (sql: string, ...args: unknown[]): number => (db.prepare(sql).get(...args) as { n: number }).n;

describe('fast counts', () => {
  it('embedded and covered counts equal the per-photo definitions', () => {
    for (const m of MODELS) {
      expect(countEmbedded(db, m)).toBe(
        n(
          `SELECT COUNT(*) AS n FROM embeddings e JOIN photos p ON p.id = e.photo_id WHERE e.model_id = ? AND e.status = 'done' AND p.presence = 'present'`,
          m,
        ),
      );
      const covered = n(
        `SELECT COUNT(*) AS n FROM photos p WHERE p.presence = 'present'
         AND EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = p.id AND e.model_id = ?)
         AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.photo_id = p.id AND j.model_id = ?)`,
        m,
        m,
      );
      expect(covered).toBeGreaterThan(0);
      expect(coveredCount(db, m)).toBe(covered);
    }
    expect(countRead(db)).toBe(n(`SELECT COUNT(*) AS n FROM photos WHERE presence = 'present' AND read_at IS NOT NULL`));
    const read = n(
      `SELECT COUNT(*) AS n FROM photos p WHERE p.presence = 'present' AND (p.read_at IS NOT NULL OR p.error IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.photo_id = p.id AND j.model_id = ?)`,
      MEDIA_KEY,
    );
    expect(read).toBeGreaterThan(0);
    expect(coveredCount(db, MEDIA_KEY)).toBe(read);
  });

  it('error counts and lists equal the per-photo definitions, per model and for any model', () => {
    for (const m of [...MODELS, undefined]) {
      const model = m === undefined ? '' : ' AND e.model_id = ?';
      const args = m === undefined ? [] : [m];
      const ids = db
        .prepare(
          `SELECT DISTINCT p.id AS id, p.path AS path FROM photos p LEFT JOIN embeddings e ON e.photo_id = p.id AND e.status = 'error'${model}
           WHERE p.presence = 'present' AND (p.error IS NOT NULL OR e.photo_id IS NOT NULL) ORDER BY p.path`,
        )
        .all(...args) as { id: number; path: string }[];
      expect(ids.length).toBeGreaterThan(0);
      expect(photoCounts(db, m).errors).toBe(ids.length);
      const listed = listErrors(db, m);
      expect(listed.map((e) => e.path)).toEqual(ids.map((r) => r.path));
      expect(listed.every((e) => e.reason === 'broken' || e.reason.startsWith('failed '))).toBe(true);
    }
  });

  it('missing groups: per directory of kept folders, with counts and the earliest time', () => {
    const rows = db
      .prepare(
        `SELECT p.path, p.missing_since AS since, p.folder_id AS folderId FROM photos p JOIN folders f ON f.id = p.folder_id
         WHERE p.presence = 'missing' AND f.removed_at IS NULL`,
      )
      .all() as { path: string; since: number; folderId: number }[];
    const expected = new Map<string, { count: number; since: number }>();
    for (const r of rows) {
      const dir = r.path.slice(0, r.path.lastIndexOf('/'));
      const g = expected.get(dir) ?? { count: 0, since: Infinity };
      expected.set(dir, { count: g.count + 1, since: Math.min(g.since, r.since) });
    }
    const groups = missingGroups(db);
    expect(groups.length).toBe(expected.size);
    for (const g of groups) expect({ count: g.count, since: g.since }).toEqual(expected.get(g.dir));
  });

  it('photo pages walk newest first (date taken, else file time) through kept folders only', () => {
    const all = db
      .prepare(
        `SELECT p.id FROM photos p NOT INDEXED WHERE p.presence = 'present' AND p.folder_id IN (SELECT id FROM folders WHERE removed_at IS NULL)
         ORDER BY COALESCE(p.taken_at, p.mtime_ms) DESC, p.id DESC`,
      )
      .all() as { id: number }[];
    const paged: number[] = [];
    for (let offset = 0; offset < all.length; offset += 50) {
      const page = listPhotoPage(db, { offset, limit: 50 });
      expect(page.total).toBe(all.length);
      paged.push(...page.rows.map((r) => r.id));
    }
    expect(paged).toEqual(all.map((r) => r.id));
  });

  it('the status thread reads the same counts as the calling thread, sees new commits, and falls back inline if it dies', async () => {
    const keys = { active: MODELS[1], serving: MODELS[0]! };
    const warnings: string[] = [];
    const log = { info: () => undefined, warn: (m: string) => void warnings.push(m), error: () => undefined };
    const counter = new StatusCounter({ db, catalogFile: join(cat.dir, 'catalog.db'), log, offThread: true });
    try {
      expect(await counter.count(keys)).toEqual(readStatusCounts(db, keys));
      db.prepare(
        `UPDATE photos SET error = 'now broken' WHERE id = (SELECT MIN(id) FROM photos WHERE presence = 'present' AND error IS NULL)`,
      ).run();
      const after = await counter.count(keys);
      expect(after).toEqual(readStatusCounts(db, keys));
      expect(after.errors.some((e) => e.reason === 'now broken')).toBe(true);
    } finally {
      await counter.close();
    }
    expect(warnings).toEqual([]);

    const broken = new StatusCounter({ db, catalogFile: join(cat.dir, 'no-such', 'catalog.db'), log, offThread: true });
    expect(await broken.count(keys)).toEqual(readStatusCounts(db, keys));
    expect(warnings).toHaveLength(1);
    await broken.close();
  });
});
