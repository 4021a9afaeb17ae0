/** The folders table: library roots with their status, watch mode and per-folder photo counts. */
import type { Folder, FolderStatus, WatchMode } from '../../../preload/contract.js';
import type { Db } from './db.js';

/** One folders row, every column in camelCase. */
export interface FolderRow {
  id: number;
  path: string;
  deviceId: string | null;
  status: FolderStatus;
  statusReason: string | null;
  watchMode: WatchMode;
  watchReason: string | null;
  addedAt: number;
  lastScanAt: number | null;
}

/** The folder columns that may change after it was added. */
export type FolderPatch = Partial<Omit<FolderRow, 'id' | 'path' | 'addedAt'>>;

const columnOf: Record<keyof FolderPatch, string> = {
  deviceId: 'device_id',
  status: 'status',
  statusReason: 'status_reason',
  watchMode: 'watch_mode',
  watchReason: 'watch_reason',
  lastScanAt: 'last_scan_at',
};

const rowColumns = `f.id, f.path, f.device_id AS deviceId, f.status, f.status_reason AS statusReason,
  f.watch_mode AS watchMode, f.watch_reason AS watchReason, f.added_at AS addedAt, f.last_scan_at AS lastScanAt`;

/** Folders the person removed are kept (hidden) so the removal can be undone and their photos' tags come back. */
const kept = 'f.removed_at IS NULL';

const folderWithCounts = `SELECT ${rowColumns},
  (SELECT COUNT(*) FROM photos p WHERE p.folder_id = f.id AND p.presence = 'present') AS photoCount,
  (SELECT COUNT(*) FROM photos p WHERE p.folder_id = f.id AND p.presence = 'missing') AS missingCount
  FROM folders f WHERE ${kept}`;

type RowWithCounts = FolderRow & { photoCount: number; missingCount: number };

function toFolder(r: RowWithCounts): Folder {
  return {
    id: r.id,
    path: r.path,
    status: r.status,
    statusReason: r.statusReason,
    watchMode: r.watchMode,
    watchReason: r.watchReason,
    photoCount: r.photoCount,
    missingCount: r.missingCount,
    lastScanAt: r.lastScanAt,
  };
}

/** Adds a library root and returns its id. `path` must be absolute and unique (the library validates it). */
export function insertFolder(db: Db, path: string, deviceId: string | null, now = Date.now()): number {
  const info = db.prepare('INSERT INTO folders (path, device_id, added_at) VALUES (?, ?, ?)').run(path, deviceId, now);
  return Number(info.lastInsertRowid);
}

/** One folders row by id (removed folders excepted), or null. */
export function getFolderRow(db: Db, id: number): FolderRow | null {
  return (db.prepare(`SELECT ${rowColumns} FROM folders f WHERE f.id = ? AND ${kept}`).get(id) as FolderRow | undefined) ?? null;
}

/** Every folders row the library still has, in the order they were added. */
export function listFolderRows(db: Db): FolderRow[] {
  return db.prepare(`SELECT ${rowColumns} FROM folders f WHERE ${kept} ORDER BY f.id`).all() as FolderRow[];
}

/** One folder as the contract shows it (with present and missing photo counts), or null. */
export function getFolder(db: Db, id: number): Folder | null {
  const row = db.prepare(`${folderWithCounts} AND f.id = ?`).get(id) as RowWithCounts | undefined;
  return row ? toFolder(row) : null;
}

/** Every folder as the contract shows it, in the order they were added. */
export function listFolders(db: Db): Folder[] {
  return (db.prepare(`${folderWithCounts} ORDER BY f.id`).all() as RowWithCounts[]).map(toFolder);
}

/** Changes the given columns of one folder. */
export function updateFolder(db: Db, id: number, patch: FolderPatch): void {
  const keys = (Object.keys(patch) as (keyof FolderPatch)[]).filter((k) => patch[k] !== undefined && k in columnOf);
  if (keys.length === 0) return;
  const sets = keys.map((k) => `${columnOf[k]} = ?`).join(', ');
  db.prepare(`UPDATE folders SET ${sets} WHERE id = ?`).run(...keys.map((k) => patch[k]), id);
}

/**
 * Removes a folder from the library without forgetting it: it is hidden, its photos are marked missing and their
 * queued work dropped, while the rows (with tags and embeddings) stay so {@link restoreFolder} or adding the folder
 * again brings them back. Files on disk are never touched. Returns the number of photos hidden, or null when unknown.
 */
export function removeFolder(db: Db, id: number, now = Date.now()): number | null {
  return db
    .transaction(() => {
      if (!getFolderRow(db, id)) return null;
      db.prepare('UPDATE folders SET removed_at = ? WHERE id = ?').run(now, id);
      db.prepare('DELETE FROM jobs WHERE photo_id IN (SELECT id FROM photos WHERE folder_id = ?)').run(id);
      db.prepare('DELETE FROM skipped_files WHERE folder_id = ?').run(id);
      db.prepare(`UPDATE photos SET presence = 'missing', missing_since = COALESCE(missing_since, ?) WHERE folder_id = ?`).run(now, id);
      return (db.prepare('SELECT COUNT(*) AS n FROM photos WHERE folder_id = ?').get(id) as { n: number }).n;
    })
    .immediate();
}

/** Un-hides a removed folder (its photos come back present at its next scan). Returns false when it was not removed. */
export function restoreFolder(db: Db, id: number): boolean {
  return db.prepare('UPDATE folders SET removed_at = NULL WHERE id = ? AND removed_at IS NOT NULL').run(id).changes > 0;
}

/** The id of a removed folder at exactly `path`, so adding it again restores it with its photos and tags. */
export function removedFolderAt(db: Db, path: string): number | null {
  const row = db.prepare('SELECT id FROM folders WHERE path = ? AND removed_at IS NOT NULL').get(path) as { id: number } | undefined;
  return row?.id ?? null;
}
