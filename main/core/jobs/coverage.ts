/** Queues every present photo that has no embedding (done or failed) for a model: first index, model switch, resume. */
import type { Db } from '../catalog/db.js';
import { MEDIA_KEY } from './media-jobs.js';

/** Adds index jobs for present photos lacking an embedding row for `modelId`; returns how many were queued. */
export function enqueueUnembedded(db: Db, modelId: string, now = Date.now()): number {
  return db
    .prepare(
      `INSERT OR IGNORE INTO jobs (kind, photo_id, model_id, state, attempts, created_at)
       SELECT 'index', p.id, ?, 'queued', 0, ? FROM photos p
       WHERE p.presence = 'present'
         AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = p.id AND e.model_id = ?)
       ORDER BY p.id`,
    )
    .run(modelId, now, modelId).changes;
}

/**
 * Present photos whose work for `key` is over and not queued again: embedded or failed for a model key, read or
 * failed to read for {@link MEDIA_KEY}.
 */
export function coveredCount(db: Db, key: string): number {
  if (key === MEDIA_KEY) {
    // Present photos (index-only), less the unread ones without an error (a partial index: few once reading is done),
    // less read or failed ones queued again (walks the key's jobs: few once reading is done).
    const row = db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM photos INDEXED BY photos_present_newest WHERE presence = 'present')
              - (SELECT COUNT(*) FROM photos INDEXED BY photos_unread WHERE read_at IS NULL AND presence = 'present' AND error IS NULL)
              - (SELECT COUNT(*) FROM jobs j INDEXED BY jobs_model JOIN photos p ON p.id = j.photo_id
                 WHERE j.model_id = @k AND p.presence = 'present' AND (p.read_at IS NOT NULL OR p.error IS NOT NULL)) AS n`,
      )
      .get({ k: key }) as { n: number };
    return row.n;
  }
  // [Note: Counts that stay fast at 100k photos] Rows of `key` (index-only), less those of missing photos (few), less
  // present photos queued again; the last walks whichever of the key's jobs or rows is smaller.
  const rows = (db.prepare('SELECT COUNT(*) AS n FROM embeddings WHERE model_id = ?').get(key) as { n: number }).n;
  const jobs = (db.prepare('SELECT COUNT(*) AS n FROM jobs WHERE model_id = ?').get(key) as { n: number }).n;
  const missing = (
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM photos p INDEXED BY photos_missing JOIN embeddings e ON e.photo_id = p.id AND e.model_id = ?
         WHERE p.presence = 'missing'`,
      )
      .get(key) as { n: number }
  ).n;
  const queued = (
    db
      .prepare(
        jobs <= rows
          ? `SELECT COUNT(*) AS n FROM jobs j CROSS JOIN embeddings e ON e.photo_id = j.photo_id AND e.model_id = j.model_id
             JOIN photos p ON p.id = j.photo_id WHERE j.model_id = @k AND p.presence = 'present'`
          : `SELECT COUNT(*) AS n FROM embeddings e CROSS JOIN jobs j INDEXED BY jobs_model ON j.model_id = e.model_id AND j.photo_id = e.photo_id
             JOIN photos p ON p.id = e.photo_id WHERE e.model_id = @k AND p.presence = 'present'`,
      )
      .get({ k: key }) as { n: number }
  ).n;
  return rows - missing - queued;
}

/** How much of the library `key` covers: {@link coveredCount} of the present photos. */
export function keyCoverage(db: Db, key: string): { done: number; total: number } {
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM photos WHERE presence = 'present'`).get() as { n: number }).n;
  return { done: coveredCount(db, key), total };
}
