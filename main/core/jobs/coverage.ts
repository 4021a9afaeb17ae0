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
  const media = key === MEDIA_KEY;
  const over = media
    ? '(p.read_at IS NOT NULL OR p.error IS NOT NULL)'
    : 'EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = p.id AND e.model_id = ?)';
  const row = db
    .prepare(
      `SELECT COUNT(*) AS n FROM photos p WHERE p.presence = 'present' AND ${over}
       AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.photo_id = p.id AND j.model_id = ?)`,
    )
    .get(...(media ? [key] : [key, key])) as { n: number };
  return row.n;
}

/** How much of the library `key` covers: {@link coveredCount} of the present photos. */
export function keyCoverage(db: Db, key: string): { done: number; total: number } {
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM photos WHERE presence = 'present'`).get() as { n: number }).n;
  return { done: coveredCount(db, key), total };
}
