/** Reading photos without a model: the queue key for thumbnail + metadata jobs, and what still needs reading. */
import type { Db } from '../catalog/db.js';

/**
 * [Note: Photos before models]
 * Every photo is read (thumbnail, EXIF date/camera/GPS, size) whether or not a model is installed. With a model, the
 * index job does it in the same single decode that makes the model's tensor. Without one, jobs queued under
 * {@link MEDIA_KEY} do only the reading; when a model arrives its jobs replace them (and read again in their decode).
 */
export const MEDIA_KEY = ':media';

/** Queues a reading job for every present photo that was never read and has no error; returns how many. */
export function enqueueUnread(db: Db, now = Date.now()): number {
  return db
    .prepare(
      `INSERT OR IGNORE INTO jobs (kind, photo_id, model_id, state, attempts, created_at)
       SELECT 'index', p.id, ?, 'queued', 0, ? FROM photos p
       WHERE p.presence = 'present' AND p.read_at IS NULL AND p.error IS NULL
       ORDER BY p.id`,
    )
    .run(MEDIA_KEY, now).changes;
}

/** Present photos read successfully (thumbnail and metadata), with or without a model. */
export function countRead(db: Db): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM photos WHERE presence = 'present' AND read_at IS NOT NULL`).get() as { n: number }).n;
}
