/** The skipped_files table: files in library folders that are not indexed (non-photos, or unreadable), with reasons. */
import type { Db } from './db.js';

/**
 * A file (or folder) the library saw and did not index, with the reason in words. `unreadable` marks the ones that
 * could not be read at all (devices, pipes, undecodable names, overlong paths, folders without permission): status
 * lists those one by one, while ordinary non-photos (videos, sidecars) are only counted.
 */
export interface SkippedFile {
  path: string;
  reason: string;
  unreadable?: boolean;
}

/** Records (or updates) skipped files of a folder in one transaction. */
export function upsertSkipped(db: Db, folderId: number, files: readonly SkippedFile[]): void {
  if (files.length === 0) return;
  const stmt = db.prepare(
    `INSERT INTO skipped_files (path, folder_id, reason, unreadable) VALUES (?, ?, ?, ?)
     ON CONFLICT(path) DO UPDATE SET folder_id = excluded.folder_id, reason = excluded.reason, unreadable = excluded.unreadable`,
  );
  db.transaction(() => {
    for (const f of files) stmt.run(f.path, folderId, f.reason, f.unreadable ? 1 : 0);
  })();
}

/** Forgets skipped files by path; returns how many rows went. */
export function removeSkipped(db: Db, paths: readonly string[]): number {
  const stmt = db.prepare('DELETE FROM skipped_files WHERE path = ?');
  let removed = 0;
  db.transaction(() => {
    for (const p of paths) removed += stmt.run(p).changes;
  })();
  return removed;
}

/** Forgets skipped files at or below a directory (for a deleted sub-folder); returns how many rows went. */
export function removeSkippedUnder(db: Db, dir: string, sep: string): number {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  return db.prepare(`DELETE FROM skipped_files WHERE path = ? OR substr(path, 1, ?) = ?`).run(dir, prefix.length, prefix).changes;
}

/** Paths of the skipped files recorded for a folder. */
export function listSkippedPaths(db: Db, folderId: number): string[] {
  return (db.prepare('SELECT path FROM skipped_files WHERE folder_id = ?').all(folderId) as { path: string }[]).map((r) => r.path);
}

/** The skipped files and folders that could not be read, with their reasons, by path (at most `limit`). */
export function listUnreadable(db: Db, limit = 1000): SkippedFile[] {
  return db.prepare('SELECT path, reason FROM skipped_files WHERE unreadable = 1 ORDER BY path LIMIT ?').all(limit) as SkippedFile[];
}
