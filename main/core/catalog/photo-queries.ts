/** Read-side photo queries: the library's pages, status counts, error list, and the on-request purge. */
import { sep } from 'node:path';
import type { PhotoPageRequest } from '../../../preload/contract.js';
import { cameraName } from '../camera-name.js';
import type { Db } from './db.js';
import { orderBySql, orderIndex } from './photo-order.js';
import { photoColumns, type PhotoRow } from './photo-row.js';

/** One page of photos in the requested order, with the total the request matches. */
export interface PhotoRowPage {
  total: number;
  offset: number;
  rows: PhotoRow[];
}

/** Photos of a directory up to which sorting them all per page beats walking the order's index for them (~20 ms). */
const DIR_SORT_LIMIT = 20_000;

/**
 * [Note: Which index a page walks] SQLite without statistics guesses badly here (a directory's page walked the whole
 * name index: 114 ms at 100k), so the index is chosen: the order's own index, which also holds presence and folder,
 * serves the library, a library folder and big directories (their photos are met early in any order); a small
 * directory is read from photos_dir and sorted (200 photos of a 1M library would otherwise mean walking most of it).
 */
function pageIndex(req: PhotoPageRequest, total: number): string {
  if (req.dir !== undefined && !req.missing && total <= DIR_SORT_LIMIT) return 'photos_dir';
  return orderIndex(req.sort);
}

/** Photos of folders the person still has (a removed folder's photos are kept hidden for when it comes back). */
const inKeptFolder = 'p.folder_id IN (SELECT id FROM folders WHERE removed_at IS NULL)';

/** `dir` as the photos' `dir_path` column holds it: without trailing separators, then one separator. */
export function dirKey(dir: string): string {
  return `${dir.replace(/[\\/]+$/u, '')}${sep}`;
}

/**
 * A page of present photos (or, with `missing`, of missing ones) in `req.sort` order. Missing photos are listed
 * apart, grouped by {@link missingGroups}, never mixed into the grid. A directory narrows by `dir_path`: equal to it,
 * or with `recursive` in the key range [dir/, dir0) that holds exactly its subdirectories ('0' follows '/').
 */
export function listPhotoPage(db: Db, req: PhotoPageRequest): PhotoRowPage {
  const offset = Math.max(0, Math.floor(req.offset));
  const limit = Math.max(0, Math.min(10_000, Math.floor(req.limit)));
  // The presence is written into the SQL (never bound) so that SQLite can use the partial index photos_dir.
  const where = [req.missing ? `p.presence = 'missing'` : `p.presence = 'present'`, inKeptFolder];
  const args: (string | number)[] = [];
  if (req.folderId !== undefined) {
    where.push('p.folder_id = ?');
    args.push(req.folderId);
  }
  if (req.dir !== undefined) {
    const key = dirKey(req.dir);
    if (req.recursive) {
      where.push('p.dir_path >= ? AND p.dir_path < ?');
      args.push(key, `${key.slice(0, -1)}${String.fromCharCode(sep.charCodeAt(0) + 1)}`);
    } else {
      where.push('p.dir_path = ?');
      args.push(key);
    }
  }
  const filter = `WHERE ${where.join(' AND ')}`;
  const counted = req.dir !== undefined && !req.missing ? 'INDEXED BY photos_dir' : '';
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM photos p ${counted} ${filter}`).get(...args) as { n: number }).n;
  const indexed = `INDEXED BY ${pageIndex(req, total)}`;
  const rows = db
    .prepare(`SELECT ${photoColumns} FROM photos p ${indexed} ${filter} ORDER BY ${orderBySql(req.sort)} LIMIT ? OFFSET ?`)
    .all(...args, limit, offset) as PhotoRow[];
  return { total, offset, rows };
}

/** Missing photos of one directory of a library folder, and since when the first of them is gone. */
export interface MissingGroupRow {
  folderId: number;
  folderPath: string;
  dir: string;
  count: number;
  since: number | null;
}

/** Missing photos grouped by the directory they were in (within folders the person still has), largest first. */
export function missingGroups(db: Db): MissingGroupRow[] {
  // Grouped in SQL by the path up to its last separator (rtrim drops the trailing file name's characters).
  const rows = db
    .prepare(
      `SELECT p.folder_id AS folderId, f.path AS folderPath, rtrim(p.path, replace(p.path, @sep, '')) AS dir,
         COUNT(*) AS count, MIN(p.missing_since) AS since
       FROM photos p INDEXED BY photos_missing JOIN folders f ON f.id = p.folder_id
       WHERE p.presence = 'missing' AND f.removed_at IS NULL
       GROUP BY p.folder_id, dir`,
    )
    .all({ sep }) as MissingGroupRow[];
  for (const r of rows) if (r.dir.length > 1) r.dir = r.dir.slice(0, -1);
  return rows.sort((a, b) => b.count - a.count || a.dir.localeCompare(b.dir));
}

/** Library-wide counts for the status view. */
export interface PhotoCounts {
  present: number;
  missing: number;
  errors: number;
  skipped: number;
}

/**
 * The ids of present photos with a problem: their own error, or a failed embedding (of `modelId`, or of any model),
 * each side read from its partial index. Binds `@m` when a model is given.
 */
function failedIds(modelId: string | undefined): string {
  const model = modelId === undefined ? '' : ' AND e.model_id = @m';
  return `SELECT p.id FROM photos p INDEXED BY photos_failed WHERE p.error IS NOT NULL AND p.presence = 'present'
          UNION
          SELECT e.photo_id FROM embeddings e INDEXED BY embeddings_failed JOIN photos p ON p.id = e.photo_id
          WHERE e.status = 'error'${model} AND p.presence = 'present'`;
}

/**
 * Counts present and missing photos, photos with errors (a photo error or, for `modelId` or any model, a failed
 * embedding) and quietly skipped files.
 */
export function photoCounts(db: Db, modelId?: string): PhotoCounts {
  const presence = db
    .prepare(
      `SELECT COALESCE(SUM(presence = 'present'), 0) AS present, COALESCE(SUM(presence = 'missing'), 0) AS missing
       FROM photos p WHERE ${inKeptFolder}`,
    )
    .get() as { present: number; missing: number };
  const bind = modelId === undefined ? {} : { m: modelId };
  const errors = (db.prepare(`SELECT COUNT(*) AS n FROM (${failedIds(modelId)})`).get(bind) as { n: number }).n;
  const skipped = (db.prepare('SELECT COUNT(*) AS n FROM skipped_files').get() as { n: number }).n;
  return { present: presence.present, missing: presence.missing, errors, skipped };
}

/** Present photos that failed, with the reason in words (photo error first, else the embedding's). */
export function listErrors(db: Db, modelId?: string, limit = 1000): { path: string; reason: string; folderId: number }[] {
  const model = modelId === undefined ? '' : ' AND e.model_id = @m';
  return db
    .prepare(
      `SELECT p.path AS path, p.folder_id AS folderId,
         COALESCE(p.error, (SELECT MAX(e.error) FROM embeddings e WHERE e.photo_id = p.id AND e.status = 'error'${model}), 'Unknown error') AS reason
       FROM photos p WHERE p.id IN (${failedIds(modelId)}) ORDER BY p.path LIMIT @limit`,
    )
    .all(modelId === undefined ? { limit } : { m: modelId, limit }) as { path: string; reason: string; folderId: number }[];
}

/**
 * Clears the errors of failed present photos (of one folder, or all when null) so they are read and embedded again;
 * returns how many. The caller queues them.
 */
export function clearErrors(db: Db, folderId: number | null): number[] {
  return db
    .transaction(() => {
      const ids = (
        db
          .prepare(
            `SELECT p.id FROM photos p WHERE p.presence = 'present' AND (? IS NULL OR p.folder_id = ?)
           AND (p.error IS NOT NULL OR EXISTS (SELECT 1 FROM embeddings e WHERE e.photo_id = p.id AND e.status = 'error'))`,
          )
          .all(folderId, folderId) as { id: number }[]
      ).map((r) => r.id);
      const json = JSON.stringify(ids);
      db.prepare(`UPDATE photos SET error = NULL WHERE id IN (SELECT value FROM json_each(?))`).run(json);
      db.prepare(`DELETE FROM embeddings WHERE status = 'error' AND photo_id IN (SELECT value FROM json_each(?))`).run(json);
      return ids;
    })
    .immediate();
}

/**
 * Deletes missing photos (with their embeddings and tags) of one folder, or of every folder when `folderId` is
 * null, optionally only those that were at or below `dir`. Only ever run because the person asked. A removed
 * folder's photos are kept for when it comes back. Returns how many were removed.
 */
export function purgeMissing(db: Db, folderId: number | null, dir?: string): number {
  const prefix = dir === undefined ? null : dir.endsWith(sep) ? dir : dir + sep;
  return db
    .prepare(
      `DELETE FROM photos AS p WHERE p.presence = 'missing' AND ${inKeptFolder} AND (? IS NULL OR p.folder_id = ?)
       AND (? IS NULL OR substr(p.path, 1, length(?)) = ?)`,
    )
    .run(folderId, folderId, prefix, prefix, prefix).changes;
}

/**
 * The cameras of present photos, most photos first, named by {@link cameraName}. Read from a partial index
 * (migration 13).
 */
export function listCameras(db: Db): { name: string; photoCount: number }[] {
  const rows = db
    .prepare(
      `SELECT camera_make AS make, camera_model AS model, COUNT(*) AS n FROM photos INDEXED BY photos_camera
       WHERE presence = 'present' AND camera_model IS NOT NULL GROUP BY camera_make, camera_model`,
    )
    .all() as { make: string | null; model: string; n: number }[];
  const byName = new Map<string, number>();
  for (const r of rows) {
    const name = cameraName(r.make, r.model) ?? r.model;
    byName.set(name, (byName.get(name) ?? 0) + r.n);
  }
  return [...byName]
    .map(([name, photoCount]) => ({ name, photoCount }))
    .sort((a, b) => b.photoCount - a.photoCount || a.name.localeCompare(b.name));
}

/** Turns photos by `quarterTurns` × 90° clockwise (negative: counter-clockwise); returns how many changed. */
export function rotatePhotos(db: Db, photoIds: readonly number[], quarterTurns: number): number {
  const degrees = (((quarterTurns % 4) + 4) % 4) * 90;
  return db
    .prepare(`UPDATE photos SET rotation = (rotation + ?) % 360 WHERE id IN (SELECT value FROM json_each(?))`)
    .run(degrees, JSON.stringify(photoIds)).changes;
}
