/** Reading photos without a model: the queue key for thumbnail + metadata jobs, and what still needs reading. */
import type { Db } from '../catalog/db.js';

/**
 * [Note: Photos before models]
 * Every photo is read (thumbnail, EXIF date/camera/GPS, size) whether or not a model is installed. With a model, the
 * index job does it in the same single decode that makes the model's tensor. Without one, jobs queued under
 * {@link MEDIA_KEY} do only the reading; when a model arrives its jobs replace them (and read again in their decode).
 */
export const MEDIA_KEY = ':media';

/**
 * Queues a reading job for every present photo that was never read and has no error; returns how many. Walks the
 * unread photos' partial index (few once reading is done), not every present photo.
 */
export function enqueueUnread(db: Db, now = Date.now()): number {
  return db
    .prepare(
      `INSERT OR IGNORE INTO jobs (kind, photo_id, model_id, state, attempts, created_at)
       SELECT 'index', p.id, ?, 'queued', 0, ? FROM photos p INDEXED BY photos_unread
       WHERE p.presence = 'present' AND p.read_at IS NULL AND p.error IS NULL
       ORDER BY p.id`,
    )
    .run(MEDIA_KEY, now).changes;
}

/**
 * Present photos read successfully (thumbnail and metadata), with or without a model: the present photos (an
 * index-only count) less the unread ones (a partial index; few once reading is done).
 */
export function countRead(db: Db): number {
  const row = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM photos INDEXED BY photos_present_newest WHERE presence = 'present')
            - (SELECT COUNT(*) FROM photos INDEXED BY photos_unread WHERE read_at IS NULL AND presence = 'present') AS n`,
    )
    .get() as { n: number };
  return row.n;
}
