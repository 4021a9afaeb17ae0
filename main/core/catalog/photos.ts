/** The photos table: the row type, inserts, updates, look-ups, presence marks and relinking. */
import type { Db } from './db.js';
import { cached } from './statements.js';
import { columnOf, photoColumns, type PhotoPatch, type PhotoRow } from './photo-row.js';

export type { Presence, PhotoRow, PhotoPatch } from './photo-row.js';
export { photoColumns } from './photo-row.js';

/** What a new photo needs; everything else starts empty and is filled by the indexer. */
export interface NewPhoto {
  folderId: number;
  path: string;
  size: number;
  mtimeMs: number;
  format: string | null;
  contentHash?: string | null;
}

/** Inserts a present photo and returns its id. */
export function insertPhoto(db: Db, photo: NewPhoto, now = Date.now()): number {
  const info = cached(
    db,
    `INSERT INTO photos (folder_id, path, size, mtime_ms, content_hash, format, added_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(photo.folderId, photo.path, photo.size, Math.round(photo.mtimeMs), photo.contentHash ?? null, photo.format, now, now);
  return Number(info.lastInsertRowid);
}

/** Changes the given columns of one photo (and `updated_at`). Unknown ids change nothing. */
export function updatePhoto(db: Db, id: number, patch: PhotoPatch, now = Date.now()): void {
  const keys = (Object.keys(patch) as (keyof PhotoPatch)[]).filter((k) => patch[k] !== undefined && k in columnOf);
  if (keys.length === 0) return;
  const sets = keys.map((k) => `${columnOf[k]} = ?`).join(', ');
  const values = keys.map((k) => {
    const v = patch[k];
    return k === 'mtimeMs' && typeof v === 'number' ? Math.round(v) : v;
  });
  cached(db, `UPDATE photos SET ${sets}, updated_at = ? WHERE id = ?`).run(...values, now, id);
}

/** One photo by id, or null. */
export function getPhoto(db: Db, id: number): PhotoRow | null {
  return (cached(db, `SELECT ${photoColumns} FROM photos p WHERE p.id = ?`).get(id) as PhotoRow | undefined) ?? null;
}

/** One photo by its absolute path, or null. */
export function getPhotoByPath(db: Db, path: string): PhotoRow | null {
  return (cached(db, `SELECT ${photoColumns} FROM photos p WHERE p.path = ?`).get(path) as PhotoRow | undefined) ?? null;
}

/** Several photos by id (order not guaranteed; unknown ids are left out). */
export function getPhotos(db: Db, ids: readonly number[]): PhotoRow[] {
  const stmt = cached(db, `SELECT ${photoColumns} FROM photos p WHERE p.id = ?`);
  return ids.map((id) => stmt.get(id) as PhotoRow | undefined).filter((r): r is PhotoRow => r !== undefined);
}

/**
 * Photos of any folder that may hold the same content as a file of `size` bytes: rows with this content hash, or
 * (for rows never hashed) with this size and mtime. Indexed look-ups only, however many photos share a size.
 */
export function listSameContent(db: Db, size: number, contentHash: string | null, mtimeMs: number): PhotoRow[] {
  const byHash =
    contentHash === null
      ? []
      : (cached(db, `SELECT ${photoColumns} FROM photos p WHERE p.content_hash = ? AND p.size = ? ORDER BY p.id`).all(
          contentHash,
          size,
        ) as PhotoRow[]);
  const unhashed = cached(
    db,
    `SELECT ${photoColumns} FROM photos p WHERE p.size = ? AND p.mtime_ms = ? AND p.content_hash IS NULL ORDER BY p.id`,
  ).all(size, Math.round(mtimeMs)) as PhotoRow[];
  return [...byHash, ...unhashed];
}

/** Marks photos missing (keeping rows, embeddings and tags); returns how many changed state. */
export function markMissing(db: Db, ids: readonly number[], now = Date.now()): number {
  const stmt = cached(
    db,
    `UPDATE photos SET presence = 'missing', missing_since = ?, updated_at = ? WHERE id = ? AND presence = 'present'`,
  );
  let changed = 0;
  db.transaction(() => {
    for (const id of ids) changed += stmt.run(now, now, id).changes;
  })();
  return changed;
}

/** Marks photos present again; returns how many changed state. */
export function markPresent(db: Db, ids: readonly number[], now = Date.now()): number {
  const stmt = cached(
    db,
    `UPDATE photos SET presence = 'present', missing_since = NULL, updated_at = ? WHERE id = ? AND presence = 'missing'`,
  );
  let changed = 0;
  db.transaction(() => {
    for (const id of ids) changed += stmt.run(now, id).changes;
  })();
  return changed;
}

/** Where a relinked photo now lives. */
export interface RelinkTarget {
  folderId: number;
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * Points an existing photo at a new path (a move or rename): same id, so its embeddings and tags follow.
 * Also marks it present.
 */
export function relinkPhoto(db: Db, id: number, to: RelinkTarget, now = Date.now()): void {
  cached(
    db,
    `UPDATE photos SET folder_id = ?, path = ?, size = ?, mtime_ms = ?, presence = 'present', missing_since = NULL,
       updated_at = ? WHERE id = ?`,
  ).run(to.folderId, to.path, to.size, Math.round(to.mtimeMs), now, id);
}

/**
 * Folds photo `dropId` into `keepId`: `keepId` takes over the other's file (path, folder, size, mtime, hash) and
 * gains its tags, suggestions, embeddings and queued jobs where it has none of its own; `dropId` is deleted. Used
 * when a file was copied somewhere and the original then deleted (a move across drives): the person's photo keeps
 * its id and tags.
 */
export function mergePhotoInto(db: Db, keepId: number, dropId: number, now = Date.now()): void {
  db.transaction(() => {
    const drop = getPhoto(db, dropId);
    if (!drop || keepId === dropId) return;
    cached(
      db,
      `INSERT OR IGNORE INTO photo_tags (photo_id, tag_id, source, score, created_at)
       SELECT ?, tag_id, source, score, created_at FROM photo_tags WHERE photo_id = ?`,
    ).run(keepId, dropId);
    cached(
      db,
      `INSERT OR IGNORE INTO suggestions (photo_id, tag_id, model_id, score, status, updated_at)
       SELECT ?, tag_id, model_id, score, status, updated_at FROM suggestions WHERE photo_id = ?`,
    ).run(keepId, dropId);
    cached(
      db,
      `INSERT OR IGNORE INTO concept_suggestions (photo_id, concept_id, model_id, score, status, updated_at)
       SELECT ?, concept_id, model_id, score, status, updated_at FROM concept_suggestions WHERE photo_id = ?`,
    ).run(keepId, dropId);
    cached(
      db,
      `INSERT OR IGNORE INTO embeddings (photo_id, model_id, status, vector, source_hash, error, updated_at)
       SELECT ?, model_id, status, vector, source_hash, error, updated_at FROM embeddings WHERE photo_id = ?`,
    ).run(keepId, dropId);
    cached(
      db,
      `INSERT OR IGNORE INTO jobs (kind, photo_id, model_id, state, attempts, created_at)
       SELECT kind, ?, model_id, 'queued', 0, created_at FROM jobs WHERE photo_id = ?`,
    ).run(keepId, dropId);
    cached(db, 'DELETE FROM photos WHERE id = ?').run(dropId);
    relinkPhoto(db, keepId, drop, now);
    if (drop.contentHash !== null) updatePhoto(db, keepId, { contentHash: drop.contentHash }, now);
  }).immediate();
}

export { listPhotoPage, photoCounts, listErrors, purgeMissing, missingGroups, clearErrors, listCameras } from './photo-queries.js';
export type { PhotoRowPage, PhotoCounts } from './photo-queries.js';
