/** Queues every present photo that has no embedding (done or failed) for a model: first index, model switch, resume. */
import type { Db } from '../catalog/db.js';

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
