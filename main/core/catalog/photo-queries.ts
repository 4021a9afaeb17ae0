/** Read-side photo queries: the newest-first page, status counts, error list, and the on-request purge. */
import type { Db } from './db.js';
import { photoColumns, type PhotoRow } from './photo-row.js';

/** A page request: `folderId` narrows to one library folder. */
export interface PhotoPageRequest {
  offset: number;
  limit: number;
  folderId?: number;
}

/** One page of photos, newest first, with the total the request matches. */
export interface PhotoRowPage {
  total: number;
  offset: number;
  rows: PhotoRow[];
}

/** Sort key shared with the `photos_newest` index: date taken, else file time. */
const newest = 'COALESCE(p.taken_at, p.mtime_ms) DESC, p.id DESC';

/** A page of photos (present and missing) ordered newest `taken_at` first, falling back to the file's mtime. */
export function listPhotoPage(db: Db, req: PhotoPageRequest): PhotoRowPage {
  const offset = Math.max(0, Math.floor(req.offset));
  const limit = Math.max(0, Math.min(10_000, Math.floor(req.limit)));
  if (req.folderId === undefined) {
    const total = (db.prepare('SELECT COUNT(*) AS n FROM photos').get() as { n: number }).n;
    const rows = db
      .prepare(`SELECT ${photoColumns} FROM photos p ORDER BY ${newest} LIMIT ? OFFSET ?`)
      .all(limit, offset) as PhotoRow[];
    return { total, offset, rows };
  }
  const total = (db.prepare('SELECT COUNT(*) AS n FROM photos WHERE folder_id = ?').get(req.folderId) as { n: number }).n;
  const rows = db
    .prepare(`SELECT ${photoColumns} FROM photos p WHERE p.folder_id = ? ORDER BY ${newest} LIMIT ? OFFSET ?`)
    .all(req.folderId, limit, offset) as PhotoRow[];
  return { total, offset, rows };
}

/** Library-wide counts for the status view. */
export interface PhotoCounts {
  present: number;
  missing: number;
  errors: number;
  skipped: number;
}

/** The condition for "this present photo has a problem": its own error, or a failed embedding. */
function errorJoin(modelId: string | undefined): { sql: string; args: string[] } {
  const model = modelId === undefined ? '' : ' AND e.model_id = ?';
  return {
    sql: `FROM photos p LEFT JOIN embeddings e ON e.photo_id = p.id AND e.status = 'error'${model}
          WHERE p.presence = 'present' AND (p.error IS NOT NULL OR e.photo_id IS NOT NULL)`,
    args: modelId === undefined ? [] : [modelId],
  };
}

/**
 * Counts present and missing photos, photos with errors (a photo error or, for `modelId` or any model, a failed
 * embedding) and quietly skipped files.
 */
export function photoCounts(db: Db, modelId?: string): PhotoCounts {
  const presence = db
    .prepare(
      `SELECT COALESCE(SUM(presence = 'present'), 0) AS present, COALESCE(SUM(presence = 'missing'), 0) AS missing
       FROM photos`,
    )
    .get() as { present: number; missing: number };
  const err = errorJoin(modelId);
  const errors = (db.prepare(`SELECT COUNT(DISTINCT p.id) AS n ${err.sql}`).get(...err.args) as { n: number }).n;
  const skipped = (db.prepare('SELECT COUNT(*) AS n FROM skipped_files').get() as { n: number }).n;
  return { present: presence.present, missing: presence.missing, errors, skipped };
}

/** Present photos that failed, with the reason in words (photo error first, else the embedding's). */
export function listErrors(db: Db, modelId?: string, limit = 1000): { path: string; reason: string }[] {
  const err = errorJoin(modelId);
  return db
    .prepare(
      `SELECT p.path AS path, COALESCE(p.error, MAX(e.error), 'Unknown error') AS reason ${err.sql}
       GROUP BY p.id ORDER BY p.path LIMIT ?`,
    )
    .all(...err.args, limit) as { path: string; reason: string }[];
}

/**
 * Deletes missing photos (with their embeddings and tags) of one folder, or of every folder when `folderId` is
 * null. Only ever run because the person asked. Returns how many were removed.
 */
export function purgeMissing(db: Db, folderId: number | null): number {
  if (folderId === null) return db.prepare(`DELETE FROM photos WHERE presence = 'missing'`).run().changes;
  return db.prepare(`DELETE FROM photos WHERE presence = 'missing' AND folder_id = ?`).run(folderId).changes;
}
